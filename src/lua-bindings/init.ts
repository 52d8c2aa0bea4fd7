/*
 * Creating cdata: ffi.new / ctype(...) with initializers, and table initializers
 * (lj_cconv.c lj_cconv_ct_init, cconv_substruct_init, cconv_array_tab, cconv_substruct_tab,
 * lj_cconv_multi_init; lib_ffi.c ffi_new; reference/LUAJIT-FFI.md §1C.2 and §1C.3).
 *
 * - Scalars take at most one initializer and become value boxes (no memory is allocated).
 * - Aggregates get zero-filled memory from an ArrayBuffer. A single value that "is" the
 *   aggregate (a table, a string for an array, a cdata of the identical type) is converted as a
 *   whole; anything else is a flat list where each element or field takes one value, and a
 *   single flat value is repeated over an array.
 * - Table initializers are zero- or one-based by whether `[0]` is set; struct tables are
 *   positional if `[0]` or `[1]` is set, by field name otherwise. Transparent members take
 *   part in both orders, a union (transparent or not) stops after its first initialized field.
 * - VLA and VLS bounds come from the element count: where LuaJIT writes past the allocation
 *   (a table or a string longer than a VLA), we raise `too many initializers` or truncate.
 */
import { lua, type lua_State } from "fengari";
import { alignOf, type CType, FfiError, msg, sizeOf, sizeOfVariable, typeName } from "../ctype";
import { fillNative } from "../native";
import { writeBitfield } from "./bitfield";
import { CData } from "./cdata";
import { pushCData, toCData } from "./cdata-stack";
import {
  type Anchor,
  isScalar,
  pointerKeep,
  repeatFirst,
  setTableInit,
  storeC,
  storeScalar,
  toScalar,
  valueType,
} from "./convert";
import { argError } from "./errors";
import type { FfiState } from "./state";

const {
  LUA_TFUNCTION,
  LUA_TNIL,
  LUA_TNONE,
  LUA_TTABLE,
  LUA_TSTRING,
  lua_gettop,
  lua_type,
  lua_pop,
  lua_rawgeti,
} = lua;
const { lua_absindex, lua_pushstring, lua_rawget } = lua;

type StructType = CType & { kind: "struct" };
type ArrayType = CType & { kind: "array" };

/** Writes one value (at `idx`) into field `f` of the aggregate at `address` of `size` bytes. */
function storeField(
  L: lua_State,
  st: FfiState,
  idx: number,
  f: StructType["info"]["fields"][number],
  address: number,
  size: number,
  anchor: Anchor,
): void {
  const ft = st.reg.get(f.type);
  if (f.bitsize !== undefined) {
    writeBitfield(address + f.offset, f.bitpos ?? 0, f.bitsize, toScalar(L, st, idx, ft, false, anchor));
    return;
  }
  // An initializer binds a reference member to its object (an assignment writes through it).
  if (ft.kind === "ref") {
    const slot = address + f.offset;
    storeScalar(
      ft,
      slot,
      toScalar(L, st, idx, ft, false, (keep) => anchor(keep, slot)),
    );
    return;
  }
  // The trailing VLA of a VLS owns the rest of the allocation.
  storeC(L, st, idx, ft, address + f.offset, anchor, size - f.offset);
}

/** A member that transparent-member recursion descends into (an unnamed struct/union). */
function isTransparent(st: FfiState, f: StructType["info"]["fields"][number]): boolean {
  return f.name === undefined && f.bitsize === undefined && st.reg.get(f.type).kind === "struct";
}

// ---- Flat initializer lists -------------------------------------------------------------------

/** Fills the fields of struct `t` from the values [first + pos.i, first + n) (cconv_substruct_init). */
function substructInit(
  L: lua_State,
  st: FfiState,
  t: StructType,
  address: number,
  size: number,
  first: number,
  n: number,
  pos: { i: number },
  anchor: Anchor,
): void {
  for (const f of t.info.fields) {
    if (isTransparent(st, f)) {
      const sub = st.reg.get(f.type) as StructType;
      substructInit(L, st, sub, address + f.offset, size - f.offset, first, n, pos, anchor);
    } else {
      if (f.name === undefined) continue;
      if (pos.i >= n) break;
      storeField(L, st, first + pos.i, f, address, size, anchor);
      pos.i++;
    }
    if (t.info.union) break;
  }
}

