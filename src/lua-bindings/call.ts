// Calling C functions from Lua: function cdata and function pointers (lj_ccall.c). The call
// JIT (src/jit call thunks) lands with the call issue; until then a call is refused with
// LuaJIT's own message for calls it cannot make.
import type { lua_State } from "fengari";
import { type CType, FfiError, msg } from "../ctype";
import type { CData } from "./cdata";
import type { FfiState } from "./state";

/** Calls the C function `cd` (of function type `fn`) with the Lua arguments 2..top. */
export function callCData(_L: lua_State, _st: FfiState, _cd: CData, _fn: CType): number {
  throw new FfiError(msg.nyiCall());
}
