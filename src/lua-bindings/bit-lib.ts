// LuaJIT's `bit` module (lib_bit.c) on Lua numbers, with its 32-bit semantics: arguments are
// normalised with tobit (round to nearest, wrap modulo 2^32), results are signed 32-bit
// integers, shift and rotate counts are masked with 31.
//
// A 64-bit integer cdata among the arguments switches an operation to 64 bits, as in LuaJIT's
// FFI build (lj_carith_check64): uint64 if any cdata argument is a uint64, else int64; the
// result is a boxed 64-bit cdata, shift and rotate counts are masked with 63 (int64-arith.ts has
// the operations). band / bor / bxor then convert every argument to that type; the other
// functions take their type from their first argument only.
import { lauxlib, lua, type lua_CFunction, type lua_State } from "fengari";
import { FfiError } from "../ctype";
import { CData } from "./cdata";
import { pushCData, toCData } from "./cdata-stack";
import { toScalar, valueType } from "./convert";
import { argError, luaFunction } from "./errors";
import { bswap64, numberToInt64Type, rol64, ror64, sar64, shl64, shr64, tohex64 } from "./int64-arith";
import type { FfiState } from "./state";

const { LUA_TSTRING, lua_gettop, lua_isnumber, lua_pushinteger, lua_pushstring, lua_tonumber, lua_type } =
  lua;
const { luaL_checknumber } = lauxlib;

// lj_num2bit: adding 2^52 + 2^51 moves the integer part into the low word of the double,
// rounded to nearest even, and the low word is the value modulo 2^32 (0 for NaN and infinities).
const scratch = new Float64Array(1);
const scratchWords = new Int32Array(scratch.buffer);
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

// LuaJIT's bit.tobit on a double.
export function toBit(n: number): number {
  scratch[0] = n + 6755399441055744.0;
  return scratchWords[LOW_WORD]!;
}

// bit.tohex on a 32-bit value: `n` hex digits (default 8), upper case for negative `n`, at most
// 254 digits, 0 digits give "".
export function tohex32(x: number, n = 8): string {
  let upper = false;
  if (n < 0) [n, upper] = [-n, true];
  if (n > 254) n = 254;
  if (n === 0) return "";
  let u = x >>> 0;
  if (n < 8) u &= 2 ** (4 * n) - 1;
  const digits = u.toString(16).padStart(n, "0");
  return upper ? digits.toUpperCase() : digits;
}

function checkBit(L: lua_State, arg: number): number {
  return toBit(luaL_checknumber(L, arg));
}

/** The 64-bit type an operation runs in: none yet (32-bit), int64 or uint64. */
interface Width {
  type: "none" | "int64" | "uint64";
}

/** Whether argument `arg` is a number cdata (the ones that switch to 64 bits). */
function isCDataArg(L: lua_State, arg: number): boolean {
  const cd = toCData(L, arg);
  return cd !== undefined && !cd.isCtype;
}

/** Converts argument `arg` to the 64-bit type `type`, errors worded as argument errors. */
function toWidth(L: lua_State, st: FfiState, arg: number, type: "int64" | "uint64"): bigint {
  // a numeric string is the number it spells (LuaJIT's check rewrites it in place)
  if (lua_type(L, arg) === LUA_TSTRING && lua_isnumber(L, arg)) {
    return numberToInt64Type(lua_tonumber(L, arg), type === "uint64");
  }
  try {
    return toScalar(L, st, arg, st.reg.get(st.reg.ids[type]), false, undefined) as bigint;
  } catch (e) {
    if (e instanceof FfiError) return argError(L, arg, e.message);
    throw e;
  }
}

/**
 * lj_carith_check64: argument `arg` as 64 bits. A cdata sets the width (uint64 wins) and is
 * converted to it; a number is tobit'd and zero-extended.
 */
function check64(L: lua_State, st: FfiState, arg: number, width: Width): bigint {
  if (!isCDataArg(L, arg)) return BigInt(checkBit(L, arg) >>> 0);
  const cd = toCData(L, arg)!;
  const t = valueType(st.reg, cd.t);
  if (t.kind === "int" && t.size === 8 && t.unsigned) width.type = "uint64";
  else if (width.type === "none") width.type = "int64";
  return toWidth(L, st, arg, width.type);
}

/** Pushes a 64-bit result, wrapped into its type's range. */
function pushResult64(L: lua_State, st: FfiState, type: "int64" | "uint64", v: bigint): number {
  const value = type === "uint64" ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v);
  pushCData(L, st, new CData(st.reg.get(st.reg.ids[type]), value));
  return 1;
}