/** Whether a single initializer is one element/field of aggregate `t` rather than all of it. */
function isFlatValue(L: lua_State, st: FfiState, idx: number, t: CType): boolean {
  if (t.kind !== "struct" && t.kind !== "array") return false;
  const type = lua_type(L, idx);
  if (type === LUA_TTABLE || (type === LUA_TSTRING && t.kind !== "struct")) return false;
  const cd = toCData(L, idx);
  if (cd !== undefined && !cd.isCtype) {
    // a reference initializes as its object
    const reg = st.reg;
    const ct = valueType(reg, cd.t);
    if (reg.unqualified(ct.id) === reg.unqualified(t.id)) return false;
    if (ct.kind === "struct" && t.kind === "struct" && ct.info === t.info) return false;
  }
  return true;
}

/**
 * Initializes the zero-filled object of type `t` and `size` bytes at `address` from the values
 * at stack indexes [first, first + n) (lj_cconv_ct_init).
 */
function initFlat(
  L: lua_State,
  st: FfiState,
  t: CType,
  address: number,
  size: number,
  first: number,
  n: number,
  anchor: Anchor,
): void {
  if (n === 0) return;
  if (n === 1 && !isFlatValue(L, st, first, t)) {
    storeC(L, st, first, t, address, anchor, size);
    return;
  }
  const reg = st.reg;
  if (t.kind === "array" || t.kind === "complex" || t.kind === "vector") {
    const elem = reg.get(t.kind === "complex" ? t.part : t.elem);
    const esize = sizeOf(reg, elem.id) ?? 0;
    if (n * esize > size) throw new FfiError(msg.tooManyInit(typeName(reg, t.id)));
    for (let i = 0; i < n; i++) storeC(L, st, first + i, elem, address + i * esize, anchor, esize);
    // one value repeats over an array (a complex or vector took it whole above)
    if (n === 1) repeatFirst(address, esize, size);
    return;
  }
  if (t.kind === "struct") {
    const pos = { i: 0 };
    substructInit(L, st, t, address, size, first, n, pos, anchor);
    if (pos.i < n) throw new FfiError(msg.tooManyInit(typeName(reg, t.id)));
    return;
  }
  throw new FfiError(msg.tooManyInit(typeName(reg, t.id)));
}

// ---- Table initializers -----------------------------------------------------------------------

/**
 * Table initializer for an array (also complex and vectors) of `size` bytes (cconv_array_tab):
 * zero- or one-based, elements up to the first nil; one element repeats over a fixed-size
 * array, otherwise the rest is zeroed (a VLA is left as it is past the elements given).
 */
function arrayTab(
  L: lua_State,
  st: FfiState,
  tab: number,
  t: CType,
  address: number,
  size: number,
  anchor: Anchor,
): void {
  const reg = st.reg;
  const elem = reg.get(t.kind === "complex" ? t.part : (t as ArrayType).elem);
  const esize = sizeOf(reg, elem.id);
  if (esize === undefined) throw new FfiError(msg.sizeUnknown());
  let ofs = 0;
  for (let i = 0; ; i++) {
    lua_rawgeti(L, tab, i);
    if (lua_type(L, -1) === LUA_TNIL) {
      lua_pop(L, 1);
      if (i === 0) continue; // one-based table
      break;
    }
    if (ofs + esize > size || esize === 0) throw new FfiError(msg.tooManyInit(typeName(reg, t.id)));
    storeC(L, st, -1, elem, address + ofs, anchor, esize);
    lua_pop(L, 1);
    ofs += esize;
  }
  // Only arrays of known size are filled up; a VLA or flexible array keeps what follows the
  // elements given.
  if (t.kind === "array" && (t.length === null || t.flexible)) return;
  if (ofs === esize) {
    repeatFirst(address, esize, size);
  } else if (ofs < size) {
    fillNative(address + ofs, size - ofs, 0);
  }
}

/**
 * Table initializer for the fields of struct `t` (cconv_substruct_tab). `pos.i` is the next
 * positional index, or -1 once the table turned out to name its fields.
 */
