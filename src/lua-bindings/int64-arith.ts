// LuaJIT's 64-bit integer arithmetic on BigInt (follows lj_carith.c and lib_bit.c).
//
// A 64-bit value is a BigInt in the canonical range of its type: [-2^63, 2^63) for int64,
// [0, 2^64) for uint64. LuaJIT first picks the result type of a binary operation (uint64 if
// either operand is a 64-bit unsigned integer, else int64), converts both
// operands to it (`toInt64Type`, `numberToInt64Type`), then operates modulo 2^64.
// Every operation below takes operands already converted to the result type and `unsigned`
// naming it, and returns a canonical value of that type. BigInt stays here, off the hot paths
// of calls and memory accesses: only int64 cdata use it.

const TWO_63 = 2 ** 63;
const TWO_64 = 2 ** 64;
const MASK_64 = (1n << 64n) - 1n;

/** The smallest int64, also LuaJIT's result for x/0, x%0 and INT64_MIN/-1. */
export const INT64_MIN = -(1n << 63n);
/** The largest int64, LuaJIT's result for 0^k with k < 0. */
export const INT64_MAX = (1n << 63n) - 1n;
/** The largest uint64. */
export const UINT64_MAX = MASK_64;

// Wraps any BigInt into the canonical range of the 64-bit type (two's complement).
export function toInt64Type(x: bigint, unsigned: boolean): bigint {
  return unsigned ? BigInt.asUintN(64, x) : BigInt.asIntN(64, x);
}

// double -> int64: truncation; NaN and values outside the int64 range give x86-64's "integer
// indefinite" 0x8000000000000000 (cvttsd2si).
export function numberToInt64(n: number): bigint {
  if (n >= -TWO_63 && n < TWO_63) return BigInt(Math.trunc(n));
  return INT64_MIN;
}

// double -> uint64 as in current LuaJIT (lj_num2u64): truncation over the union of the int64
// and uint64 ranges, then reinterpretation, so -1 gives 0xffffffffffffffff; NaN and values
// outside both ranges give 0x8000000000000000. (LuaJIT 2.1.0-beta3 gave 0x8000000000000000 for
// negative values too.)
export function numberToUint64(n: number): bigint {
  if (n >= TWO_63 && n < TWO_64) return BigInt(Math.trunc(n));
  return BigInt.asUintN(64, numberToInt64(n));
}

// Converts a Lua number to the 64-bit type.
export function numberToInt64Type(n: number, unsigned: boolean): bigint {
  return unsigned ? numberToUint64(n) : numberToInt64(n);
}

// ---- Arithmetic ------------------------------------------------------------------------------

// a + b modulo 2^64.
export function add64(a: bigint, b: bigint, unsigned: boolean): bigint {
  return toInt64Type(a + b, unsigned);
}

// a - b modulo 2^64.
export function sub64(a: bigint, b: bigint, unsigned: boolean): bigint {
  return toInt64Type(a - b, unsigned);
}

// a * b modulo 2^64.
export function mul64(a: bigint, b: bigint, unsigned: boolean): bigint {
  return toInt64Type(a * b, unsigned);
}

// C division truncating toward 0; x/0 and INT64_MIN/-1 give 0x8000000000000000 (lj_carith_divi64).
export function div64(a: bigint, b: bigint, unsigned: boolean): bigint {
  if (b === 0n || (!unsigned && a === INT64_MIN && b === -1n)) return toInt64Type(INT64_MIN, unsigned);
  return a / b;
}

// `//` on 64-bit integers: LuaJIT has no `//`; it is the same truncating division as `/`, so
// that (a // b) * b + a % b == a holds with LuaJIT's C remainder.
export const idiv64 = div64;

// C remainder (sign of the dividend); x%0 gives 0x8000000000000000, INT64_MIN % -1 gives 0.
export function mod64(a: bigint, b: bigint, unsigned: boolean): bigint {
  if (b === 0n) return toInt64Type(INT64_MIN, unsigned);
  if (!unsigned && a === INT64_MIN && b === -1n) return 0n;
  return a % b;
}

