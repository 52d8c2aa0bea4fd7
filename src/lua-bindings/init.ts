/*
 * Creating cdata: ffi.new / ctype(...) with initializers and table initializers
 * (lj_cconv.c lj_cconv_ct_init, cconv_array_init, cconv_struct_init, cconv_substruct_tab;
 * reference/LUAJIT-FFI.md §1C.2 and §1C.3).
 *
 * - Scalars take at most one initializer and become value boxes (no memory is allocated).
 * - Aggregates get zero-filled memory from an ArrayBuffer, then one of: a cdata of the same
 *   type (copied), a table initializer, a string (byte arrays), or a flat list where each
 *   element or field takes one value; a single flat value is repeated over a fixed array.
 * - Too many initializers raise `too many initializers for 'T'`.
 */
import { lua, type lua_State } from "fengari";
import { alignOf, type CType, FfiError, msg, sizeOf, sizeOfVariable, typeName } from "../ctype";
import { writeBitfield } from "./bitfield";
import { allocate, CData } from "./cdata";
import { pushCData, toCData } from "./cdata-stack";
import { type Anchor, isScalar, setTableInit, storeC, storeScalar, toScalar } from "./convert";
import type { FfiState } from "./state";

const { LUA_TNIL, LUA_TTABLE, LUA_TUSERDATA, LUA_TSTRING, lua_gettop, lua_type, lua_pop, lua_rawgeti } = lua;
const { lua_getfield, lua_tonumber, LUA_TNUMBER, lua_absindex } = lua;

/** A member that a flat or positional initializer fills, with transparent members flattened. */
interface InitField {
  readonly name: string | undefined;
  readonly type: CType;
  readonly offset: number;
  readonly bitpos?: number;
  readonly bitsize?: number;
}

/** The fields of struct `t` in initialization order (transparent members flattened). */
function initFields(st: FfiState, t: CType & { kind: "struct" }, base = 0): InitField[] {
  const reg = st.reg;
  const out: InitField[] = [];
  for (const f of t.info.fields) {
    const ft = reg.get(f.type);
    if (f.bitsize !== undefined) {
      if (f.name !== undefined)
        out.push({ name: f.name, type: ft, offset: base + f.offset, bitpos: f.bitpos, bitsize: f.bitsize });
      continue;
    }
    if (f.name === undefined && ft.kind === "struct") {
      out.push(...initFields(st, ft, base + f.offset));
      continue;
    }
    out.push({ name: f.name, type: ft, offset: base + f.offset });
  }
  return out;
}

/** Writes one initializer (the value at `idx`) into a field. */
function storeField(
  L: lua_State,
  st: FfiState,
  idx: number,
  f: InitField,
  address: number,
  anchor: Anchor,
): void {
  if (f.bitsize !== undefined) {
    writeBitfield(address + f.offset, f.bitpos ?? 0, f.bitsize, toScalar(L, st, idx, f.type, false, anchor));
    return;
  }
  storeC(L, st, idx, f.type, address + f.offset, anchor);
}

/** The element type and count of an array type (count from the VLA length for `[?]`). */
function arrayShape(
  st: FfiState,
  t: CType & { kind: "array" },
  count: number | undefined,
): { elem: CType; n: number; size: number } {
  const elem = st.reg.get(t.elem);
  const size = sizeOf(st.reg, elem.id);
  if (size === undefined) throw new FfiError(msg.sizeUnknown());
  return { elem, n: t.length ?? count ?? 0, size };
}

/**
 * Initializes the aggregate of type `t` at `address` from the flat list of values at stack
 * indexes [first, last] (already zero-filled).
 */
