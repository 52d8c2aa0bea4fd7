// Running Lua source in a state from JS, with the error message and a traceback on failure, and
// the other pieces of the standalone interpreter (lua.c): used by the CLI and by tests.
import { lauxlib, lua, type lua_State, to_jsstring, to_luastring } from "fengari";
import { luaFunction } from "./errors";

const { LUA_MULTRET, LUA_OK, LUA_TSTRING, lua_createtable, lua_gettop, lua_pcall, lua_pushcfunction } = lua;
const { lua_pushfstring, lua_pushstring, lua_rawseti, lua_remove, lua_setglobal, lua_settop, lua_tostring } =
  lua;
const { lua_type } = lua;
const { luaL_callmeta, luaL_loadbuffer, luaL_tolstring, luaL_traceback, luaL_typename } = lauxlib;

const TOSTRING = to_luastring("__tostring");
const ERROR_OBJECT = to_luastring("(error object is a %s value)");

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

// Message handler, as lua.c's msghandler: the error message plus a traceback; an error object
// that is not a string is described by its __tostring (without traceback) or its type.
const traceback = luaFunction((L) => {
  let msg = lua_tostring(L, 1);
  if (msg === null) {
    if (luaL_callmeta(L, 1, TOSTRING) && lua_type(L, -1) === LUA_TSTRING) return 1;
    msg = lua_pushfstring(L, ERROR_OBJECT, luaL_typename(L, 1));
  }
  luaL_traceback(L, L, msg, 1);
  return 1;
});

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

// Sets the global `arg` as lua.c does: argv[script] at index 0, the interpreter and its options
// at negative indices, the script's arguments at 1, 2, ... (`script` = argv.length: no script).
export function setArgTable(L: lua_State, argv: readonly string[], script: number): void {
  if (script === argv.length) script = 0;
  lua_createtable(L, argv.length - script - 1, script + 1);
  argv.forEach((a, i) => {
    lua_pushstring(L, a);
    lua_rawseti(L, -2, i - script);
  });
  lua_setglobal(L, "arg");
}

// `require(name)` and store the result in the global `name`, as `lua -l name` does.
export function requireGlobal(L: lua_State, name: string): void {
  runLua(L, "local name = ...\n_G[name] = require(name)", "=(command line)", [name]);
}
