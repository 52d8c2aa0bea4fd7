// Mixed-type equality (`p == nil`, `x == 5`) for cdata, through the fengari patch in
// patches/patch-fengari.cjs (see docs/decisions/equality.md).
//
// The patched luaV_equalobj calls a userdata's __eq against nil, a boolean, a number or a
// string only when the userdata's metatable carries the marker symbol set here, so other
// userdata (io files, a host's own objects) keep Lua 5.3 semantics.
import { lua, type lua_State } from "fengari";

const { LUA_TTABLE, lua_topointer, lua_type } = lua;

const MIXED_EQ = Symbol.for("fengari-ffi.mixed-eq");

// Lets userdata whose metatable is at `idx` take part in mixed-type ==: their __eq is then
// also called when the other operand is nil, a boolean, a number or a string.
export function enableMixedEquality(L: lua_State, idx: number): void {
  const mt = lua_topointer(L, idx);
  if (mt === null || lua_type(L, idx) !== LUA_TTABLE) throw new TypeError("enableMixedEquality: not a table");
  (mt as Record<symbol, unknown>)[MIXED_EQ] = true;
}
