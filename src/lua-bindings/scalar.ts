/*
 * C <-> C conversions of scalar values (lj_cconv.c lj_cconv_ct_ct, scalar half).
 *
 * Scalars travel as JS values: `number` for integers up to 32 bits, floats, enums and
 * addresses; `bigint` for 64-bit integers; `boolean` never (bool is 0/1). This file converts
 * such a value from one scalar ctype to another with C's rules as LuaJIT applies them:
 * doubles go to small integers through int64 ("extended range": 0xffffffff -> int32 gives -1,
 * -1 -> uint32 gives 0xffffffff), to uint64 through the union of the int64 and uint64 ranges,
 * and out-of-range or NaN doubles give what x86-64's cvttsd2si gives (0x8000000000000000).
 */
import type { CType } from "../ctype";

const TWO_32 = 2 ** 32;
const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;
const INT64_MIN = -(2n ** 63n);

/** The low 32 bits of the integer part of a double, as an unsigned number (cvttsd2si then narrow). */
export function doubleToU32(d: number): number {
  if (!(d > -TWO_63 && d < TWO_63)) return 0; // NaN and out of int64 range: 0x8000000000000000
  const t = Math.trunc(d);
  // Exact for every double: the quotient by a power of two and its floor are exact.
  return t - Math.floor(t / TWO_32) * TWO_32;
}

/** A double truncated to int64 (x86-64 semantics for NaN / out of range). */
export function doubleToI64(d: number): bigint {
  if (!(d > -TWO_63 && d < TWO_63)) return INT64_MIN;
  return BigInt(Math.trunc(d));
}

/** A double truncated to uint64 through the int64 ∪ uint64 range, as LuaJIT does. */
export function doubleToU64(d: number): bigint {
  if (d >= TWO_63 && d < TWO_64) return BigInt(Math.trunc(d));
  return BigInt.asUintN(64, doubleToI64(d));
}

/** Narrows the low 32 bits (unsigned) to an integer of `size` bytes. */
export function narrow(u32: number, size: 1 | 2 | 4, unsigned: boolean): number {
  switch (size) {
    case 1:
      return unsigned ? u32 & 0xff : (u32 << 24) >> 24;
    case 2:
      return unsigned ? u32 & 0xffff : (u32 << 16) >> 16;
    case 4:
      return unsigned ? u32 >>> 0 : u32 | 0;
  }
}

/** Converts a JS number (a Lua number or a small C value) to the integer type `t`. */
export function numberToInt(d: number, size: 1 | 2 | 4 | 8, unsigned: boolean): number | bigint {
  if (size === 8) return unsigned ? doubleToU64(d) : doubleToI64(d);
  if (Number.isInteger(d) && d >= -0x80000000 && d <= 0xffffffff) return narrow(d >>> 0, size, unsigned);
  return narrow(doubleToU32(d), size, unsigned);
}

/** Converts a bigint to the integer type `t` (wraps modulo 2^(8*size)). */
export function bigintToInt(v: bigint, size: 1 | 2 | 4 | 8, unsigned: boolean): number | bigint {
  if (size === 8) return unsigned ? BigInt.asUintN(64, v) : BigInt.asIntN(64, v);
  return narrow(Number(BigInt.asUintN(32, v)), size, unsigned);
}

/** The numeric value of a scalar (numbers, enums, bool, pointers as addresses). */
export function scalarToNumber(v: number | bigint): number {
  return typeof v === "bigint" ? Number(v) : v;
}

/** Converts a scalar value (number, bigint or address) to scalar type `to`. */
export function convertScalar(v: number | bigint, to: CType): number | bigint {
  switch (to.kind) {
    case "int":
      return typeof v === "bigint"
        ? bigintToInt(v, to.size, to.unsigned)
        : numberToInt(v, to.size, to.unsigned);
    case "enum":
      return typeof v === "bigint" ? bigintToInt(v, 4, false) : numberToInt(v, 4, false);
    case "bool":
      return v === 0 || v === 0n || Number.isNaN(v) ? 0 : 1;
    case "float": {
      const d = scalarToNumber(v);
      return to.size === 4 ? Math.fround(d) : d;
    }
    case "ptr":
    case "func":
      // Addresses are kept as signed 64-bit numbers: user-space pointers are exact, and so are
      // sentinels such as MAP_FAILED ((void *)-1), which an unsigned double could not hold.
      return typeof v === "bigint" ? Number(BigInt.asIntN(64, v)) : v;
    default:
      return v;
  }
}
