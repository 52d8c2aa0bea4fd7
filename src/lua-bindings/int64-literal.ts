// LuaJIT's 64-bit integer literals in Lua source: `42LL`, `0x2aULL`, `1llu` (case-insensitive
// suffixes LL, ULL, LLU on a decimal or hex integer below 2^64; the value wraps into int64 for LL).
//
// The patched fengari lexer (patches/patch-fengari.cjs) scans the letters after a numeral when
// the state has a literal hook, asks the hook to push the constant, and stores it among the
// function's constants, so `local x = 1LL` costs nothing at run time. Without a hook the lexer
// behaves as stock fengari (`1LL` is a syntax error). The hook's `push` builds the value: an
// int64 / uint64 cdata.
import { type LuaString, type lua_State, to_jsstring } from "fengari";
import { toInt64Type, UINT64_MAX } from "./int64-arith";

const HOOK = Symbol.for("fengari-ffi.int64-literal");

const LITERAL = /^(0x[0-9a-f]+|[0-9]+)(ll|ull|llu)$/i;

/** A parsed 64-bit literal: its value, canonical for its type. */
export interface Int64Literal {
  readonly value: bigint;
  readonly unsigned: boolean;
}

// Parses the text of a numeral with a 64-bit suffix as LuaJIT's lexer does; null if malformed.
export function parseInt64Literal(text: string): Int64Literal | null {
  const m = LITERAL.exec(text);
  if (m === null) return null;
  const value = BigInt(m[1]!);
  if (value > UINT64_MAX) return null;
  const unsigned = m[2]!.toLowerCase() !== "ll";
  return { value: toInt64Type(value, unsigned), unsigned };
}

// Makes the lexer of every later chunk loaded into L's state accept 64-bit literals; `push`
// pushes the Lua value of one literal onto L's stack.
export function setInt64LiteralHook(L: lua_State, push: (L: lua_State, literal: Int64Literal) => void): void {
  const hook = (L: lua_State, text: LuaString): boolean => {
    const literal = parseInt64Literal(to_jsstring(text));
    if (literal === null) return false;
    push(L, literal);
    return true;
  };
  (L.l_G as Record<symbol, unknown>)[HOOK] = hook;
}
