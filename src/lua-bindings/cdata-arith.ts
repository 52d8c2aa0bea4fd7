/*
 * Arithmetic and comparisons on cdata (lj_carith.c): pointer arithmetic, pointer difference
 * and comparison, and 64-bit integer arithmetic for any number cdata mixed with Lua numbers.
 *
 * LuaJIT's rule for numbers: if either operand is a uint64 the operation is done in uint64,
 * otherwise in int64, and the result is a new boxed 64-bit cdata ("sticky"); the operations
 * themselves live in int64-arith.ts. Comparisons of number cdata (doubles too) go through the
 * same int64 / uint64 conversion. Pointers compare by address (== for any two, < and <= for
 * compatible ones). A string beside an enum operand stands for the constant of that name.
 * Operands that fit none of this return undefined, and the metamethod falls back to the
 * metatype, then to LuaJIT's error (or, for ==, to comparing payload addresses). A reference
 * operand is its object (carith_checkarg).
 */
import { lua, type lua_State, to_jsstring } from "fengari";
import { type CType, FfiError, msg, sizeOf, typeName } from "../ctype";
import type { CData } from "./cdata";
import { toCData } from "./cdata-stack";
import { compatiblePointee, enumNumber, referent } from "./convert";
import {
  add64,
  band64,
  bnot64,
  bor64,
  bxor64,
  div64,
  eq64,
  le64,
  lt64,
  mod64,
  mul64,
  numberToInt64Type,
  pow64,
  shl64,
  shr64,
  sub64,
  toInt64Type,
  unm64,
} from "./int64-arith";
import { doubleToI64 } from "./scalar";
import type { FfiState } from "./state";

const { LUA_TNUMBER, LUA_TSTRING, LUA_TNIL, lua_type, lua_tonumber, lua_tostring } = lua;

/** An operand as the arithmetic sees it. */
type Operand =
  | {
      readonly kind: "int";
      readonly value: bigint | number;
      readonly unsigned64: boolean;
    }
  /** `source`: the pointer or array cdata, which the result keeps alive (see ArithResult). */
  | { readonly kind: "ptr"; readonly address: number; readonly elem: CType; readonly source: CData }
  | { readonly kind: "nil" }
  /** A string beside an enum operand (or a ctype object) that names none of its constants. */
  | { readonly kind: "badName"; readonly peer: NonNullable<EnumPeer> }
  | { readonly kind: "other" };

const OTHER: Operand = { kind: "other" };

/** Classifies the Lua value at `idx` as an arithmetic operand. */
function operand(L: lua_State, st: FfiState, idx: number, enumPeer: EnumPeer): Operand {
  const reg = st.reg;
  const type = lua_type(L, idx);
  if (type === LUA_TNUMBER) return { kind: "int", value: lua_tonumber(L, idx), unsigned64: false };
  if (type === LUA_TNIL) return { kind: "nil" };
  if (type === LUA_TSTRING && enumPeer !== undefined) {
    const name = to_jsstring(lua_tostring(L, idx)!);
    const c = enumPeer === "ctype" ? undefined : enumPeer.info.constants.find((k) => k.name === name);
    if (c === undefined) return { kind: "badName", peer: enumPeer };
    return { kind: "int", value: c.value, unsigned64: false };
  }
  const source = toCData(L, idx);
  if (source === undefined || source.isCtype) return OTHER;
  const cd = referent(st, source);
  const t = cd.t;
  switch (t.kind) {
    case "int":
      return { kind: "int", value: cd.value, unsigned64: t.size === 8 && t.unsigned };
    case "enum":
      return { kind: "int", value: enumNumber(t, cd.value as number), unsigned64: false };
    case "bool":
      return { kind: "int", value: cd.value, unsigned64: false };
    case "float":
      // a long double cdata is memory (its value an address) and no operand, as in LuaJIT
      if (t.size === 16) return OTHER;
      return { kind: "int", value: cd.value, unsigned64: false };
    case "ptr":
      return { kind: "ptr", address: cd.value as number, elem: reg.get(t.target), source: cd };
    case "array":
      return { kind: "ptr", address: cd.address, elem: reg.get(t.elem), source: cd };
    case "func":
      // a C function is a pointer to itself (carith_checkarg): it compares by address
      return { kind: "ptr", address: cd.address, elem: t, source: cd };
    default:
      return OTHER;
  }
}

/** The error for a string that names no constant of `peer` (built only when raised). */
function badNameError(st: FfiState, peer: NonNullable<EnumPeer>): FfiError {
  return new FfiError(msg.cannotConvert("string", peer === "ctype" ? "ctype" : typeName(st.reg, peer.id)));
}

function to64(o: Operand & { kind: "int" }, unsigned: boolean): bigint {
  if (typeof o.value === "bigint") return toInt64Type(o.value, unsigned);
  return numberToInt64Type(o.value, unsigned);
}

/** An enum type whose constants a string operand may name, "ctype", or undefined (see enumOf). */
type EnumPeer = (CType & { kind: "enum" }) | "ctype" | undefined;

