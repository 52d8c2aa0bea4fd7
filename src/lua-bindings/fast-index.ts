/*
 * The index fast paths: `a[i]`, `a[i] = v`, `p.x`, `p.x = v` on cdata, served inside fengari's
 * luaV_gettable / settable (patches/patch-fengari.cjs, "index hooks") without a metamethod call.
 *
 * A metamethod call costs fengari a Lua->JS call (pushing the function and arguments, a call
 * frame, moving the result), several times a table access. The hooks instead read the key's
 * TValue, find the element or field through a per-ctype Shape (cached on the cdata), and load
 * or store a plain number straight between C memory and the VM's stack slot. They only handle
 * what needs no allocation: numeric keys on arrays and pointers, string keys on structs and
 * pointers to structs, and element / field types that are plain Lua numbers or booleans
 * (integers up to 32 bits, float, double, bool). Everything else (boxed results, bitfields,
 * constants, metatypes, errors, writes of non-numbers) returns false and takes the metamethod
 * path in cdata-meta.ts, which has the full semantics. Field names are matched through the
 * hash string fengari caches on its TString keys, so a hot field access is one Map lookup.
 */
import { type lua_State, type TValue, to_jsstring, type Udata } from "fengari";
import { setobj2s } from "fengari/src/lobject.js";
import { luaS_hashlongstr } from "fengari/src/lstring.js";
import { luaH_get } from "fengari/src/ltable.js";
import { type CType, findConstant, findField, QUAL_CONST, sizeOf } from "../ctype";
import {
  readF32,
  readF64,
  readI8,
  readI16,
  readI32,
  readU8,
  readU16,
  readU32,
  writeF32,
  writeF64,
  writeI8,
  writeI16,
  writeI32,
} from "../native";
import { CData } from "./cdata";
import { NULL_PAGE } from "./null-page";
import { numberToInt } from "./scalar";
import type { FfiState } from "./state";

// fengari's type tags (defs.js): float and integer numbers, short and long strings, booleans.
const LUA_TNUMFLT = 3;
const LUA_TNUMINT = 3 | (1 << 4);
const LUA_TSHRSTR = 4;
const LUA_TLNGSTR = 4 | (1 << 4);
const LUA_TBOOLEAN = 1;
const LUA_TNIL = 0;

/** Load and store of one plain-number C type. */
interface Access {
  readonly size: number;
  readonly load: (address: number) => number;
  readonly store: (address: number, v: number) => void;
  /** How the loaded number goes into a TValue (u32: an integer below 2^31, else a float). */
  readonly as: "int" | "u32" | "float" | "bool";
  readonly writable: boolean;
}

/** A field reachable by the fast path. */
interface FastField {
  readonly offset: number;
  readonly access: Access;
}

/** What the fast paths need to know about one ctype. */
export interface Shape {
  /** Elements of an array or pointer, when they are plain numbers; null when not. */
  readonly elem: Access | null;
  /** Fields by fengari hash key, for structs and pointers to structs; null when not a struct. */
  readonly fields: Map<string, FastField | null | typeof NO_MEMBER> | null;
  readonly struct: (CType & { kind: "struct" }) | undefined;
}

const intAccess = (t: CType & { kind: "int" }, writable: boolean): Access => {
  const store4 = (a: number, v: number) => writeI32(a, numberToInt(v, 4, t.unsigned) as number);
  switch (t.size) {
    case 1:
      return {
        size: 1,
        load: t.unsigned ? readU8 : readI8,
        store: (a, v) => writeI8(a, numberToInt(v, 1, t.unsigned) as number),
        as: "int",
        writable,
      };
    case 2:
      return {
        size: 2,
        load: t.unsigned ? readU16 : readI16,
        store: (a, v) => writeI16(a, numberToInt(v, 2, t.unsigned) as number),
        as: "int",
        writable,
      };
    default:
      return {
        size: 4,
        load: t.unsigned ? readU32 : readI32,
        store: store4,
        as: t.unsigned ? "u32" : "int",
        writable,
      };
  }
};

