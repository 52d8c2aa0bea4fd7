import { lauxlib, lua, lualib, to_jsstring } from "fengari";
import { describe, expect, it } from "vitest";
import { runLuajit } from "../../lua-tests/luajit";
import { int64ToString } from "./int64-arith";
import { parseInt64Literal, setInt64LiteralHook } from "./int64-literal";
import { closeState, createState } from "./open";
import { LuaRunError, runLua } from "./run-lua";

// A state whose literal hook pushes a stand-in for the cdata: a table { text = "42LL" } with a
// __tostring, so that scripts can print it.
function stateWithLiterals() {
  const L = createState();
  runLua(L, "LITERAL_MT = { __tostring = function(t) return t.text end }", "=setup");
  setInt64LiteralHook(L, (L, { value, unsigned }) => {
    lua.lua_createtable(L, 0, 1);
    lua.lua_pushstring(L, int64ToString(value, unsigned));
    lua.lua_setfield(L, -2, "text");
    lua.lua_getglobal(L, "LITERAL_MT");
    lua.lua_setmetatable(L, -2);
  });
  return L;
}

// Loads and runs `source`; returns what it returned (as a string) or the error message.
function evaluate(L: ReturnType<typeof createState>, source: string): string {
  try {
    runLua(L, source, "=stdin");
    const s = to_jsstring(lua.lua_tostring(L, -1) ?? new Uint8Array());
    lua.lua_settop(L, 0);
    return s;
  } catch (e) {
    if (e instanceof LuaRunError) return e.message;
    throw e;
  }
}

const LITERALS = [
  "1LL",
  "1ll",
  "1uLL",
  "1LLu",
  "1Ull",
  "0X1fLL",
  "00012LL",
  "0x7fffffffffffffffLL",
  "0x8000000000000000LL",
  "0xffffffffffffffffLL",
  "0xffffffffffffffffULL",
  "9223372036854775807LL",
  "9223372036854775808LL",
  "18446744073709551615LL",
  "18446744073709551615ULL",
  "18446744073709551616ULL",
  "0x10000000000000000ULL",
  "1.0LL",
  "1e3LL",
  "1U",
  "1L",
  "1LLL",
  "1ULLU",
  "1LLx",
  "0x1p4LL",
];

describe("64-bit literals", () => {
  it.each([
    ["42LL", 42n, false],
    ["0x2aULL", 42n, true],
    ["0xffffffffffffffffLL", -1n, false],
    ["18446744073709551615ull", 18446744073709551615n, true],
    ["1LLU", 1n, true],
  ] as const)("parses %s", (text, value, unsigned) => {
    expect(parseInt64Literal(text)).toEqual({ value, unsigned });
  });

  it.each([
    "1",
    "1L",
    "1U",
    "1.5LL",
    "1e3LL",
    "0x1p4LL",
    "18446744073709551616ULL",
    "LL",
    "0xLL",
  ])("rejects %s", (text) => {
    expect(parseInt64Literal(text)).toBeNull();
  });

  it("become constants through the state's hook", () => {
    const L = stateWithLiterals();
    expect(evaluate(L, "return tostring(0x10ULL)")).toBe("16ULL");
    expect(evaluate(L, "local t = {} for i = 1, 3 do t[i] = 5LL end return tostring(t[1] == t[3])")).toBe(
      "true",
    );
    expect(evaluate(L, "return tostring(-(1LL) == nil)")).toContain("attempt to perform arithmetic");
    expect(evaluate(L, "return 1LLx")).toBe("stdin:1: malformed number near '1LLx'");
    expect(evaluate(L, "local x = {a 1LL}")).toContain("'}' expected");
    expect(evaluate(L, "return tostring(1 .. 2)")).toBe("12");
    expect(evaluate(L, "return tostring(0x10 + 1.5e1 + 3)")).toBe("34.0");
    closeState(L);
  });

  it("are a syntax error as in stock Lua when the state has no hook", () => {
    const L = lauxlib.luaL_newstate();
    lualib.luaL_openlibs(L);
    expect(evaluate(L, "return 1LL")).toBe("stdin:1: <eof> expected near 'LL'");
    expect(evaluate(L, "local x = 1local y = 2 return tostring(x + y)")).toBe("3");
    lua.lua_close(L);
  });

  it("are int64 / uint64 cdata in a state with the ffi library, before require('ffi') too", () => {
    const L = createState();
    expect(evaluate(L, "return tostring(1LL) .. ' ' .. type(0x10ULL)")).toBe("1LL cdata");
    expect(evaluate(L, "return tostring(-1LL + 2)")).toBe("1LL");
    closeState(L);
  });
});

describe("64-bit literals against LuaJIT", () => {
  it.each(LITERALS)("%s", (text) => {
    const L = stateWithLiterals();
    const ours = evaluate(L, `return tostring(${text})`);
    closeState(L);
    let theirs: string;
    try {
      theirs = runLuajit(`io.write(tostring(${text}))`);
    } catch (e) {
      theirs = String((e as { stderr?: string }).stderr ?? e)
        .trim()
        .replace(/^.*?luajit: /, "");
    }
    expect(ours).toBe(theirs);
  });
});