/**
 * What a string beside the operand at `idx` names a constant of: an enum value's type, or a
 * ctype object, which LuaJIT boxes as an enum with no constants (so `ct == "x"` is false and
 * `ct < "x"` cannot convert the string to 'ctype').
 */
function enumOf(L: lua_State, st: FfiState, idx: number): EnumPeer {
  const cd = toCData(L, idx);
  if (cd === undefined) return undefined;
  if (cd.isCtype) return "ctype";
  const u = st.reg.get(st.reg.unqualified(cd.t.id));
  return u.kind === "enum" ? u : undefined;
}

export type ArithOp =
  | "add"
  | "sub"
  | "mul"
  | "div"
  | "mod"
  | "pow"
  | "idiv"
  | "band"
  | "bor"
  | "bxor"
  | "shl"
  | "shr";

/** Result of an arithmetic metamethod: a pointer, a 64-bit integer, or a plain number. */
export type ArithResult =
  /**
   * A pointer into the memory of `keep` (the source pointer or array cdata): a string copy
   * behind `ffi.cast("const char *", s) + 1`, or an array behind `a + 1`, stays alive with it.
   */
  | { readonly kind: "ptr"; readonly type: CType; readonly address: number; readonly keep: CData }
  | { readonly kind: "int64"; readonly unsigned: boolean; readonly value: bigint }
  | { readonly kind: "number"; readonly value: number };

/**
 * `address ± index * size` as LuaJIT computes it: the index converted to intptr_t (a double
 * truncated, NaN and out-of-range values giving INT64_MIN), the sum wrapping modulo 2^64.
 */
function offsetAddress(address: number, index: number | bigint, size: number, subtract: boolean): number {
  if (typeof index === "number") {
    const n = Math.trunc(index);
    // the common case, exact in doubles: |n * size| < 2^51 and user-space addresses < 2^47
    if (n >= -0x80000000 && n <= 0x7fffffff && size <= 0x100000)
      return subtract ? address - n * size : address + n * size;
    index = doubleToI64(index);
  }
  const delta = BigInt.asIntN(64, index) * BigInt(size);
  return Number(BigInt.asIntN(64, BigInt(address) + (subtract ? -delta : delta)));
}

/** `a op b` for the operands at stack indexes 1 and 2, or undefined when it doesn't apply. */
export function arith(
  L: lua_State,
  st: FfiState,
  op: ArithOp,
  ia: number,
  ib: number,
): ArithResult | undefined {
  const a = operand(L, st, ia, enumOf(L, st, ib));
  const b = operand(L, st, ib, enumOf(L, st, ia));
  if (a.kind === "badName") throw badNameError(st, a.peer);
  if (b.kind === "badName") throw badNameError(st, b.peer);
  if (a.kind === "ptr") {
    if (op === "add" || op === "sub") {
      if (b.kind === "int") {
        // no arithmetic on void, functions and unsized types; a zero size is allowed, as in
        // LuaJIT's carith_ptr: the address stays where it is
        const size = sizeOf(st.reg, a.elem.id);
        if (size === undefined) return undefined;
        const ptrType = st.reg.get(st.reg.pointer(a.elem.id));
        return {
          kind: "ptr",
          type: ptrType,
          address: offsetAddress(a.address, b.value, size, op === "sub"),
          keep: a.source,
        };
      }
      if (op === "sub" && b.kind === "ptr") {
        if (!compatiblePointee(st.reg, a.elem, b.elem, "ignore")) return undefined;
        // a zero element size would divide by zero: refused, as in LuaJIT
        const size = sizeOf(st.reg, a.elem.id);
        if (size === undefined || size === 0) return undefined;
        // LuaJIT returns the element difference truncated to 32 bits.
        return { kind: "number", value: Math.trunc((a.address - b.address) / size) | 0 };
      }
    }
    return undefined;
  }
  if (b.kind === "ptr") {
    if (op === "add" && a.kind === "int") {
      const size = sizeOf(st.reg, b.elem.id);
      if (size === undefined) return undefined;
      const ptrType = st.reg.get(st.reg.pointer(b.elem.id));
      return {
        kind: "ptr",
        type: ptrType,
        address: offsetAddress(b.address, a.value, size, false),
        keep: b.source,
      };
    }
    return undefined;
  }
  if (a.kind !== "int" || b.kind !== "int") return undefined;
  const u = a.unsigned64 || b.unsigned64;
  const x = to64(a, u);
  const y = to64(b, u);
  let r: bigint;
  switch (op) {
    case "add":
      r = add64(x, y, u);
      break;
    case "sub":
      r = sub64(x, y, u);
      break;
    case "mul":
      r = mul64(x, y, u);
      break;
    case "div":
    case "idiv":
      r = div64(x, y, u);
      break;
    case "mod":
      r = mod64(x, y, u);
      break;
    case "pow":
      r = pow64(x, y, u);
      break;
    case "band":
      r = band64(x, y, u);
      break;
    case "bor":
      r = bor64(x, y, u);
      break;
    case "bxor":
      r = bxor64(x, y, u);
      break;
    case "shl":
      r = shl64(x, Number(y & 63n), u);
      break;
    case "shr":
      r = shr64(x, Number(y & 63n), u);
      break;
  }
  return { kind: "int64", unsigned: u, value: r };
}