function substructTab(
  L: lua_State,
  st: FfiState,
  tab: number,
  t: StructType,
  address: number,
  size: number,
  pos: { i: number },
  anchor: Anchor,
): void {
  for (const f of t.info.fields) {
    if (isTransparent(st, f)) {
      const sub = st.reg.get(f.type) as StructType;
      substructTab(L, st, tab, sub, address + f.offset, size - f.offset, pos, anchor);
      if (t.info.union) break;
      continue;
    }
    if (f.name === undefined) continue;
    if (pos.i >= 0) {
      const start = pos.i;
      let i = start;
      lua_rawgeti(L, tab, i);
      if (lua_type(L, -1) === LUA_TNIL && i === 0) {
        lua_pop(L, 1);
        i = 1;
        lua_rawgeti(L, tab, i);
      }
      if (lua_type(L, -1) === LUA_TNIL) {
        lua_pop(L, 1);
        if (start !== 0) break; // positional: stop at the first nil
        pos.i = -1; // neither [0] nor [1]: fields by name
      } else {
        pos.i = i + 1;
      }
    }
    if (pos.i < 0) {
      // raw, as LuaJIT reads table initializers: no __index runs in the middle of a conversion
      lua_pushstring(L, f.name);
      if (lua_rawget(L, tab) === LUA_TNIL) {
        lua_pop(L, 1);
        continue;
      }
    }
    storeField(L, st, -1, f, address, size, anchor);
    lua_pop(L, 1);
    if (t.info.union) break;
  }
}

setTableInit((L, st, idx, t, address, anchor, size) => {
  const tab = lua_absindex(L, idx);
  if (t.kind === "struct") {
    // Much simpler to clear the struct first, as LuaJIT does (the VLA of a VLS excepted).
    fillNative(address, Math.min(size, t.info.size), 0);
    substructTab(L, st, tab, t, address, size, { i: 0 }, anchor);
    return;
  }
  arrayTab(L, st, tab, t, address, size, anchor);
});

// ---- ffi.new ----------------------------------------------------------------------------------

/** Whether `t` is a VLA or a VLS (its size needs an element count). */
export function isVariable(t: CType): boolean {
  return (t.kind === "array" && t.length === null) || (t.kind === "struct" && t.info.vls);
}

/**
 * An int argument (lib_ffi.c ffi_checkint): a VLA / VLS element count, a length; any value
 * that converts to int, errors worded as argument errors.
 */
export function checkInt(L: lua_State, st: FfiState, idx: number): number {
  if (lua_type(L, idx) === LUA_TNONE) return argError(L, idx, "value expected");
  try {
    return toScalar(L, st, idx, st.reg.get(st.reg.ids.int), false, undefined) as number;
  } catch (e) {
    if (e instanceof FfiError) return argError(L, idx, e.message);
    throw e;
  }
}

/**
 * ffi.new(t, [nelem,] init...) with the arguments from stack index `first` on: pushes the new
 * cdata and returns 1. `first - 1` is the stack index of the type (for argument errors).
 */
export function construct(L: lua_State, st: FfiState, t: CType, first: number): number {
  const reg = st.reg;
  const typeIdx = first - 1;
  const top = lua_gettop(L);
  let count: number | undefined;
  let size: number | undefined;
  if (isVariable(t)) {
    count = checkInt(L, st, first);
    first++;
    size = count < 0 ? undefined : sizeOfVariable(reg, t.id, count);
  } else {
    size = t.kind === "func" || t.kind === "void" ? undefined : sizeOf(reg, t.id);
  }
  if (size === undefined || size > 0x7fffffff) return argError(L, typeIdx, msg.sizeUnknown());
  if (isScalar(t)) {
    if (top - first + 1 > 1) throw new FfiError(msg.tooManyInit(typeName(reg, t.id)));
    if (top < first) {
      pushCData(L, st, new CData(t, t.kind === "int" && t.size === 8 ? 0n : 0));
      return 1;
    }
    if (t.kind !== "ptr" && t.kind !== "ref") {
      pushCData(L, st, new CData(t, toScalar(L, st, first, t, false, undefined)));
      return 1;
    }
    // the box keeps what it points into, as with ffi.cast: a string's copy, a source cdata;
    // a Lua function becomes a callback of its own, as with ffi.cast (not the one an implicit
    // conversion of the same function shares), which the script may free
    const keep: ArrayBuffer[] = [];
    const v = toScalar(L, st, first, t, lua_type(L, first) === LUA_TFUNCTION, (b) => keep.push(b));
    pushCData(L, st, new CData(t, v, pointerKeep(L, first, keep)));
    return 1;
  }
  const { address, keep } = st.memory.allocate(size, alignOf(reg, t.id));
  const cd = new CData(t, address, keep, count);
  const anchor: Anchor = (buf, slot) => st.anchorFor(cd, buf, slot);
  initFlat(L, st, t, address, size, first, top - first + 1, anchor);
  pushCData(L, st, cd);
  return 1;
}
