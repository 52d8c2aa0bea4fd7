/*
 * The functions of the `ffi` table that deal with types and cdata (lib_ffi.c): cdef, new,
 * typeof, cast, metatype, sizeof, alignof, offsetof, istype, string, copy, fill, and the
 * global `type` / `tonumber` that know cdata. Each runs inside luaFunction, so an FfiError
 * becomes a Lua error with LuaJIT's wording.
 */
import { lauxlib, lua, type lua_CFunction, type lua_State, to_jsstring } from "fengari";
import {
  alignOf,
  type CType,
  FfiError,
  findField,
  msg,
  QUAL_CONST,
  sizeOf,
  sizeOfVariable,
  typeName,
} from "../ctype";
import { cdef } from "../ctype-parser";
import { copyNative, fillNative, readBytes, strlen } from "../native";
import { CData, cdataSize } from "./cdata";
import { attachMetatypeGc } from "./cdata-meta";
import { pushCData, toCData } from "./cdata-stack";
import {
  compatiblePointee,
  enumNumber,
  isScalar,
  pointerKeep,
  referent,
  toScalar,
  valueType,
} from "./convert";
import { checkCType, parseWithParams } from "./ctype-arg";
import { argError } from "./errors";
import { checkInt, construct, isVariable } from "./init";
import { checkAddress } from "./null-page";
import type { FfiState } from "./state";

const { LUA_TNIL, LUA_TNONE, LUA_TSTRING, LUA_TTABLE, LUA_REGISTRYINDEX } = lua;
const { lua_gettop, lua_pushboolean, lua_pushinteger, lua_pushnil, lua_pushnumber, lua_pushstring } = lua;
const { lua_pushvalue, lua_tostring, lua_type, lua_settop } = lua;
const { luaL_checkstring, luaL_ref } = lauxlib;

/** Pushes a ctype object for `t`. */
export function pushCtype(L: lua_State, st: FfiState, t: CType): void {
  pushCData(L, st, new CData(t, 0, null, undefined, true));
}

/**
 * A pointer argument (lib_ffi.c ffi_checkptr): converted to `void *` / `const void *` (so
 * cdata pointers, arrays, structs and, for `const void *`, Lua strings, copied into `keep`),
 * errors worded as argument errors.
 */
function checkPtr(L: lua_State, st: FfiState, narg: number, id: number, keep?: ArrayBuffer[]): number {
  if (lua_type(L, narg) === LUA_TNONE) return argError(L, narg, "value expected");
  try {
    return toScalar(L, st, narg, st.reg.get(id), false, keep && ((b) => keep.push(b))) as number;
  } catch (e) {
    if (e instanceof FfiError) return argError(L, narg, e.message);
    throw e;
  }
}

/** A length argument (ffi_checkint); a negative one is refused rather than read as a huge size_t. */
function checkLength(L: lua_State, st: FfiState, narg: number): number {
  const len = checkInt(L, st, narg);
  if (len < 0) return argError(L, narg, msg.sizeUnknown());
  return len;
}

