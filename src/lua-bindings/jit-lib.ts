// A `jit` module for code written for LuaJIT that calls jit.on/off/flush around FFI callbacks
// (fengari has no JIT, so they have nothing to do) or reads jit.os / jit.arch.
import { lauxlib, lua, type lua_State } from "fengari";
import { luaFunction } from "./errors";
import { ffiArch, ffiOs } from "./ffi-lib";

const { lua_pushboolean, lua_pushstring, lua_setfield } = lua;
const { luaL_newlib } = lauxlib;

const nothing = luaFunction(() => 0);

// Pushes a new `jit` table: on/off/flush/attach and opt.start do nothing, status() is false
// (no JIT compiler). `if jit then jit.opt.start(...) end` is a common LuaJIT idiom.
export function pushJitLibrary(L: lua_State, version: string): void {
  luaL_newlib(L, {
    on: nothing,
    off: nothing,
    flush: nothing,
    attach: nothing,
    status: luaFunction((L) => {
      lua_pushboolean(L, false);
      return 1;
    }),
  });
  luaL_newlib(L, { start: nothing });
  lua_setfield(L, -2, "opt");
  lua_pushstring(L, ffiOs());
  lua_setfield(L, -2, "os");
  lua_pushstring(L, ffiArch());
  lua_setfield(L, -2, "arch");
  lua_pushstring(L, version);
  lua_setfield(L, -2, "version");
}
