/*
 * Indexing cdata: `p[i]`, `a[i]`, `s.field`, `p.field`, `ct.CONST`, complex `.re/.im`, and the
 * writes `x[k] = v` (lj_cdata.c lj_cdata_index / lj_cdata_get / lj_cdata_set, lib_ffi.c
 * cdata_index / cdata_newindex).
 *
 * The predefined operations come first; a key they don't know falls back to the metatype's
 * __index / __newindex (for a struct, a union, or a pointer to one), as in LuaJIT. Field
 * lookups are cached per struct body and key, so a hot `p.x` is a Map lookup and a DataView
 * access. Bitfields are read and written through the bytes that cover them only (never past
 * the end of the struct, unlike LuaJIT's #1451), so 64-bit and packed bitfields work.
 */
import { lua, type lua_State, to_jsstring } from "fengari";
import {
  type AggregateInfo,
  type CType,
  FfiError,
  findConstant,
  findField,
  msg,
  objectQualifiers,
  QUAL_CONST,
  sizeOf,
  typeName,
} from "../ctype";
import { readBitfield, writeBitfield } from "./bitfield";
import { type CData, cdataSize } from "./cdata";
import { toCData } from "./cdata-stack";
import { type Anchor, loadScalar, pushC, pushScalar, storeC, toScalar } from "./convert";
import { checkAddress } from "./null-page";
import type { FfiState } from "./state";

const { LUA_TNUMBER, LUA_TSTRING, lua_type, lua_tonumber, lua_tostring, lua_pushinteger, lua_pushnumber } =
  lua;

/** A resolved member of a struct body, cached per key. */
export interface Member {
  readonly type: CType;
  readonly offset: number;
  readonly bitpos?: number;
  readonly bitsize?: number;
  /** Const through the member's type or a const transparent member it was found through. */
  readonly readonly: boolean;
  /** Value of a scoped constant (static const / enum constant in the body). */
  readonly constant?: number;
}

/** The member `name` of struct type `t`, or null (cached per body). */
function member(st: FfiState, t: CType & { kind: "struct" }, name: string): Member | null {
  // per state, as DESIGN.md keeps all such data (the state's own struct bodies are its keys)
  let cache = st.members.get(t.info);
  if (cache === undefined) {
    cache = new Map();
    st.members.set(t.info, cache);
  }
  let m = cache.get(name);
  if (m !== undefined) return m;
  const reg = st.reg;
  const f = findField(reg, t.id, name);
  if (f !== undefined) {
    const type = reg.get(f.field.type);
    // a reference member is written through, so its object's qualifiers decide (lj_cdata_set)
    const written = type.kind === "ref" ? reg.get(type.target) : type;
    m = {
      type,
      offset: f.offset,
      bitpos: f.field.bitpos,
      bitsize: f.field.bitsize,
      readonly: ((objectQualifiers(reg, written) | f.qual) & QUAL_CONST) !== 0,
    };
  } else {
    const c = findConstant(reg, t.id, name);
    m = c === undefined ? null : { type: reg.get(c.type), offset: 0, readonly: true, constant: c.value };
  }
  // An incomplete struct may be completed by a later cdef: remember its misses only once complete.
  if (m !== null || t.info.complete) cache.set(name, m);
  return m;
}

/** Pushes a constant's value: a Lua integer when it fits fengari's 32-bit integers. */
export function pushConstant(L: lua_State, v: number): void {
  if (v >= -0x80000000 && v <= 0x7fffffff) lua_pushinteger(L, v);
  else lua_pushnumber(L, v);
}

/** A string key as a JS string; bytes that are not UTF-8 become U+FFFD (no C name has them). */
function keyName(L: lua_State, keyIdx: number): string {
  return to_jsstring(lua_tostring(L, keyIdx)!, undefined, undefined, true);
}

/** The integer index a key stands for, or undefined for a non-numeric key. */
function indexOfKey(L: lua_State, keyIdx: number): number | undefined {
  const kt = lua_type(L, keyIdx);
  if (kt === LUA_TNUMBER) {
    // NaN and infinities designate no element: refused rather than read from address NaN
    const n = lua_tonumber(L, keyIdx);
    return Number.isFinite(n) ? Math.trunc(n) : undefined;
  }
  const kc = toCData(L, keyIdx);
  if (kc !== undefined && (kc.t.kind === "int" || kc.t.kind === "enum") && !kc.isCtype)
    return Number(kc.value);
  return undefined;
}