function initAggregate(
  L: lua_State,
  st: FfiState,
  t: CType,
  address: number,
  count: number | undefined,
  first: number,
  last: number,
  anchor: Anchor,
): void {
  const n = last - first + 1;
  if (n <= 0) return;
  if (n === 1) {
    // one value: a compatible cdata, a table, a string into a byte array, or a scalar to repeat
    const type = lua_type(L, first);
    if (
      type === LUA_TTABLE ||
      type === LUA_TSTRING ||
      (type === LUA_TUSERDATA && isSameAggregate(L, st, first, t))
    ) {
      storeVariable(L, st, first, t, address, count, anchor);
      return;
    }
  }
  if (t.kind === "array") {
    const { elem, n: len, size } = arrayShape(st, t, count);
    if (n > len) throw new FfiError(msg.tooManyInit(typeName(st.reg, t.id)));
    for (let i = 0; i < n; i++) storeC(L, st, first + i, elem, address + i * size, anchor);
    if (n === 1 && t.length !== null) {
      for (let i = 1; i < len; i++) storeC(L, st, first, elem, address + i * size, anchor);
    }
    return;
  }
  if (t.kind === "struct") {
    const fields = initFields(st, t);
    const limit = t.info.union ? Math.min(1, fields.length) : fields.length;
    if (n > limit) throw new FfiError(msg.tooManyInit(typeName(st.reg, t.id)));
    for (let i = 0; i < n; i++) storeField(L, st, first + i, fields[i]!, address, anchor);
    return;
  }
  if (t.kind === "complex") {
    if (n > 2) throw new FfiError(msg.tooManyInit(typeName(st.reg, t.id)));
    const part = st.reg.get(t.part);
    for (let i = 0; i < n; i++)
      storeScalar(part, address + (i * t.size) / 2, toScalar(L, st, first + i, part, false, anchor));
    return;
  }
  if (n > 1) throw new FfiError(msg.tooManyInit(typeName(st.reg, t.id)));
  storeC(L, st, first, t, address, anchor);
}

function isSameAggregate(L: lua_State, st: FfiState, idx: number, t: CType): boolean {
  const cd = toCData(L, idx);
  if (cd === undefined || cd.isCtype) return false;
  return (
    st.reg.unqualified(cd.t.id) === st.reg.unqualified(t.id) ||
    (cd.t.kind === "struct" && t.kind === "struct" && cd.t.info === t.info)
  );
}

/** storeC, with VLA element counts honoured for strings and tables. */
function storeVariable(
  L: lua_State,
  st: FfiState,
  idx: number,
  t: CType,
  address: number,
  count: number | undefined,
  anchor: Anchor,
): void {
  if (t.kind === "array" && t.length === null && lua_type(L, idx) === LUA_TTABLE) {
    tableInitArray(L, st, idx, t, address, count ?? 0, anchor);
    return;
  }
  storeC(L, st, idx, t, address, anchor);
}

/** Table initializer for an array: zero- or one-based, a single element repeats (fixed arrays). */
function tableInitArray(
  L: lua_State,
  st: FfiState,
  idx: number,
  t: CType & { kind: "array" },
  address: number,
  count: number,
  anchor: Anchor,
): void {
  const { elem, n: len, size } = arrayShape(st, t, count);
  idx = lua_absindex(L, idx);
  lua_rawgeti(L, idx, 0);
  const base = lua_type(L, -1) === LUA_TNIL ? 1 : 0;
  lua_pop(L, 1);
  let i = 0;
  for (; ; i++) {
    lua_rawgeti(L, idx, base + i);
    if (lua_type(L, -1) === LUA_TNIL) {
      lua_pop(L, 1);
      break;
    }
    if (i >= len) throw new FfiError(msg.tooManyInit(typeName(st.reg, t.id)));
    storeC(L, st, -1, elem, address + i * size, anchor);
    lua_pop(L, 1);
  }
  if (i === 1 && t.length !== null) {
    lua_rawgeti(L, idx, base);
    for (let k = 1; k < len; k++) storeC(L, st, -1, elem, address + k * size, anchor);
    lua_pop(L, 1);
  }
}

