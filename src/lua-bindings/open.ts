// Opening the ffi library into a lua_State: the per-state FfiState, and loaders for `ffi`,
// `bit` and `jit` in package.preload so that require() finds them, and (unless the host says
// otherwise) the global `bit`, as in LuaJIT.
import { lauxlib, lua, type lua_CFunction, type lua_State, lualib, to_luastring } from "fengari";
import { bitLibrary } from "./bit-lib";
import { CData } from "./cdata";
import { pushCData } from "./cdata-stack";
import { luaFunction } from "./errors";
import { assertFengariPatched } from "./fengari-patch";
import { pushFfiLibrary } from "./ffi-lib";
import { setInt64LiteralHook } from "./int64-literal";
import { pushJitLibrary } from "./jit-lib";
import { type FfiOptions, findFfiState, installFfiState } from "./state";
import { VERSION } from "./version";

const { LUA_REGISTRYINDEX, lua_close, lua_pop, lua_pushcfunction, lua_setfield } = lua;
const { LUA_PRELOAD_TABLE, luaL_getsubtable, luaL_newlib, luaL_newstate, luaL_requiref } = lauxlib;
const { luaL_openlibs } = lualib;

/**
 * Opens the ffi library in `L`: afterwards `require("ffi")`, `require("bit")` and
 * `require("jit")` work in it, and the global `bit` is set (unless `options.globals` is
 * false). The state gets its own ffi data (declarations, library
 * namespaces, callbacks), shared by its coroutines and by nothing else.
 * @throws Error if fengari lacks fengari-ffi's equality patch, or the library is already open in `L`.
 */
export function openFfi(L: lua_State, options?: FfiOptions): void {
  assertFengariPatched();
  const state = installFfiState(L, options);
  const loaders: Record<string, lua_CFunction> = {
    ffi: luaFunction((L) => {
      pushFfiLibrary(L, state);
      return 1;
    }),
    bit: luaFunction((L) => {
      luaL_newlib(L, bitLibrary(state));
      return 1;
    }),
    jit: luaFunction((L) => {
      pushJitLibrary(L, `fengari-ffi ${VERSION}`);
      return 1;
    }),
  };
  luaL_getsubtable(L, LUA_REGISTRYINDEX, LUA_PRELOAD_TABLE);
  for (const [name, loader] of Object.entries(loaders)) {
    lua_pushcfunction(L, loader);
    lua_setfield(L, -2, name);
  }
  lua_pop(L, 1);
  if (options?.globals ?? true) {
    // through require, so that the global and require("bit") are the same table
    luaL_requiref(L, to_luastring("bit"), loaders.bit!, true);
    lua_pop(L, 1);
  }
  // LuaJIT's 64-bit literals (`1LL`) may appear in a chunk loaded before require("ffi"), as
  // in LuaJIT: the first one builds the cdata metatable (and the cdata-aware type/tonumber).
  setInt64LiteralHook(L, (L, { value, unsigned }) => {
    if (state.cdataMetatable === null) {
      pushFfiLibrary(L, state);
      lua_pop(L, 1);
    }
    const ids = state.reg.ids;
    pushCData(L, state, new CData(state.reg.get(unsigned ? ids.uint64 : ids.int64), value));
  });
}

/** A new fengari `lua_State` with the standard libraries and the ffi library open. */
export function createState(options?: FfiOptions): lua_State {
  const L = luaL_newstate();
  luaL_openlibs(L);
  openFfi(L, options);
  return L;
}

/**
 * Closes a state: runs what the ffi library still has to do (remaining `ffi.gc` finalizers),
 * then closes the Lua state. Use it instead of `lua_close` for states with the ffi library.
 */
export function closeState(L: lua_State): void {
  try {
    findFfiState(L)?.close();
  } finally {
    lua_close(L);
  }
}