// band / bor / bxor: one or more arguments folded with `op`.
function fold(
  st: FfiState | undefined,
  op: (a: number, b: number) => number,
  op64: (a: bigint, b: bigint) => bigint,
): lua_CFunction {
  return luaFunction((L) => {
    const top = lua_gettop(L);
    if (st !== undefined) {
      const width: Width = { type: "none" };
      for (let i = 1; i <= Math.max(top, 1); i++) check64(L, st, i, width);
      if (width.type !== "none") {
        let acc = toWidth(L, st, 1, width.type);
        for (let i = 2; i <= top; i++) acc = op64(acc, toWidth(L, st, i, width.type));
        return pushResult64(L, st, width.type, acc);
      }
    }
    let acc = checkBit(L, 1);
    for (let i = 2; i <= top; i++) acc = op(acc, checkBit(L, i));
    lua_pushinteger(L, acc);
    return 1;
  });
}

function unary(
  st: FfiState | undefined,
  op: (a: number) => number,
  op64: (a: bigint, unsigned: boolean) => bigint,
): lua_CFunction {
  return luaFunction((L) => {
    if (st !== undefined && isCDataArg(L, 1)) {
      const width: Width = { type: "none" };
      const x = check64(L, st, 1, width);
      if (width.type !== "none") return pushResult64(L, st, width.type, op64(x, width.type === "uint64"));
    }
    lua_pushinteger(L, op(checkBit(L, 1)));
    return 1;
  });
}

function shift(
  st: FfiState | undefined,
  op: (a: number, n: number) => number,
  op64: (a: bigint, n: number, unsigned: boolean) => bigint,
): lua_CFunction {
  return luaFunction((L) => {
    if (st !== undefined && (isCDataArg(L, 1) || isCDataArg(L, 2))) {
      const width: Width = { type: "none" };
      const x = check64(L, st, 1, width);
      const n = Number(BigInt.asIntN(32, check64(L, st, 2, { type: "none" })));
      if (width.type !== "none")
        return pushResult64(L, st, width.type, op64(x, n & 63, width.type === "uint64"));
      lua_pushinteger(L, op(Number(BigInt.asIntN(32, x)), n & 31));
      return 1;
    }
    const a = checkBit(L, 1);
    lua_pushinteger(L, op(a, checkBit(L, 2) & 31));
    return 1;
  });
}

// The functions of the `bit` table; with the state's ffi data, they accept 64-bit cdata.
export function bitLibrary(st?: FfiState): Record<string, lua_CFunction> {
  return {
    tobit: luaFunction((L) => {
      if (st !== undefined && isCDataArg(L, 1)) {
        lua_pushinteger(L, Number(BigInt.asIntN(32, check64(L, st, 1, { type: "none" }))));
        return 1;
      }
      lua_pushinteger(L, checkBit(L, 1));
      return 1;
    }),
    bnot: unary(
      st,
      (a) => ~a,
      (a) => ~a,
    ),
    bswap: unary(
      st,
      (a) => (a << 24) | ((a & 0xff00) << 8) | ((a >>> 8) & 0xff00) | (a >>> 24) | 0,
      (a, u) => bswap64(a, u),
    ),
    band: fold(
      st,
      (a, b) => a & b,
      (a, b) => a & b,
    ),
    bor: fold(
      st,
      (a, b) => a | b,
      (a, b) => a | b,
    ),
    bxor: fold(
      st,
      (a, b) => a ^ b,
      (a, b) => a ^ b,
    ),
    lshift: shift(st, (a, n) => a << n, shl64),
    rshift: shift(st, (a, n) => (a >>> n) | 0, shr64),
    arshift: shift(st, (a, n) => a >> n, sar64),
    rol: shift(st, (a, n) => (a << n) | (a >>> (32 - n)), rol64),
    ror: shift(st, (a, n) => (a >>> n) | (a << (32 - n)), ror64),
    tohex: luaFunction((L) => {
      if (st !== undefined && (isCDataArg(L, 1) || isCDataArg(L, 2))) {
        const width: Width = { type: "none" };
        const x = check64(L, st, 1, width);
        const none = lua_gettop(L) < 2;
        const n = none
          ? width.type !== "none"
            ? 16
            : 8
          : Number(BigInt.asIntN(32, check64(L, st, 2, { type: "none" })));
        lua_pushstring(L, width.type !== "none" ? tohex64(x, n) : tohex32(Number(x), n));
        return 1;
      }
      const x = checkBit(L, 1);
      lua_pushstring(L, tohex32(x, lua_gettop(L) >= 2 ? checkBit(L, 2) : 8));
      return 1;
    }),
  };
}