/** Table initializer for a struct/union: positional if [0] or [1] is set, else by field name. */
function tableInitStruct(
  L: lua_State,
  st: FfiState,
  idx: number,
  t: CType & { kind: "struct" },
  address: number,
  anchor: Anchor,
): void {
  idx = lua_absindex(L, idx);
  const fields = initFields(st, t);
  lua_rawgeti(L, idx, 0);
  const zero = lua_type(L, -1) !== LUA_TNIL;
  lua_pop(L, 1);
  lua_rawgeti(L, idx, 1);
  const one = lua_type(L, -1) !== LUA_TNIL;
  lua_pop(L, 1);
  if (zero || one) {
    const base = zero ? 0 : 1;
    for (let i = 0; i < fields.length; i++) {
      lua_rawgeti(L, idx, base + i);
      if (lua_type(L, -1) === LUA_TNIL) {
        lua_pop(L, 1);
        break;
      }
      storeField(L, st, -1, fields[i]!, address, anchor);
      lua_pop(L, 1);
      if (t.info.union) break;
    }
    return;
  }
  for (const f of fields) {
    if (f.name === undefined) continue;
    lua_getfield(L, idx, f.name);
    if (lua_type(L, -1) !== LUA_TNIL) {
      storeField(L, st, -1, f, address, anchor);
      lua_pop(L, 1);
      if (t.info.union) break;
    } else {
      lua_pop(L, 1);
    }
  }
}

setTableInit((L, st, idx, t, address, anchor) => {
  if (t.kind === "array") return tableInitArray(L, st, idx, t, address, 0, anchor);
  if (t.kind === "struct") return tableInitStruct(L, st, idx, t, address, anchor);
  throw new FfiError(msg.cannotConvert("table", typeName(st.reg, t.id)));
});

/** The element count argument of a VLA / VLS constructor. */
function checkCount(L: lua_State, st: FfiState, idx: number, t: CType): number {
  const type = lua_type(L, idx);
  let n: number | undefined;
  if (type === LUA_TNUMBER) n = lua_tonumber(L, idx);
  else {
    const cd = toCData(L, idx);
    if (cd !== undefined && cd.t.kind === "int") n = Number(cd.value);
  }
  if (n === undefined || !(n >= 0) || !Number.isFinite(n)) throw new FfiError(msg.sizeUnknown());
  const count = Math.trunc(n);
  if (sizeOfVariable(st.reg, t.id, count) === undefined) throw new FfiError(msg.sizeUnknown());
  return count;
}

/** Whether `t` is a VLA or a VLS (its size needs an element count). */
export function isVariable(t: CType): boolean {
  return (t.kind === "array" && t.length === null) || (t.kind === "struct" && t.info.vls);
}

/**
 * ffi.new(t, [nelem,] init...) with the arguments from stack index `first` on: pushes the new
 * cdata and returns 1.
 */
export function construct(L: lua_State, st: FfiState, t: CType, first: number): number {
  const reg = st.reg;
  const top = lua_gettop(L);
  let count: number | undefined;
  if (isVariable(t)) {
    count = checkCount(L, st, first, t);
    first++;
  }
  if (isScalar(t)) {
    if (top - first + 1 > 1) throw new FfiError(msg.tooManyInit(typeName(reg, t.id)));
    const v =
      top >= first ? toScalar(L, st, first, t, false, undefined) : t.kind === "int" && t.size === 8 ? 0n : 0;
    pushCData(L, st, new CData(t, v));
    return 1;
  }
  const size = count === undefined ? sizeOf(reg, t.id) : sizeOfVariable(reg, t.id, count);
  if (size === undefined || t.kind === "func" || t.kind === "void") throw new FfiError(msg.sizeUnknown());
  const { address, keep } = allocate(size, alignOf(reg, t.id));
  const cd = new CData(t, address, keep, count);
  const anchor: Anchor = (buf) => st.anchorFor(cd, buf);
  initAggregate(L, st, t, address, count, first, top, anchor);
  pushCData(L, st, cd);
  return 1;
}