/** The ffi functions of this file, closed over the state. */
export function ffiApi(st: FfiState): Record<string, lua_CFunction> {
  const reg = st.reg;
  return {
    cdef: (L) => {
      const text = to_jsstring(luaL_checkstring(L, 1));
      const rebinds = reg.tagRebinds;
      if (lua_gettop(L) > 1) parseWithParams(L, st, 2, (params) => cdef(reg, text, params));
      else cdef(reg, text);
      // `struct $` rebinds a tag: type strings parsed before may now name another type
      if (reg.tagRebinds !== rebinds) st.typeCache.clear();
      return 0;
    },
    new: (L) => {
      construct(L, st, checkCType(L, st, 1, "new"), 2);
      attachMetatypeGc(L, st);
      return 1;
    },
    typeof: (L) => {
      const t = checkCType(L, st, 1, "typeof", 2);
      const cd = toCData(L, 1);
      // type parameters only go with a type string
      if (cd !== undefined && lua_gettop(L) > 1) return argError(L, 1, msg.typeParamCount());
      pushCtype(L, st, cd?.isRef ? reg.get(reg.reference(t.id)) : t);
      return 1;
    },
    cast: (L) => {
      const t = checkCType(L, st, 1, "cast");
      const u = reg.get(reg.unqualified(t.id));
      lauxlib.luaL_checkany(L, 2);
      if (!isScalar(u)) return argError(L, 1, msg.invalidType());
      const cd = toCData(L, 2);
      if (cd !== undefined && !cd.isCtype && cd.t === t) {
        lua_settop(L, 2);
        return 1;
      }
      const keep: ArrayBuffer[] = [];
      const v = toScalar(L, st, 2, t, true, (b) => keep.push(b));
      // an integer cast from a string keeps the string's copy too
      const isPtr = u.kind === "ptr" || u.kind === "ref";
      const out = new CData(t, v, isPtr ? pointerKeep(L, 2, keep) : keep.length > 0 ? keep : null);
      pushCData(L, st, out);
      return 1;
    },
    metatype: (L) => {
      const t = checkCType(L, st, 1, "metatype");
      const u = reg.get(reg.unqualified(t.id));
      lauxlib.luaL_checktype(L, 2, LUA_TTABLE);
      if (u.kind !== "struct") return argError(L, 1, msg.invalidType());
      if (st.metatypes.has(u.info)) throw new FfiError("cannot change a protected metatable");
      lua_pushvalue(L, 2);
      st.metatypes.set(u.info, luaL_ref(L, LUA_REGISTRYINDEX));
      // the method fast path reads a table __index directly (fast-index.ts)
      lua.lua_getfield(L, 2, "__index");
      if (lua_type(L, -1) === LUA_TTABLE) st.metatypeIndex.set(u.info, lua.lua_topointer(L, -1)!);
      lua.lua_pop(L, 1);
      pushCtype(L, st, t);
      return 1;
    },
    sizeof: (L) => {
      const cd = toCData(L, 1);
      const t = valueType(reg, checkCType(L, st, 1, "sizeof"));
      let size: number | undefined;
      if (cd !== undefined && !cd.isCtype && cd.count !== undefined) size = cdataSize(st, cd);
      else if (isVariable(t)) {
        const count = checkInt(L, st, 2);
        size = count < 0 ? undefined : sizeOfVariable(reg, t.id, count);
      } else size = sizeOf(reg, t.id);
      if (size === undefined) lua_pushnil(L);
      else lua_pushinteger(L, size);
      return 1;
    },
    alignof: (L) => {
      // a reference is aligned as the pointer it is (LuaJIT's ffi_alignof does not resolve it)
      const cd = toCData(L, 1);
      const t = checkCType(L, st, 1, "alignof");
      lua_pushinteger(L, alignOf(reg, cd?.isRef ? reg.reference(t.id) : t.id));
      return 1;
    },
    offsetof: (L) => {
      const t = valueType(reg, checkCType(L, st, 1, "offsetof"));
      const name = to_jsstring(luaL_checkstring(L, 2));
      const u = reg.get(reg.unqualified(t.id));
      if (u.kind !== "struct" || !u.info.complete) return 0;
      const f = findField(reg, u.id, name);
      if (f === undefined) return 0;
      lua_pushinteger(L, f.offset);
      if (f.field.bitsize === undefined) return 1;
      lua_pushinteger(L, f.field.bitpos ?? 0);
      lua_pushinteger(L, f.field.bitsize);
      return 3;
    },
    istype: (L) => {
      const t = checkCType(L, st, 1, "istype");
      lauxlib.luaL_checkany(L, 2);
      const cd = toCData(L, 2);
      lua_pushboolean(L, cd !== undefined && isType(st, t, cd.t));
      return 1;
    },
    string: (L) => {
      lauxlib.luaL_checkany(L, 1);
      const counted = lua_type(L, 2) > LUA_TNIL;
      const len = counted ? checkLength(L, st, 2) : 0;
      if (lua_type(L, 1) === LUA_TSTRING) {
        // A Lua string converts to a pointer to its bytes and their terminating NUL.
        const bytes = lua_tostring(L, 1)!;
        if (!counted) {
          const nul = bytes.indexOf(0);
          lua_pushstring(L, nul < 0 ? bytes : bytes.subarray(0, nul));
        } else {
          const out = new Uint8Array(len);
          out.set(bytes.subarray(0, len));
          lua_pushstring(L, out);
        }
        return 1;
      }
      const id = counted ? reg.ids.constVoidPtr : reg.ids.constCharPtr;
      const address = checkPtr(L, st, 1, id);
      // NULL and the page below it raise instead of crashing as in LuaJIT (#460).
      if (!counted || len > 0) checkAddress(st, address, toCData(L, 1)?.t ?? reg.get(id));
      lua_pushstring(L, readBytes(address, counted ? len : strlen(address)));
      return 1;
    },
    copy: (L) => {
      const keep: ArrayBuffer[] = [];
      const dst = checkPtr(L, st, 1, reg.ids.voidPtr);
      const src = checkPtr(L, st, 2, reg.ids.constVoidPtr, keep);
      const len =
        lua_type(L, 2) === LUA_TSTRING && lua_gettop(L) < 3
          ? lua_tostring(L, 2)!.length + 1 // the Lua string and its NUL
          : checkLength(L, st, 3);
      if (len > 0) {
        checkAddress(st, dst, reg.get(reg.ids.voidPtr));
        checkAddress(st, src, reg.get(reg.ids.constVoidPtr));
        copyNative(dst, src, len);
      }
      return 0;
    },
    errno: (L) => {
      lua_pushinteger(L, st.errno);
      if (lua_gettop(L) >= 1) {
        st.errnoToSet = checkInt(L, st, 1);
        st.errno = st.errnoToSet;
      }
      return 1;
    },
    fill: (L) => {
      const dst = checkPtr(L, st, 1, reg.ids.voidPtr);
      const len = checkLength(L, st, 2);
      const c = lua_type(L, 3) > LUA_TNIL ? checkInt(L, st, 3) & 0xff : 0;
      if (len > 0) {
        checkAddress(st, dst, reg.get(reg.ids.voidPtr));
        fillNative(dst, len, c);
      }
      return 0;
    },
  };
}