/** The fast access for a C type, or null when its values are not plain Lua numbers. */
function accessOf(st: FfiState, t: CType): Access | null {
  const writable = (t.qual & QUAL_CONST) === 0;
  const u = st.reg.get(st.reg.unqualified(t.id));
  switch (u.kind) {
    case "int":
      return u.size === 8 ? null : intAccess(u, writable);
    case "float":
      if (u.size === 8) return { size: 8, load: readF64, store: writeF64, as: "float", writable };
      if (u.size === 4) return { size: 4, load: readF32, store: writeF32, as: "float", writable };
      return null;
    case "bool":
      return { size: 1, load: readU8, store: (a, v) => writeI8(a, v !== 0 ? 1 : 0), as: "bool", writable };
    default:
      return null;
  }
}

/** Computes the shape of a ctype. */
function shapeOf(st: FfiState, t: CType): Shape {
  const reg = st.reg;
  if (t.kind === "array") {
    const elem = reg.get(t.elem);
    const constArray = (t.qual & QUAL_CONST) !== 0;
    const a = accessOf(st, constArray ? reg.get(reg.withQual(elem.id, elem.qual | QUAL_CONST)) : elem);
    return { elem: a, fields: null, struct: undefined };
  }
  if (t.kind === "ptr") {
    const target = reg.get(t.target);
    const tu = reg.get(reg.unqualified(target.id));
    const struct = tu.kind === "struct" ? tu : undefined;
    const elem = sizeOf(reg, target.id) === undefined ? null : accessOf(st, target);
    const readonlyStruct = struct !== undefined && (target.qual & QUAL_CONST) !== 0;
    return {
      elem,
      fields: struct ? new Map() : null,
      struct: readonlyStruct ? (target as CType & { kind: "struct" }) : struct,
    };
  }
  if (t.kind === "struct") return { elem: null, fields: new Map(), struct: t };
  return { elem: null, fields: null, struct: undefined };
}

/** Cached for a key that names neither a member nor a scoped constant of the struct. */
const NO_MEMBER = false;

/**
 * The fast field for key `ts` (a fengari TString) of a struct shape, cached by hash: a
 * FastField, null for a member the fast path leaves to the metamethod, NO_MEMBER for a name the
 * struct does not have (a method name, looked up in the metatype).
 */
function fieldOf(
  st: FfiState,
  shape: Shape,
  ts: { realstring: Uint8Array },
): FastField | null | typeof NO_MEMBER {
  const key = luaS_hashlongstr(ts);
  const fields = shape.fields!;
  let f = fields.get(key);
  if (f !== undefined) return f;
  f = null;
  const struct = shape.struct!;
  const name = to_jsstring(ts.realstring, undefined, undefined, true);
  const found = findField(st.reg, struct.id, name);
  if (found === undefined) {
    if (findConstant(st.reg, struct.id, name) === undefined) f = NO_MEMBER;
  } else if (found.field.bitsize === undefined) {
    const ft = st.reg.get(found.field.type);
    const constBits = (found.qual | struct.qual) & QUAL_CONST;
    const access = accessOf(st, constBits ? st.reg.get(st.reg.withQual(ft.id, ft.qual | QUAL_CONST)) : ft);
    if (access !== null) f = { offset: found.offset, access };
  }
  // An incomplete struct may be completed by a later cdef: remember misses only once complete.
  if (f !== NO_MEMBER || struct.info.complete) fields.set(key, f);
  return f;
}

/** The shape of a cdata, computed once per cdata object. */
function shapeOfCData(st: FfiState, cd: CData): Shape {
  let s = st.shapes.get(cd.t);
  if (s === undefined) {
    s = shapeOf(st, cd.t);
    st.shapes.set(cd.t, s);
  }
  return s;
}

/** What a get or set of `cd[key]` comes to on the fast path. */
type Located = { address: number; access: Access } | typeof NO_MEMBER | undefined;

/**
 * The address `cd[key]` designates and its access; NO_MEMBER when the key is a name the struct
 * lacks (a method, for the get hook to find in the metatype); undefined when the fast path can't
 * serve the access.
 */
