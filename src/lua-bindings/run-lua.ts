// Running Lua source in a state from JS, with the error message and a traceback on failure:
// used by the CLI and by tests.
import { lauxlib, lua, type lua_State, to_jsstring, to_luastring } from "fengari";

const {
  LUA_MULTRET,
  LUA_OK,
  lua_gettop,
  lua_pcall,
  lua_pushcfunction,
  lua_pushstring,
  lua_remove,
  lua_settop,
} = lua;
const { lua_tostring } = lua;
const { luaL_loadbuffer, luaL_tolstring, luaL_traceback } = lauxlib;

/** A Lua error raised while loading or running a chunk, with the Lua traceback. */
export class LuaRunError extends Error {
  constructor(
    message: string,
    readonly traceback: string,
  ) {
    super(message);
    this.name = "LuaRunError";
  }
}

// Message handler: turns the error value into its message plus a traceback, as lua.c does.
function traceback(L: lua_State): number {
  const msg = lua_tostring(L, 1) ?? luaL_tolstring(L, 1);
  luaL_traceback(L, L, msg, 1);
  return 1;
}

// Loads `source` as a chunk named `chunkname`, calls it with `args` (strings), and returns
// the number of results left on the stack; throws LuaRunError on a syntax or runtime error.
export function runLua(
  L: lua_State,
  source: string | Uint8Array,
  chunkname: string,
  args: readonly string[] = [],
): number {
  const base = lua_gettop(L);
  lua_pushcfunction(L, traceback);
  const code = typeof source === "string" ? to_luastring(source) : source;
  let status = luaL_loadbuffer(L, code, code.length, to_luastring(chunkname));
  if (status === LUA_OK) {
    for (const a of args) lua_pushstring(L, a);
    status = lua_pcall(L, args.length, LUA_MULTRET, base + 1);
  }
  if (status !== LUA_OK) {
    const full = to_jsstring(lua_tostring(L, -1) ?? luaL_tolstring(L, -1));
    lua_settop(L, base);
    const cut = full.indexOf("\nstack traceback:");
    throw new LuaRunError(cut < 0 ? full : full.slice(0, cut), cut < 0 ? "" : full.slice(cut + 1));
  }
  lua_remove(L, base + 1);
  return lua_gettop(L) - base;
}