/** What a cdata's memory looks like for indexing: its element/struct type and base address. */
interface Target {
  /** Element type (pointer / array) or the struct itself. */
  readonly elem: CType | undefined;
  readonly struct: (CType & { kind: "struct" }) | undefined;
  readonly base: number;
}

function targetOf(st: FfiState, cd: CData): Target {
  const reg = st.reg;
  const t = cd.t;
  let base = cd.value as number;
  if (t.kind === "ptr") {
    const pointee = reg.get(t.target);
    const pu = reg.get(reg.unqualified(pointee.id));
    return { elem: pointee, struct: pu.kind === "struct" ? withQual(st, pu, pointee.qual) : undefined, base };
  }
  if (t.kind === "array" || t.kind === "vector") {
    const elem = reg.get(t.elem);
    return {
      elem: (t.qual & QUAL_CONST) !== 0 ? reg.get(reg.withQual(elem.id, elem.qual | QUAL_CONST)) : elem,
      struct: undefined,
      base,
    };
  }
  if (t.kind === "struct") return { elem: undefined, struct: t, base };
  base = 0;
  return { elem: undefined, struct: undefined, base };
}

function withQual(st: FfiState, t: CType & { kind: "struct" }, qual: number): CType & { kind: "struct" } {
  return qual === t.qual ? t : (st.reg.get(st.reg.withQual(t.id, qual)) as CType & { kind: "struct" });
}

/**
 * Pushes `cd[key]` (the key at `keyIdx`) and returns true, or returns false when no
 * predefined operation applies (the caller tries the metatype, then raises). A reference is
 * indexed as its object: the caller passes its `referent`.
 */
export function indexCData(L: lua_State, st: FfiState, cd: CData, keyIdx: number): boolean {
  const reg = st.reg;
  if (cd.isCtype) {
    const u = reg.get(reg.unqualified(cd.t.id));
    if (u.kind === "struct" && lua_type(L, keyIdx) === LUA_TSTRING) {
      const m = member(st, u, keyName(L, keyIdx));
      if (m?.constant !== undefined) {
        pushConstant(L, m.constant);
        return true;
      }
    }
    return false;
  }
  const tg = targetOf(st, cd);
  if (tg.elem !== undefined) {
    const i = indexOfKey(L, keyIdx);
    if (i !== undefined) {
      const size = sizeOf(reg, tg.elem.id);
      if (size === undefined) throw new FfiError(msg.sizeUnknown());
      const address = tg.base + i * size;
      checkAddress(st, tg.base, cd.t);
      pushC(L, st, tg.elem, address, cd);
      return true;
    }
  }
  if (tg.struct !== undefined && lua_type(L, keyIdx) === LUA_TSTRING) {
    const m = member(st, tg.struct, keyName(L, keyIdx));
    if (m === null) return false;
    if (m.constant !== undefined) {
      pushConstant(L, m.constant);
      return true;
    }
    checkAddress(st, tg.base, cd.t);
    if (m.bitsize !== undefined) {
      pushScalar(L, st, m.type, readBitfield(tg.base + m.offset, m.bitpos ?? 0, m.bitsize, m.type));
    } else {
      pushC(L, st, m.type, tg.base + m.offset, cd);
    }
    return true;
  }
  if (cd.t.kind === "complex" && lua_type(L, keyIdx) !== LUA_TSTRING) {
    const i = indexOfKey(L, keyIdx);
    if (i !== undefined) {
      const part = reg.get(cd.t.part);
      lua_pushnumber(L, loadScalar(part, cd.address + (i & 1) * (cd.t.size / 2)) as number);
      return true;
    }
  }
  if (cd.t.kind === "complex") {
    const k = lua_type(L, keyIdx) === LUA_TSTRING ? keyName(L, keyIdx) : "";
    if (k === "re" || k === "im") {
      const part = reg.get(cd.t.part);
      lua_pushnumber(L, loadScalar(part, cd.address + (k === "im" ? cd.t.size / 2 : 0)) as number);
      return true;
    }
  }
  return false;
}

/**
 * Performs `cd[key] = value` and returns true, or returns false when no predefined operation
 * applies (the caller tries the metatype, then raises). As indexCData, `cd` is a referent.
 */
