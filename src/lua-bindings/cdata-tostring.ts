// tostring() of cdata in LuaJIT's formats (lib_ffi.c ffi_meta___tostring, lj_strfmt %p):
// `ctype<int *>`, `123LL` / `123ULL`, `1+2i` for complex, `cdata<enum e>: 3`, `cdata<int *>:
// 0x7f...` for pointers and functions (their value; `NULL` when 0) and aggregates (their
// address). LuaJIT prints other scalars (`cdata<int>`, bool) with the address of their box; our scalar boxes
// live in no native memory, so they print a stable per-object number instead. A reference
// (`cdata<int &>`) prints the address of its object, or the value of an enum or a pointer it
// refers to, as LuaJIT; a 64-bit integer or a complex one prints its value, where LuaJIT prints
// the reference's own bytes.
import { type CType, typeName } from "../ctype";
import type { CData } from "./cdata";
import { loadScalar, referent } from "./convert";
import { int64ToString } from "./int64-arith";
import type { FfiState } from "./state";

/**
 * LuaJIT's %p (lj_strfmt_wptr): `NULL`, or 0x and 8 hex digits, plus 2 for each byte of the
 * high word up to its highest set bit (so 0x100010001 prints as 0x0100010001).
 */
export function formatPointer(address: number): string {
  if (address === 0) return "NULL";
  const v = BigInt.asUintN(64, BigInt(address));
  const high = Number(v >> 32n);
  const digits = high === 0 ? 8 : 10 + 2 * ((31 - Math.clz32(high)) >> 3);
  return `0x${v.toString(16).padStart(digits, "0")}`;
}

/**
 * A double as LuaJIT's %.14g (lj_strfmt_wfnum): 14 significant digits, ties rounded away from
 * zero (as JS's toExponential does; glibc rounds them to even), exponent form below 1e-4 and
 * from 1e14, trailing zeros dropped; the sign of -0 kept, NaN always `nan`.
 */
function formatG14(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  if (x === 0) return Object.is(x, -0) ? "-0" : "0";
  const sign = x < 0 ? "-" : "";
  const [mantissa, exponent] = Math.abs(x).toExponential(13).split("e") as [string, string];
  const digits = mantissa.replace(".", "");
  const exp = Number(exponent);
  const trim = (int: string, frac: string) =>
    frac.replace(/0+$/, "") === "" ? int : `${int}.${frac.replace(/0+$/, "")}`;
  if (exp < -4 || exp >= 14) {
    const e = `${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
    return `${sign}${trim(digits.slice(0, 1), digits.slice(1))}e${e}`;
  }
  if (exp < 0) return `${sign}${trim("0", "0".repeat(-exp - 1) + digits)}`;
  return `${sign}${trim(digits.slice(0, exp + 1), digits.slice(exp + 1))}`;
}

/**
 * A complex as lj_ctype_repr_complex writes it: the parts in %.14g, `+` before an imaginary
 * part without its sign bit (or NaN), and `I` instead of `i` after `inf` or `nan`.
 */
function formatComplex(re: number, im: number): string {
  const imText = `${Object.is(im, -0) || im < 0 ? "" : "+"}${formatG14(im)}`;
  return `${formatG14(re)}${imText}${Number.isFinite(im) ? "i" : "I"}`;
}

/** Whether a reference to `t` prints its object's value rather than its address. */
function showsValue(t: CType): boolean {
  return (t.kind === "int" && t.size === 8) || t.kind === "complex" || t.kind === "enum" || t.kind === "ptr";
}

/** The default tostring of a cdata (no metatype __tostring). */
export function cdataToString(st: FfiState, cd: CData): string {
  const reg = st.reg;
  const name = typeName(reg, cd.isRef ? reg.reference(cd.t.id) : cd.t.id);
  if (cd.isCtype) return `ctype<${name}>`;
  const v = cd.t.kind === "ref" && showsValue(reg.get(cd.t.target)) ? referent(st, cd) : cd;
  const t = v.t;
  if (t.kind === "int" && t.size === 8) return int64ToString(v.value as bigint, t.unsigned);
  if (t.kind === "complex") {
    const part = reg.get(t.part);
    const re = loadScalar(part, v.address) as number;
    const im = loadScalar(part, v.address + t.size / 2) as number;
    return formatComplex(re, im);
  }
  switch (t.kind) {
    case "enum":
      return `cdata<${name}>: ${v.value}`;
    case "ptr":
    case "func":
    case "array":
    case "struct":
    case "vector":
    case "ref":
      return `cdata<${name}>: ${formatPointer(v.value as number)}`;
    default: {
      return `cdata<${name}>: ${formatPointer(st.boxId(cd))}`;
    }
  }
}
