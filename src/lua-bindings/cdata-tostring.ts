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

/** %.14g as C prints it. */
function formatG(x: number): string {
  if (Number.isNaN(x)) return "nan";
  if (!Number.isFinite(x)) return x > 0 ? "inf" : "-inf";
  const s = x.toPrecision(14);
  if (s.includes("e")) {
    const [m, e] = s.split("e") as [string, string];
    const mant = m.includes(".") ? m.replace(/\.?0+$/, "") : m;
    const exp = Number(e);
    return `${mant}e${exp < 0 ? "-" : "+"}${String(Math.abs(exp)).padStart(2, "0")}`;
  }
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
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
    return `${formatG(re)}${im >= 0 || Number.isNaN(im) ? "+" : ""}${formatG(im)}i`;
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