/**
 * ffi.istype (lib_ffi.c ffi_istype): the identical type, qualifiers ignored; pointers and
 * arrays of one size compatible without the void * wildcard; numbers of one kind, size and
 * signedness; a struct accepts a pointer to it.
 */
function isType(st: FfiState, want: CType, have: CType): boolean {
  const reg = st.reg;
  const w = reg.get(reg.unqualified(want.kind === "ref" ? want.target : want.id));
  const h = reg.get(reg.unqualified(have.kind === "ref" ? have.target : have.id));
  if (w.id === h.id) return true;
  if (w.kind === "struct") {
    if (h.kind === "struct") return w.info === h.info;
    return h.kind === "ptr" && unqualifiedStruct(st, h.target) === w.info;
  }
  if (w.kind !== h.kind || sizeOf(reg, w.id) !== sizeOf(reg, h.id)) return false;
  switch (w.kind) {
    case "ptr":
      return compatiblePointee(reg, reg.get(w.target), reg.get((h as typeof w).target), "ignore");
    case "array":
      return compatiblePointee(reg, reg.get(w.elem), reg.get((h as typeof w).elem), "ignore");
    case "int":
      return w.unsigned === (h as typeof w).unsigned;
    case "float":
    case "bool":
    case "void":
      return true;
    default:
      return false;
  }
}

function unqualifiedStruct(st: FfiState, id: number): unknown {
  const t = st.reg.get(id);
  return t.kind === "struct" ? t.info : undefined;
}

/** `type(v)` that answers "cdata" for cdata. */
export function luaType(L: lua_State): number {
  lauxlib.luaL_checkany(L, 1);
  lua_pushstring(L, toCData(L, 1) !== undefined ? "cdata" : lua.lua_typename(L, lua_type(L, 1)));
  return 1;
}

/** `tonumber(v [, base])` that converts number cdata (to double) and gives nil for other cdata. */
export function makeToNumber(st: FfiState, original: lua_CFunction): lua_CFunction {
  return (L) => {
    const cd = toCData(L, 1);
    if (cd === undefined || lua_gettop(L) > 1) return original(L);
    // a ctype object is no number here (LuaJIT gives its internal type id)
    if (cd.isCtype) {
      lua_pushnil(L);
      return 1;
    }
    const v = referent(st, cd);
    const t = v.t;
    switch (t.kind) {
      case "enum":
        lua_pushnumber(L, enumNumber(t, v.value as number));
        return 1;
      case "float":
        if (t.size === 16) throw new FfiError(msg.cannotConvert(typeName(st.reg, t.id), "double"));
        lua_pushnumber(L, Number(v.value));
        return 1;
      case "int":
      case "bool":
        lua_pushnumber(L, Number(v.value));
        return 1;
      case "complex":
        lua_pushnumber(L, Number(toScalar(L, st, 1, st.reg.get(st.reg.ids.double), false, undefined)));
        return 1;
      default:
        lua_pushnil(L);
        return 1;
    }
  };
}

export { QUAL_CONST };
