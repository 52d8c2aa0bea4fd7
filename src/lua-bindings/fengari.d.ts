// Types for the parts of fengari 0.1.5 that fengari-ffi uses (fengari ships none).
// Names and argument orders are the Lua 5.3 C API's; strings are Lua strings (byte arrays)
// and most entry points also accept a JS string, which fengari converts on every call.
declare module "fengari" {
  /** A Lua string: fengari keeps strings as bytes. */
  export type LuaString = Uint8Array;
  /** A string argument fengari converts itself (a JS string costs a conversion per call). */
  export type LuaStringArg = LuaString | string;

  /** A thread and, through `l_G`, the state it belongs to. */
  export interface lua_State {
    /** fengari's global_State: shared by a state's threads, distinct between states. */
    readonly l_G: { readonly mainthread: lua_State };
    /** The innermost protected call's handler; fengari unwinds a Lua error by throwing it. */
    readonly errorJmp: lua_longjmp | null;
  }
  /** What fengari throws to unwind a Lua error or a yield (ldo.js luaD_throw). */
  export interface lua_longjmp {
    readonly previous: lua_longjmp | null;
  }
  /** A function callable from Lua: reads its arguments from the stack, returns the result count. */
  export type lua_CFunction = (L: lua_State) => number;

  export namespace lua {
    const LUA_OK: 0;
    const LUA_YIELD: 1;
    const LUA_ERRRUN: 2;
    const LUA_ERRSYNTAX: 3;
    const LUA_ERRMEM: 4;
    const LUA_ERRGCMM: 5;
    const LUA_ERRERR: 6;
    const LUA_MULTRET: -1;
    const LUA_REGISTRYINDEX: number;
    const LUA_RIDX_GLOBALS: number;

    const LUA_TNONE: -1;
    const LUA_TNIL: 0;
    const LUA_TBOOLEAN: 1;
    const LUA_TLIGHTUSERDATA: 2;
    const LUA_TNUMBER: 3;
    const LUA_TSTRING: 4;
    const LUA_TTABLE: 5;
    const LUA_TFUNCTION: 6;
    const LUA_TUSERDATA: 7;
    const LUA_TTHREAD: 8;

    const LUA_OPEQ: 0;
    const LUA_OPLT: 1;
    const LUA_OPLE: 2;

    function lua_absindex(L: lua_State, idx: number): number;
    function lua_gettop(L: lua_State): number;
    function lua_settop(L: lua_State, idx: number): void;
    function lua_pop(L: lua_State, n: number): void;
    function lua_pushvalue(L: lua_State, idx: number): void;
    function lua_insert(L: lua_State, idx: number): void;
    function lua_remove(L: lua_State, idx: number): void;
    function lua_checkstack(L: lua_State, n: number): boolean;

    function lua_pushnil(L: lua_State): void;
    function lua_pushboolean(L: lua_State, b: boolean | number): void;
    function lua_pushinteger(L: lua_State, n: number): void;
    function lua_pushnumber(L: lua_State, n: number): void;
    function lua_pushstring(L: lua_State, s: LuaStringArg): LuaString;
    function lua_pushliteral(L: lua_State, s: LuaStringArg): LuaString;
    function lua_pushfstring(L: lua_State, fmt: LuaString, ...args: unknown[]): LuaString;
    function lua_pushjsfunction(L: lua_State, f: lua_CFunction): void;
    function lua_pushcfunction(L: lua_State, f: lua_CFunction): void;
    function lua_pushlightuserdata(L: lua_State, p: object): void;
    function lua_pushglobaltable(L: lua_State): void;

    function lua_newtable(L: lua_State): void;
    function lua_createtable(L: lua_State, narr: number, nrec: number): void;
    function lua_newuserdata(L: lua_State, size: number): object;
    function lua_setmetatable(L: lua_State, idx: number): void;
    function lua_getmetatable(L: lua_State, idx: number): boolean;
    function lua_getfield(L: lua_State, idx: number, k: LuaStringArg): number;
    function lua_setfield(L: lua_State, idx: number, k: LuaStringArg): void;
    function lua_rawget(L: lua_State, idx: number): number;
    function lua_rawset(L: lua_State, idx: number): void;
    function lua_rawgeti(L: lua_State, idx: number, n: number): number;
    function lua_rawseti(L: lua_State, idx: number, n: number): void;
    function lua_getglobal(L: lua_State, name: LuaStringArg): number;
    function lua_setglobal(L: lua_State, name: LuaStringArg): void;

