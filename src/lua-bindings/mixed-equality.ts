// Mixed-type equality (`p == nil`, `x == 5`) for cdata, through the fengari patch in
// patches/patch-fengari.cjs (see docs/decisions/equality.md).
//
// The patched luaV_equalobj calls a userdata's __eq against nil, a boolean, a number or a
// string only when the userdata's metatable carries the marker symbol set here, so other
// userdata (io files, a host's own objects) keep Lua 5.3 semantics.
import { lua, type lua_State } from "fengari";
import * as lvm from "fengari/src/lvm.js";

const { lua_topointer } = lua;

/** The patch version this code was written against; patches/patch-fengari.cjs writes it. */
export const FENGARI_PATCH_ID = "fengari-ffi:mixed-eq/1";

const MIXED_EQ = Symbol.for("fengari-ffi.mixed-eq");

// Throws a clear error unless the fengari that fengari-ffi loads carries the equality patch.
export function assertFengariPatched(): void {
  const found = lvm.FENGARI_FFI_PATCH;
  if (found === FENGARI_PATCH_ID) return;
  throw new Error(
    `fengari-ffi: the installed fengari is ${found === undefined ? "not patched" : `patched with ${found}`}, ` +
      `but fengari-ffi needs ${FENGARI_PATCH_ID} for \`cdata == nil\` and \`cdata == number\`. ` +
      "Run `node node_modules/fengari-ffi/patches/patch-fengari.cjs` (npm runs it on install unless " +
      "scripts are disabled with --ignore-scripts).",
  );
}

// Lets userdata whose metatable is at `idx` take part in mixed-type ==: their __eq is then
// also called when the other operand is nil, a boolean, a number or a string.
export function enableMixedEquality(L: lua_State, idx: number): void {
  const mt = lua_topointer(L, idx);
  if (mt === null || lua.lua_type(L, idx) !== lua.LUA_TTABLE)
    throw new TypeError("enableMixedEquality: not a table");
  (mt as Record<symbol, unknown>)[MIXED_EQ] = true;
}
