// fengari's VM internals that the cdata fast paths touch: the value stack and its slots
// (lobject.js TValue, Udata). Only cdata.ts and the index hooks use these; everything else
// goes through the C API in fengari.d.ts.
import "fengari";

declare module "fengari" {
  /** A stack slot or table value (lobject.js TValue): a type tag and a payload. */
  export interface TValue {
    type: number;
    value: unknown;
  }
  /** A full userdata (lobject.js Udata): `data` is ours to fill. */
  export interface Udata {
    metatable: object | null;
    data: unknown;
  }
  interface lua_State {
    readonly stack: TValue[];
    readonly top: number;
  }
}

declare module "fengari" {
  namespace lua {
    function lua_gettable(L: lua_State, idx: number): number;
    function lua_settable(L: lua_State, idx: number): void;
  }
  namespace lauxlib {
    function luaL_ref(L: lua_State, t: number): number;
    function luaL_unref(L: lua_State, t: number, ref: number): void;
  }
}

declare module "fengari" {
  namespace lua {
    function lua_tocfunction(L: lua_State, idx: number): lua_CFunction | null;
  }
}