    function lua_type(L: lua_State, idx: number): number;
    function lua_typename(L: lua_State, t: number): LuaString;
    function lua_isinteger(L: lua_State, idx: number): boolean;
    function lua_isnumber(L: lua_State, idx: number): boolean;
    function lua_isstring(L: lua_State, idx: number): boolean;
    function lua_toboolean(L: lua_State, idx: number): boolean;
    function lua_tonumber(L: lua_State, idx: number): number;
    function lua_tointeger(L: lua_State, idx: number): number;
    function lua_tostring(L: lua_State, idx: number): LuaString | null;
    function lua_tojsstring(L: lua_State, idx: number): string | null;
    function lua_touserdata(L: lua_State, idx: number): unknown;
    /** For tables and userdata: fengari's object itself (identity, unlike C's address). */
    function lua_topointer(L: lua_State, idx: number): object | null;
    function lua_rawequal(L: lua_State, idx1: number, idx2: number): 0 | 1;
    function lua_compare(L: lua_State, idx1: number, idx2: number, op: number): 0 | 1;

    function lua_call(L: lua_State, nargs: number, nresults: number): void;
    function lua_pcall(L: lua_State, nargs: number, nresults: number, msgh: number): number;
    function lua_error(L: lua_State): never;
    function lua_close(L: lua_State): void;
    function lua_newthread(L: lua_State): lua_State;
  }

  export namespace lauxlib {
    const LUA_LOADED_TABLE: LuaString;
    const LUA_PRELOAD_TABLE: LuaString;

    function luaL_newstate(): lua_State;
    function luaL_error(L: lua_State, fmt: LuaStringArg, ...args: unknown[]): never;
    function luaL_argerror(L: lua_State, arg: number, extramsg: LuaStringArg): never;
    function luaL_checkany(L: lua_State, arg: number): void;
    function luaL_checktype(L: lua_State, arg: number, t: number): void;
    function luaL_checkinteger(L: lua_State, arg: number): number;
    function luaL_optinteger(L: lua_State, arg: number, def: number): number;
    function luaL_checknumber(L: lua_State, arg: number): number;
    function luaL_checkstring(L: lua_State, arg: number): LuaString;
    function luaL_tolstring(L: lua_State, idx: number): LuaString;
    function luaL_callmeta(L: lua_State, obj: number, e: LuaStringArg): boolean;
    function luaL_typename(L: lua_State, idx: number): LuaString;
    function luaL_getsubtable(L: lua_State, idx: number, fname: LuaStringArg): boolean;
    function luaL_setfuncs(L: lua_State, l: Record<string, lua_CFunction>, nup: number): void;
    function luaL_newlib(L: lua_State, l: Record<string, lua_CFunction>): void;
    function luaL_requiref(L: lua_State, modname: LuaStringArg, openf: lua_CFunction, glb: boolean): void;
    function luaL_traceback(L: lua_State, L1: lua_State, msg: LuaStringArg | null, level: number): void;
    function luaL_loadbuffer(L: lua_State, buff: LuaString, size: number | null, name: LuaStringArg): number;
    function luaL_loadstring(L: lua_State, s: LuaStringArg): number;
  }

  export namespace lualib {
    function luaL_openlibs(L: lua_State): void;
  }

  export function to_luastring(s: string, cache?: boolean): LuaString;
  export function to_jsstring(s: LuaString, from?: number, to?: number, replacement_char?: boolean): string;
}

declare module "fengari/src/lvm.js" {
  /** Set by patches/patch-fengari.cjs; absent on a stock fengari. */
  export const FENGARI_FFI_PATCH: string | undefined;
}

declare module "fengari/src/lstring.js" {
  /** The string key fengari's tables use for a Lua string, cached on the TString. */
  export function luaS_hashlongstr(ts: { realstring: Uint8Array }): string;
}

declare module "fengari/src/lobject.js" {
  import type { lua_State, TValue as Value } from "fengari";
  /** Pushes a copy of a value held outside the stack (a callback's Lua function) onto the stack. */
  export function pushobj2s(L: lua_State, tv: Value): void;
  /** Copies a value into stack slot `ra` (the VM's register store). */
  export function setobj2s(L: lua_State, ra: number, tv: Value): void;
}

declare module "fengari/src/ltable.js" {
  import type { lua_State, TValue } from "fengari";
  /** A raw table read; fengari's shared nil object when the key is absent. */
  export function luaH_get(L: lua_State, table: object, key: TValue): TValue;
}
