/*
 * cdata objects: C values owned by Lua (lj_cdata.c).
 *
 * A cdata is a fengari full userdata whose `data` slot holds a CData. Two flavours share the
 * class, told apart by the kind of their ctype:
 * - scalars (numbers, bool, enums, pointers, function pointers) are immutable values: `value`
 *   holds the number, the bigint (64-bit integers) or the address; nothing is allocated in
 *   native memory, so boxing an int64 result or a pointer costs one small JS object;
 * - aggregates (arrays, structs, unions, complex, vectors) and functions are references:
 *   `value` is the address of the payload, and `keep` holds whatever keeps that memory alive
 *   (the ArrayBuffer from ffi.new, or the parent cdata a nested field was read from), so the
 *   payload lives as long as any cdata that points into it.
 * A ctype object (what ffi.typeof returns) is a cdata too, as in LuaJIT, with `isCtype` set.
 *
 * Memory from ffi.new is a JS ArrayBuffer: V8 accounts for it, frees it when its last cdata
 * goes, and never moves its backing store, so its address is stable (DESIGN.md, Values).
 */
import { type CType, sizeOf, sizeOfVariable } from "../ctype";
import type { FfiState } from "./state";

/** The JS side of one cdata. */
export class CData {
  constructor(
    /** The ctype record (qualifiers included: a `const` aggregate refuses writes). */
    readonly t: CType,
    /** Scalar value, or the payload address of an aggregate or function. */
    readonly value: number | bigint,
    /** What keeps the payload's memory alive (aggregates), or null. */
    readonly keep: unknown = null,
    /** Element count of a VLA / VLS, undefined for fixed-size types. */
    readonly count: number | undefined = undefined,
    /** True for a ctype object (ffi.typeof), whose `t` is the type it stands for. */
    readonly isCtype = false,
    /**
     * True for an aggregate read out of other memory (a field, an element, `p[0]`): LuaJIT
     * types these as references (`struct foo &`, `int (&)[2]`), which shows in tostring and
     * ffi.typeof; everything else treats them as the aggregate itself.
     */
    readonly isRef = false,
  ) {}

  /** What calling this function cdata needs, prepared on its first call (call.ts). */
  callCache: unknown = undefined;

  /** The payload address of an aggregate / function cdata. */
  get address(): number {
    return this.value as number;
  }
}

/** Size of a cdata's payload (VLA / VLS use their element count). */
export function cdataSize(st: FfiState, cd: CData): number | undefined {
  if (cd.count !== undefined) return sizeOfVariable(st.reg, cd.t.id, cd.count);
  return sizeOf(st.reg, cd.t.id);
}
