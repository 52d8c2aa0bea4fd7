// Test-only Lua module `lua-tests.fixtures`, preloaded into the states the Lua test driver
// creates: objects the scripts cannot build from Lua alone until cdata exist.
import { lauxlib, lua, type lua_State } from "fengari";
import { enableMixedEquality, luaFunction } from "../src/lua-bindings";

const {
  LUA_REGISTRYINDEX,
  lua_newuserdata,
  lua_pushcfunction,
  lua_pushvalue,
  lua_setfield,
  lua_setmetatable,
} = lua;
const { LUA_PRELOAD_TABLE, luaL_checktype, luaL_getsubtable, luaL_newlib } = lauxlib;

// mixed_userdata(eq [, plain]): a new userdata whose __eq is `eq`; it takes part in mixed-type
// equality unless `plain` is true.
const mixedUserdata = luaFunction((L) => {
  luaL_checktype(L, 1, lua.LUA_TFUNCTION);
  const plain = lua.lua_toboolean(L, 2);
  lua_newuserdata(L, 0);
  lua.lua_createtable(L, 0, 1);
  lua_pushvalue(L, 1);
  lua_setfield(L, -2, "__eq");
  if (!plain) enableMixedEquality(L, -1);
  lua_setmetatable(L, -2);
  return 1;
});

// light_userdata(): a light userdata (a host object, as a host would push one).
const lightUserdata = luaFunction((L) => {
  lua.lua_pushlightuserdata(L, {});
  return 1;
});

// Adds `lua-tests.fixtures` to package.preload of L.
export function addFixtures(L: lua_State): void {
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  lua_pushcfunction(
    L,
    luaFunction((L) => {
      luaL_newlib(L, { mixed_userdata: mixedUserdata, light_userdata: lightUserdata });
      return 1;
    }),
  );
  lua_setfield(L, -2, "lua-tests.fixtures");
  lua.lua_pop(L, 1);
}