export function newindexCData(
  L: lua_State,
  st: FfiState,
  cd: CData,
  keyIdx: number,
  valIdx: number,
): boolean {
  const reg = st.reg;
  if (cd.isCtype) {
    // the scoped constants a ctype object reads are constant locations
    const u = reg.get(reg.unqualified(cd.t.id));
    if (u.kind === "struct" && lua_type(L, keyIdx) === LUA_TSTRING) {
      if (member(st, u, keyName(L, keyIdx))?.constant !== undefined) {
        throw new FfiError(msg.writeConst());
      }
    }
    return false;
  }
  if (cd.t.kind === "complex" && isComplexPart(L, keyIdx)) throw new FfiError(msg.writeConst());
  const tg = targetOf(st, cd);
  const anchor: Anchor = (keep, slot) => st.anchorFor(cd, keep, slot);
  if (tg.elem !== undefined) {
    const i = indexOfKey(L, keyIdx);
    if (i !== undefined) {
      if ((objectQualifiers(reg, tg.elem) & QUAL_CONST) !== 0) throw new FfiError(msg.writeConst());
      const size = sizeOf(reg, tg.elem.id);
      if (size === undefined) throw new FfiError(msg.sizeUnknown());
      checkAddress(st, tg.base, cd.t);
      // an array's element has no room past its size (a [0] element none); through a pointer
      // the extent is unknown and a string is written whole, as in LuaJIT
      const room = cd.t.kind === "ptr" ? undefined : size;
      storeC(L, st, valIdx, tg.elem, tg.base + i * size, anchor, room);
      return true;
    }
  }
  if (tg.struct !== undefined && lua_type(L, keyIdx) === LUA_TSTRING) {
    const m = member(st, tg.struct, keyName(L, keyIdx));
    if (m === null) return false;
    if (m.readonly || (tg.struct.qual & QUAL_CONST) !== 0) throw new FfiError(msg.writeConst());
    checkAddress(st, tg.base, cd.t);
    if (m.bitsize !== undefined) {
      writeBitfield(
        tg.base + m.offset,
        m.bitpos ?? 0,
        m.bitsize,
        toScalar(L, st, valIdx, m.type, false, undefined),
      );
    } else {
      // A [0] array or the trailing VLA of a VLS has the room up to the end of a struct
      // cdata (a VLS's count included); through a pointer, or in a VLS of unknown count, the
      // extent is unknown and a string is written whole, as in LuaJIT.
      const size = cd.t.kind === "struct" ? cdataSize(st, cd) : undefined;
      const room = size === undefined ? undefined : size - m.offset;
      storeC(L, st, valIdx, m.type, tg.base + m.offset, anchor, room);
    }
    return true;
  }
  return false;
}

/** Whether a key names a part of a complex (.re, .im, [i]): complex parts are read-only. */
function isComplexPart(L: lua_State, keyIdx: number): boolean {
  if (lua_type(L, keyIdx) === LUA_TSTRING) {
    const k = keyName(L, keyIdx);
    return k === "re" || k === "im";
  }
  return indexOfKey(L, keyIdx) !== undefined;
}

/** The struct type whose metatype applies to `cd` (a struct, union or pointer to one), or undefined. */
export function metatypeOwner(st: FfiState, cd: CData): AggregateInfo | undefined {
  const reg = st.reg;
  let t = cd.t;
  if (t.kind === "ptr" || t.kind === "ref") t = reg.get(t.target);
  return t.kind === "struct" ? t.info : undefined;
}

/**
 * The error for a key nothing handled (lib_ffi.c ffi_index_meta): it names the type the lookup
 * ended on (a pointer to a struct, or a ctype object for one, names the struct; `cd` is a
 * referent, so a reference names its object) and, for a key that is not a string, the key's type.
 */
export function indexError(L: lua_State, st: FfiState, cd: CData, keyIdx: number): FfiError {
  const reg = st.reg;
  let t = cd.isCtype ? cd.t : (targetOf(st, cd).struct ?? cd.t);
  // a ctype object of a pointer type looks its constants up in the pointee
  if (cd.isCtype && t.kind === "ptr") t = reg.get(t.target);
  // LuaJIT keeps the qualifiers of these kinds apart from the type (as attributes) and skips
  // them here; any other type is named with its qualifiers
  const apart = t.kind === "struct" || t.kind === "enum" || t.kind === "complex";
  const name = typeName(reg, apart ? reg.unqualified(t.id) : t.id);
  if (lua_type(L, keyIdx) === LUA_TSTRING) {
    return new FfiError(msg.noMember(name, keyName(L, keyIdx)));
  }
  const kc = toCData(L, keyIdx);
  const key =
    kc !== undefined ? typeName(reg, kc.t.id) : to_jsstring(lua.lua_typename(L, lua_type(L, keyIdx)));
  // a ctype object is itself of type `ctype` for anything but a constant's name
  return new FfiError(msg.badIndexKey(cd.isCtype ? "ctype" : name, key));
}