// Integer power modulo 2^64 (lj_carith_powi64 / powu64): for int64 a negative exponent gives 0,
// except for bases 1 (1), -1 (±1 by parity) and 0 (INT64_MAX).
export function pow64(a: bigint, k: bigint, unsigned: boolean): bigint {
  if (!unsigned && k < 0n) {
    if (a === 0n) return INT64_MAX;
    if (a === 1n) return 1n;
    if (a === -1n) return (k & 1n) === 0n ? 1n : -1n;
    return 0n;
  }
  let result = 1n;
  let base = BigInt.asUintN(64, a);
  for (let e = BigInt.asUintN(64, k); e > 0n; e >>= 1n) {
    if ((e & 1n) === 1n) result = (result * base) & MASK_64;
    base = (base * base) & MASK_64;
  }
  return toInt64Type(result, unsigned);
}

// Unary minus modulo 2^64 (so -INT64_MIN is INT64_MIN).
export function unm64(a: bigint, unsigned: boolean): bigint {
  return toInt64Type(-a, unsigned);
}

// ---- Comparisons -------------------------------------------------------------------------------
// Operands are canonical for the result type, so BigInt order is int64 or uint64 order.

// a == b.
export function eq64(a: bigint, b: bigint): boolean {
  return a === b;
}

// a < b.
export function lt64(a: bigint, b: bigint): boolean {
  return a < b;
}

// a <= b.
export function le64(a: bigint, b: bigint): boolean {
  return a <= b;
}

// ---- Bit operations (Lua 5.3 operators and LuaJIT's bit.* on 64-bit values) --------------------
// Shift and rotate counts are masked with 63, as LuaJIT's bit.* do (lj_carith_shift64).

// a & b.
export function band64(a: bigint, b: bigint, unsigned: boolean): bigint {
  return toInt64Type(a & b, unsigned);
}

// a | b.
export function bor64(a: bigint, b: bigint, unsigned: boolean): bigint {
  return toInt64Type(a | b, unsigned);
}

// a ~ b (bit.bxor).
export function bxor64(a: bigint, b: bigint, unsigned: boolean): bigint {
  return toInt64Type(a ^ b, unsigned);
}

// ~a (bit.bnot).
export function bnot64(a: bigint, unsigned: boolean): bigint {
  return toInt64Type(~a, unsigned);
}

// a << (n & 63) (bit.lshift).
export function shl64(a: bigint, n: number, unsigned: boolean): bigint {
  return toInt64Type(a << BigInt(n & 63), unsigned);
}

// Logical a >> (n & 63) (Lua's `>>`, bit.rshift).
export function shr64(a: bigint, n: number, unsigned: boolean): bigint {
  return toInt64Type(BigInt.asUintN(64, a) >> BigInt(n & 63), unsigned);
}

// Arithmetic a >> (n & 63) (bit.arshift).
export function sar64(a: bigint, n: number, unsigned: boolean): bigint {
  return toInt64Type(BigInt.asIntN(64, a) >> BigInt(n & 63), unsigned);
}

// Rotate left by n & 63 (bit.rol).
export function rol64(a: bigint, n: number, unsigned: boolean): bigint {
  const s = BigInt(n & 63);
  const u = BigInt.asUintN(64, a);
  return toInt64Type((u << s) | (u >> (64n - s)), unsigned);
}

// Rotate right by n & 63 (bit.ror).
export function ror64(a: bigint, n: number, unsigned: boolean): bigint {
  const s = BigInt(n & 63);
  const u = BigInt.asUintN(64, a);
  return toInt64Type((u >> s) | (u << (64n - s)), unsigned);
}

// Reverses the 8 bytes (bit.bswap).
export function bswap64(a: bigint, unsigned: boolean): bigint {
  let u = BigInt.asUintN(64, a);
  let r = 0n;
  for (let i = 0; i < 8; i++) {
    r = (r << 8n) | (u & 0xffn);
    u >>= 8n;
  }
  return toInt64Type(r, unsigned);
}

// ---- Text ------------------------------------------------------------------------------------

// tostring of an int64 / uint64 cdata: "123LL" / "123ULL".
export function int64ToString(a: bigint, unsigned: boolean): string {
  return unsigned ? `${a}ULL` : `${a}LL`;
}

// bit.tohex(x, n) on a 64-bit value: `n` hex digits (default 16), upper case for negative `n`,
// at most 254 digits; fewer than 16 digits keep the low bits, 0 digits give "".
export function tohex64(a: bigint, n = 16): string {
  let upper = false;
  if (n < 0) [n, upper] = [-n, true];
  if (n > 254) n = 254;
  if (n === 0) return "";
  let u = BigInt.asUintN(64, a);
  if (n < 16) u &= (1n << BigInt(4 * n)) - 1n;
  const digits = u.toString(16).padStart(n, "0");
  return upper ? digits.toUpperCase() : digits;
}