/** Unary minus / bitwise not of a number cdata, or undefined. */
export function unary(L: lua_State, st: FfiState, op: "unm" | "bnot", ia: number): ArithResult | undefined {
  const a = operand(L, st, ia, undefined);
  if (a.kind !== "int") return undefined;
  const x = to64(a, a.unsigned64);
  const r = op === "unm" ? unm64(x, a.unsigned64) : bnot64(x, a.unsigned64);
  return { kind: "int64", unsigned: a.unsigned64, value: r };
}

export type CompareOp = "eq" | "lt" | "le";

/**
 * `ref == nil`: true for a NULL reference, which is not read, as in LuaJIT (which compares the
 * object's address with NULL). Otherwise false for a reference to anything but a pointer; a
 * reference to a pointer is that pointer (see architecture.md), so undefined there, as when the
 * operands are not such a pair.
 */
function referenceIsNil(L: lua_State, st: FfiState, iref: number, inil: number): boolean | undefined {
  if (lua_type(L, inil) !== LUA_TNIL) return undefined;
  const cd = toCData(L, iref);
  if (cd === undefined || cd.isCtype || cd.t.kind !== "ref") return undefined;
  if (cd.value === 0) return true;
  return st.reg.get(cd.t.target).kind === "ptr" ? undefined : false;
}

/** `a op b` for two values at least one of which is a cdata; undefined when it doesn't apply. */
export function compare(
  L: lua_State,
  st: FfiState,
  op: CompareOp,
  ia: number,
  ib: number,
): boolean | undefined {
  if (op === "eq") {
    const isNil = referenceIsNil(L, st, ia, ib) ?? referenceIsNil(L, st, ib, ia);
    if (isNil !== undefined) return isNil;
  }
  const a = operand(L, st, ia, enumOf(L, st, ib));
  const b = operand(L, st, ib, enumOf(L, st, ia));
  // An unknown name only fails an ordering: equality never raises in LuaJIT (lj_carith_meta)
  // and a string is not the enum value.
  const bad = a.kind === "badName" ? a : b.kind === "badName" ? b : undefined;
  if (bad !== undefined) {
    if (op === "eq") return false;
    throw badNameError(st, bad.peer);
  }
  if (a.kind === "int" && b.kind === "int") {
    // Every number cdata compares through int64 / uint64, as in LuaJIT (so a double cdata
    // holding 0.5 equals 0.7: both truncate to 0).
    const u = a.unsigned64 || b.unsigned64;
    const x = to64(a, u);
    const y = to64(b, u);
    if (op === "eq") return eq64(x, y);
    if (u) return op === "lt" ? x < y : x <= y;
    return op === "lt" ? lt64(x, y) : le64(x, y);
  }
  const pa = a.kind === "ptr" ? a.address : a.kind === "nil" ? 0 : undefined;
  const pb = b.kind === "ptr" ? b.address : b.kind === "nil" ? 0 : undefined;
  if (pa !== undefined && pb !== undefined && (a.kind === "ptr" || b.kind === "ptr")) {
    if (op === "eq") return pa === pb;
    if (a.kind !== "ptr" || b.kind !== "ptr" || !compatiblePointee(st.reg, a.elem, b.elem, "ignore")) {
      return undefined;
    }
    // <, <=: unsigned address comparison (addresses are kept signed: see scalar.ts)
    const ua = pa < 0 ? pa + 2 ** 64 : pa;
    const ub = pb < 0 ? pb + 2 ** 64 : pb;
    return op === "lt" ? ua < ub : ua <= ub;
  }
  if (op === "eq") {
    // ctype objects are numbers in LuaJIT (their ids): equal for the same type.
    const ca = toCData(L, ia);
    const cb = toCData(L, ib);
    if (ca?.isCtype && cb?.isCtype) return ca.t.id === cb.t.id;
  }
  return undefined;
}

/**
 * `==` when no predefined operation and no __eq metamethod applies (lj_carith_meta): never an
 * error, true when both operands designate the same payload (a struct and a pointer to it).
 */
export function equalPayloads(L: lua_State, ia: number, ib: number): boolean {
  const ca = toCData(L, ia);
  const cb = toCData(L, ib);
  if (ca === undefined || cb === undefined) return false;
  if (ca === cb) return true;
  return !ca.isCtype && !cb.isCtype && ca.value === cb.value && isAddressed(ca) && isAddressed(cb);
}

/** Whether a cdata's value is an address (aggregates, functions, pointers, references). */
function isAddressed(cd: CData): boolean {
  const k = cd.t.kind;
  return (
    k === "struct" ||
    k === "array" ||
    k === "complex" ||
    k === "vector" ||
    k === "func" ||
    k === "ptr" ||
    k === "ref"
  );
}
