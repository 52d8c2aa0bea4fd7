import { lauxlib, lua } from "fengari";
import { describe, expect, it } from "vitest";
import { luaFunction } from "./errors";
import { FENGARI_PATCH_ID } from "./fengari-patch";
import { enableMixedEquality } from "./mixed-equality";
import { closeState, createState } from "./open";
import { runLua } from "./run-lua";

const {
  lua_newuserdata,
  lua_pushboolean,
  lua_pushvalue,
  lua_setfield,
  lua_setglobal,
  lua_setmetatable,
  lua_toboolean,
} = lua;
const { luaL_newlib } = lauxlib;

// A state with two userdata globals whose __eq answers `u.eqValue == other`:
// `u` is opted in to mixed equality, `plain` is not (Lua 5.3 rules).
function stateWithUserdata() {
  const L = createState();
  for (const [name, mixed] of [
    ["u", true],
    ["plain", false],
  ] as const) {
    lua_newuserdata(L, 0);
    luaL_newlib(L, {
      // Equal to the number 5, to nil and to itself; records the operand order in `lastEq`.
      __eq: luaFunction((L) => {
        const a = lua.lua_type(L, 1);
        const b = lua.lua_type(L, 2);
        lua.lua_pushstring(L, `${a},${b}`);
        lua_setglobal(L, "lastEq");
        const other = a === lua.LUA_TUSERDATA ? 2 : 1;
        const t = lua.lua_type(L, other);
        lua_pushboolean(
          L,
          t === lua.LUA_TNIL ||
            (t === lua.LUA_TNUMBER && lua.lua_tonumber(L, other) === 5) ||
            lua.lua_rawequal(L, 1, 2),
        );
        return 1;
      }),
    });
    if (mixed) enableMixedEquality(L, -1);
    lua_setmetatable(L, -2);
    lua_setglobal(L, name);
  }
  return L;
}

function check(L: ReturnType<typeof createState>, expr: string): boolean {
  runLua(L, `return ${expr}`, "=check");
  const r = lua_toboolean(L, -1);
  lua.lua_pop(L, 1);
  return r;
}

describe("mixed-type equality (fengari patch)", () => {
  it("is installed", async () => {
    const lvm = await import("fengari/src/lvm.js");
    expect(lvm.FENGARI_FFI_PATCH).toBe(FENGARI_PATCH_ID);
  });

  it.each([
    ["u == nil", true],
    ["nil == u", true],
    ["u ~= nil", false],
    ["u == 5", true],
    ["5 == u", true],
    ["u == 5.0", true],
    ["u ~= 5", false],
    ["u == 6", false],
    ["u ~= 6", true],
    ["u == 'x'", false],
    ["u == true", false],
    ["u == u", true],
    ["u == {}", false],
    ["u == print", false],
    ["u == plain", false],
  ])("opted-in userdata: %s is %s", (expr, want) => {
    const L = stateWithUserdata();
    expect(check(L, expr)).toBe(want);
    closeState(L);
  });

  it("passes the operands in source order", () => {
    const L = stateWithUserdata();
    const tu = lua.LUA_TUSERDATA;
    const tn = lua.LUA_TNUMBER;
    check(L, "u == 5");
    expect(check(L, `lastEq == "${tu},${tn}"`)).toBe(true);
    check(L, "5 == u");
    expect(check(L, `lastEq == "${tn},${tu}"`)).toBe(true);
    closeState(L);
  });

  it.each([
    ["plain == nil", false],
    ["nil == plain", false],
    ["plain == 5", false],
    ["plain ~= 5", true],
    ["rawequal(u, nil)", false],
    ["setmetatable({}, {__eq = function() return true end}) == 1", false],
    [
      "setmetatable({}, {__eq = function() return true end}) == setmetatable({}, {__eq = function() return true end})",
      true,
    ],
    ["1 == 1.0", true],
    ["1 == '1'", false],
    ["nil == false", false],
    ["{} == {}", false],
    ["io.stdout == nil", false],
  ])("Lua 5.3 semantics elsewhere: %s is %s", (expr, want) => {
    const L = stateWithUserdata();
    expect(check(L, expr)).toBe(want);
    closeState(L);
  });

  it("goes through lua_compare too, but not lua_rawequal", () => {
    const L = stateWithUserdata();
    lua.lua_getglobal(L, "u");
    lua.lua_pushnil(L);
    expect(lua.lua_compare(L, -2, -1, lua.LUA_OPEQ)).toBe(1);
    expect(lua.lua_rawequal(L, -2, -1)).toBe(0);
    closeState(L);
  });

  it("an error in __eq propagates as a Lua error", () => {
    const L = createState();
    lua_newuserdata(L, 0);
    luaL_newlib(L, {
      __eq: luaFunction(() => {
        throw new Error("boom");
      }),
    });
    enableMixedEquality(L, -1);
    lua_pushvalue(L, -1);
    lua_setfield(L, -2, "__index");
    lua_setmetatable(L, -2);
    lua_setglobal(L, "u");
    expect(
      check(
        L,
        "not pcall(function() return u == 1 end) and select(2, pcall(function() return u == 1 end)):find('boom') ~= nil",
      ),
    ).toBe(true);
    closeState(L);
  });
});
