// Moving cdata between the Lua stack and JS: a cdata is a fengari full userdata whose `data`
// slot holds the CData and whose metatable is the state's one cdata metatable (cdata-meta.ts).
// The userdata is filled in directly rather than through lua_setmetatable, which would look
// the metatable up in the registry on every push: boxing results is on the hot paths.
import { lua, type lua_State, type Udata } from "fengari";
import { CData } from "./cdata";
import type { FfiState } from "./state";

const { lua_newuserdata, lua_touserdata } = lua;

/** Pushes a new userdata for `cd`. */
export function pushCData(L: lua_State, st: FfiState, cd: CData): void {
  lua_newuserdata(L, 0);
  const u = L.stack[L.top - 1]!.value as Udata;
  u.data = cd;
  u.metatable = st.cdataMetatable;
}

/** The CData at a stack index, or undefined when the value is not a cdata. */
export function toCData(L: lua_State, idx: number): CData | undefined {
  const d = lua_touserdata(L, idx);
  return d instanceof CData ? d : undefined;
}
