/*
 * C <-> C conversions of scalar values (lj_cconv.c lj_cconv_ct_ct, scalar half).
 *
 * Scalars travel as JS values: `number` for integers up to 32 bits, floats, enums and
 * addresses; `bigint` for 64-bit integers; `boolean` never (bool is 0/1). This file converts
 * such a value from one scalar ctype to another with C's rules as LuaJIT applies them on
 * x86-64: doubles go to uint32 through int64 (-1 gives 0xffffffff), to the other small
 * integers through int32, to uint64 through the union of the int64 and uint64 ranges, and
 * out-of-range or NaN doubles give what cvttsd2si gives (0x80000000 / 0x8000000000000000).
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

/**
 * Converts a JS number (a Lua number or a small C value) to an integer type, as LuaJIT's
 * CCX(I, F) does on x86-64: uint32 through int64 (so -1 gives 0xffffffff and 2^32 + 5 gives 5),
 * every smaller or signed type through int32, where out-of-range values and NaN give
 * 0x80000000 (cvttsd2si), then narrowed.
 */
export function numberToInt(d: number, size: 1 | 2 | 4 | 8, unsigned: boolean): number | bigint {
  if (size === 8) return unsigned ? doubleToU64(d) : doubleToI64(d);
  if (size === 4 && unsigned) return doubleToU32(d);
  const i = d > -2147483649 && d < 2147483648 ? Math.trunc(d) | 0 : -0x80000000;
  return size === 4 ? i : narrow(i >>> 0, size, unsigned);
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

/** Converts an integer held in a JS number (|v| < 2^53: C integers, addresses) to an integer type. */
export function intToInt(v: number, size: 1 | 2 | 4 | 8, unsigned: boolean): number | bigint {
  if (size === 8) return unsigned ? BigInt.asUintN(64, BigInt(v)) : BigInt.asIntN(64, BigInt(v));
  return narrow(v >>> 0, size, unsigned);
}

/**
 * Converts a scalar value (number, bigint or address) to scalar type `to`. `fromFloat` says
 * whether a number is a double (a Lua number, a float cdata) or an integer (a C integer, an
 * address): a double goes through cvttsd2si's rules, an integer is narrowed.
 */
export function convertScalar(v: number | bigint, to: CType, fromFloat: boolean): number | bigint {
  switch (to.kind) {
    case "int":
      if (typeof v === "bigint") return bigintToInt(v, to.size, to.unsigned);
      return fromFloat ? numberToInt(v, to.size, to.unsigned) : intToInt(v, to.size, to.unsigned);
    case "enum": {
      // a packed enum narrows to its underlying type; any other, to int32
      const size = to.info.size;
      const unsigned = size < 4 && to.info.unsigned;
      if (typeof v === "bigint") return bigintToInt(v, size, unsigned);
      return fromFloat ? numberToInt(v, size, unsigned) : intToInt(v, size, unsigned);
    }
    case "bool":
      // C's `x != 0`: NaN is true.
      return v === 0 || v === 0n ? 0 : 1;
    case "float": {
      const d = scalarToNumber(v);
      return to.size === 4 ? Math.fround(d) : d;
    }
    case "ptr":
    case "ref":
    case "func":
      // Addresses are kept as signed 64-bit numbers: user-space pointers are exact, and so are
      // sentinels such as MAP_FAILED ((void *)-1), which an unsigned double could not hold.
      if (typeof v === "bigint") return Number(BigInt.asIntN(64, v));
      return fromFloat ? Number(doubleToI64(v)) : v;
    default:
      return v;
  }
}