function locate(st: FfiState, cd: CData, key: TValue): Located {
  if (cd.isCtype) return undefined;
  const shape = shapeOfCData(st, cd);
  const base = cd.value as number;
  if (base < NULL_PAGE) return undefined; // the slow path raises the NULL error
  const kt = key.type;
  if (kt === LUA_TNUMINT || kt === LUA_TNUMFLT) {
    const access = shape.elem;
    const k = key.value as number;
    if (access === null || !Number.isFinite(k)) return undefined;
    return { address: base + Math.trunc(k) * access.size, access };
  }
  if ((kt === LUA_TSHRSTR || kt === LUA_TLNGSTR) && shape.fields !== null) {
    const f = fieldOf(st, shape, key.value as { realstring: Uint8Array });
    if (f === null) return undefined;
    if (f === NO_MEMBER) return NO_MEMBER;
    return { address: base + f.offset, access: f.access };
  }
  return undefined;
}

/**
 * A method lookup `cd.name` for a name the struct lacks: when the struct's metatype has an
 * __index table, the value is read from it directly (LuaJIT requires the metatable and its
 * __index to stay unchanged after ffi.metatype, so the table can be cached). Returns the value,
 * or undefined to leave the lookup (functions as __index, errors) to the metamethod.
 */
function methodOf(L: lua_State, st: FfiState, cd: CData, key: TValue): TValue | undefined {
  let t = cd.t;
  if (t.kind === "ptr") t = st.reg.get(t.target);
  if (t.kind !== "struct") return undefined;
  const index = st.metatypeIndex.get(t.info);
  if (index === undefined) return undefined;
  const v = luaH_get(L, index, key);
  return v.type === LUA_TNIL ? undefined : v;
}

/** The get hook: loads `cd[key]` into stack slot `ra`, or returns false. */
export function makeGetHook(st: FfiState): (L: lua_State, u: Udata, key: TValue, ra: number) => boolean {
  return (L, u, key, ra) => {
    // Anything unexpected (a key that is not UTF-8, a userdata given this metatable by
    // debug.setmetatable, a bad address) leaves the access to the metamethod, which raises
    // a proper Lua error: no JS exception may reach the VM.
    try {
      const cd = u.data;
      if (!(cd instanceof CData)) return false;
      const at = locate(st, cd, key);
      if (at === undefined) return false;
      if (at === NO_MEMBER) {
        const m = methodOf(L, st, cd, key);
        if (m === undefined) return false;
        setobj2s(L, ra, m);
        return true;
      }
      const v = at.access.load(at.address);
      const slot = L.stack[ra] as TValue & {
        setivalue(v: number): void;
        setfltvalue(v: number): void;
        setbvalue(v: boolean): void;
      };
      const as = at.access.as;
      if (as === "int" || (as === "u32" && v <= 0x7fffffff)) slot.setivalue(v);
      else if (as === "bool") slot.setbvalue(v !== 0);
      else slot.setfltvalue(v);
      return true;
    } catch {
      return false;
    }
  };
}

/** The set hook: stores a number or boolean `val` into `cd[key]`, or returns false. */
export function makeSetHook(st: FfiState): (L: lua_State, u: Udata, key: TValue, val: TValue) => boolean {
  return (_L, u, key, val) => {
    const vt = val.type;
    if (vt !== LUA_TNUMFLT && vt !== LUA_TNUMINT && vt !== LUA_TBOOLEAN) return false;
    try {
      const cd = u.data;
      if (!(cd instanceof CData)) return false;
      const at = locate(st, cd, key);
      if (at === undefined || at === NO_MEMBER || !at.access.writable) return false;
      if (vt === LUA_TBOOLEAN && at.access.as !== "bool") return false; // the slow path converts
      at.access.store(at.address, vt === LUA_TBOOLEAN ? (val.value ? 1 : 0) : (val.value as number));
      return true;
    } catch {
      return false; // as in the get hook
    }
  };
}
