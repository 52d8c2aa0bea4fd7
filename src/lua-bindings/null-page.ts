// Reads and writes through NULL raise a Lua error where LuaJIT crashes (DESIGN.md, Errors): an
// address that comes from Lua (a pointer, a reference, an argument of ffi.string or ffi.copy)
// is checked against the page at 0 before it is dereferenced.
import { type CType, FfiError, typeName } from "../ctype";
import type { FfiState } from "./state";

/** Lowest address that may be dereferenced: reads and writes below it raise instead of crashing. */
export const NULL_PAGE = 4096;

/** Raises instead of touching the NULL page through a cdata of type `t`. */
export function checkAddress(st: FfiState, address: number, t: CType): void {
  if (address < NULL_PAGE && address > -NULL_PAGE) {
    throw new FfiError(`attempt to access memory through NULL pointer '${typeName(st.reg, t.id)}'`);
  }
}
