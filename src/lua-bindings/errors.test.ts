import { lauxlib, lua, to_jsstring } from "fengari";
import { describe, expect, it } from "vitest";
import { luaFunction, messageOf } from "./errors";
import { closeState, createState } from "./open";
import { LuaRunError, runLua } from "./run-lua";

const { lua_pushcfunction, lua_setglobal, lua_tostring } = lua;
const { luaL_checkinteger } = lauxlib;

// A state with global JS functions that fail in various ways.
function stateWithThrowers() {
  const L = createState();
  const fns = {
    typed: luaFunction(() => {
      throw new TypeError("cannot convert 'table' to 'int'");
    }),
    odd: luaFunction(() => {
      throw 42;
    }),
    deep: luaFunction(() => {
      const recurse = (n: number): number => recurse(n + 1) + 1;
      return recurse(0);
    }),
    checks: luaFunction((L) => {
      lua.lua_pushinteger(L, 2 * lua.lua_tointeger(L, 1) + luaL_checkinteger(L, 2));
      return 1;
    }),
  };
  for (const [name, f] of Object.entries(fns)) {
    lua_pushcfunction(L, f);
    lua_setglobal(L, name);
  }
  return L;
}

function evalString(L: ReturnType<typeof createState>, code: string): string {
  runLua(L, code, "=test");
  const s = to_jsstring(lua_tostring(L, -1)!);
  lua.lua_pop(L, 1);
  return s;
}

describe("errors: JS exceptions become Lua errors", () => {
  it("carries a thrown error's message, with the Lua position", () => {
    const L = stateWithThrowers();
    expect(evalString(L, "return select(2, pcall(typed))")).toBe("cannot convert 'table' to 'int'");
    expect(evalString(L, "local ok, e = pcall(function() typed() end) return e")).toBe(
      "test:1: cannot convert 'table' to 'int'",
    );
    closeState(L);
  });

  it("handles non-Error throws and JS stack exhaustion", () => {
    const L = stateWithThrowers();
    expect(evalString(L, "return select(2, pcall(odd))")).toBe("42");
    expect(evalString(L, "return select(2, pcall(deep))")).toBe("stack overflow");
    closeState(L);
  });

  it("lets fengari's own Lua errors through untouched", () => {
    const L = stateWithThrowers();
    expect(evalString(L, "return tostring(checks(1, 2))")).toBe("4");
    expect(evalString(L, "return select(2, pcall(checks, 1, {}))")).toBe(
      "bad argument #2 to 'checks' (number expected, got table)",
    );
    closeState(L);
  });

  it("keeps the state usable and reports uncaught errors with a traceback", () => {
    const L = stateWithThrowers();
    let caught: unknown;
    try {
      runLua(L, "local function f() typed() end\nf()", "@script.lua");
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(LuaRunError);
    expect((caught as LuaRunError).message).toBe("script.lua:1: cannot convert 'table' to 'int'");
    expect((caught as LuaRunError).traceback).toMatch(/^stack traceback:\n/);
    expect((caught as LuaRunError).traceback).toContain("script.lua:2");
    expect(evalString(L, "return 'still alive'")).toBe("still alive");
    closeState(L);
  });

  it("works inside coroutines", () => {
    const L = stateWithThrowers();
    expect(
      evalString(
        L,
        "local co = coroutine.wrap(function() coroutine.yield(1) typed() end) co() return select(2, pcall(co))",
      ),
    ).toContain("cannot convert 'table' to 'int'");
    closeState(L);
  });

  it("messageOf", () => {
    expect(messageOf(new Error("x"))).toBe("x");
    expect(messageOf("s")).toBe("s");
  });
});
