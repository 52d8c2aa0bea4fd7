/*
 * Lua <-> C conversions (lj_cconv.c and lj_cdata.c lj_cdata_get/set), per the tables of
 * reference/LUAJIT-FFI.md §1C.1.
 *
 * - `pushC` reads a C value of some ctype from native memory and pushes its Lua value: small
 *   integers as Lua integers (uint32 from 2^31 up as floats, fengari's integers being 32-bit),
 *   64-bit integers, enums and pointers boxed as cdata, structs and arrays as references that
 *   keep their parent alive (LuaJIT's `T &`), complex and vectors as copies.
 * - `toScalar` converts the Lua value at a stack index to a scalar ctype's JS value, with the
 *   implicit-conversion checks, or with `cast` the looser rules of ffi.cast.
 * - `storeC` converts a Lua value into native memory of any ctype: scalars through toScalar,
 *   aggregates from a cdata of a compatible type, a string (char arrays) or a table
 *   initializer (init.ts).
 * Strings that become `const char *` need native copies; the caller says who keeps them alive
 * (a call's scratch list, or the cdata being written).
 *
 * A reference cdata (`T &`, from ffi.cast, ffi.new or a call) holds the address of its object,
 * like a pointer, but every use of its value sees the object: `referent` resolves it first, as
 * lj_cconv_ct_tv and carith_checkarg do.
 */
import { lua, type lua_State, to_jsstring } from "fengari";
import {
  alignOf,
  type CType,
  type EnumType,
  FfiError,
  msg,
  objectQualifiers,
  QUAL_CONST,
  type Registry,
  sizeOf,
  typeName,
} from "../ctype";
import {
  copyNative,
  readF32,
  readF64,
  readI8,
  readI16,
  readI32,
  readI64,
  readU8,
  readU16,
  readU32,
  readU64,
  writeBytes,
  writeF32,
  writeF64,
  writeI8,
  writeI16,
  writeI32,
  writeI64,
  writeU64,
} from "../native";
import { CData } from "./cdata";
import { pushCData, toCData } from "./cdata-stack";
import { checkAddress } from "./null-page";
import { convertScalar, numberToInt } from "./scalar";
import type { FfiState } from "./state";

const { LUA_TNIL, LUA_TBOOLEAN, LUA_TNUMBER, LUA_TSTRING, LUA_TUSERDATA, LUA_TLIGHTUSERDATA } = lua;
const { lua_type, lua_tonumber, lua_toboolean, lua_tostring, lua_pushinteger, lua_pushnumber } = lua;
const { lua_pushboolean, lua_typename } = lua;

const TWO_32 = 2 ** 32;

/**
 * Keeps a native string copy alive: `slot` is the address the pointer to it is stored at, when
 * it is stored into memory (so an owner that is not ours can key it by address), undefined for
 * a call's argument.
 */
export type Anchor = (keep: ArrayBuffer, slot?: number) => void;

/**
 * What a pointer or reference box converted from the Lua value at `idx` (ffi.cast, ffi.new)
 * keeps alive: the native string copies made for it, else the source cdata (and so whatever
 * that keeps: a string copy, an array), else nothing.
 */
export function pointerKeep(L: lua_State, idx: number, copies: readonly ArrayBuffer[]): unknown {
  if (copies.length > 0) return copies;
  const cd = toCData(L, idx);
  return cd !== undefined && !cd.isCtype ? cd : null;
}

// ---- C -> Lua ---------------------------------------------------------------------------------

/** Loads a pointer-sized value as a signed 64-bit number (see scalar.ts on addresses). */
export function readAddress(address: number): number {
  return readU32(address) + readI32(address + 4) * TWO_32;
}

/** Stores an address kept as a signed 64-bit number. */
export function writeAddress(address: number, value: number): void {
  const hi = Math.floor(value / TWO_32);
  writeI32(address, value - hi * TWO_32);
  writeI32(address + 4, hi);
}

/** Loads the scalar of type `t` at `address` as a JS value (bool as 0/1; a reference as its address). */
export function loadScalar(t: CType, address: number): number | bigint {
  switch (t.kind) {
    case "int":
      switch (t.size) {
        case 1:
          return t.unsigned ? readU8(address) : readI8(address);
        case 2:
          return t.unsigned ? readU16(address) : readI16(address);
        case 4:
          return t.unsigned ? readU32(address) : readI32(address);
        case 8:
          return t.unsigned ? readU64(address) : readI64(address);
      }
      break;
    case "bool":
      return readU8(address) !== 0 ? 1 : 0;
    case "enum":
      // 4 bytes read as int32 whatever the signedness: the box holds a signed int32 (tostring
      // shows -1, as LuaJIT's) and enumNumber reinterprets it for an unsigned enum
      if (t.info.size === 1) return t.info.unsigned ? readU8(address) : readI8(address);
      if (t.info.size === 2) return t.info.unsigned ? readU16(address) : readI16(address);
      return readI32(address);
    case "float":
      if (t.size === 4) return readF32(address);
      if (t.size === 8) return readF64(address);
      break;
    case "ptr":
    case "ref":
    case "func":
      return readAddress(address);
  }
  throw new FfiError(msg.cannotConvert(t.kind, "number"));
}

/** Stores a scalar JS value already converted to type `t`. */
export function storeScalar(t: CType, address: number, v: number | bigint): void {
  switch (t.kind) {
    case "int":
      switch (t.size) {
        case 1:
          return writeI8(address, v as number);
        case 2:
          return writeI16(address, v as number);
        case 4:
          return writeI32(address, v as number);
        case 8:
          return t.unsigned ? writeU64(address, v as bigint) : writeI64(address, v as bigint);
      }
      break;
    case "bool":
      return writeI8(address, v as number);
    case "enum":
      if (t.info.size === 1) return writeI8(address, v as number);
      if (t.info.size === 2) return writeI16(address, v as number);
      return writeI32(address, v as number);
    case "float":
      if (t.size === 4) return writeF32(address, v as number);
      if (t.size === 8) return writeF64(address, v as number);
      break;
    case "ptr":
    case "ref":
    case "func":
      return writeAddress(address, v as number);
  }
  throw new FfiError(msg.cannotConvert("number", t.kind));
}

/** Pushes the Lua value of scalar `v` of type `t` (a call result, a loaded field). */
export function pushScalar(L: lua_State, st: FfiState, t: CType, v: number | bigint): void {
  switch (t.kind) {
    case "int":
      if (t.size === 8) return pushCData(L, st, new CData(st.reg.get(st.reg.unqualified(t.id)), v));
      if (t.unsigned && t.size === 4 && (v as number) > 0x7fffffff) return lua_pushnumber(L, v as number);
      return lua_pushinteger(L, v as number);
    case "bool":
      return lua_pushboolean(L, v !== 0);
    case "float":
      return lua_pushnumber(L, v as number);
    default:
      // enums, pointers, references, function pointers: boxed, unqualified (the value is a copy)
      return pushCData(L, st, new CData(st.reg.get(st.reg.unqualified(t.id)), v));
  }
}

/** Pushes the Lua value of the C object of type `t` at `address`; `keep` anchors references. */
export function pushC(L: lua_State, st: FfiState, t: CType, address: number, keep: unknown): void {
  switch (t.kind) {
    case "array":
    case "struct":
      return pushCData(L, st, new CData(t, address, keep, undefined, false, true));
    case "complex":
    case "vector": {
      // Values in LuaJIT (lj_cconv_tv_ct copies them), not references.
      const size = t.size;
      const copy = st.memory.allocate(size, alignOf(st.reg, t.id));
      copyNative(copy.address, address, size);
      return pushCData(L, st, new CData(t, copy.address, copy.keep));
    }
    case "ref": {
      // a reference member reads as its object (lj_cdata_get)
      const target = st.reg.get(t.target);
      const to = readAddress(address);
      checkAddress(st, to, t);
      return pushC(L, st, target, to, null);
    }
    case "void":
    case "func":
      throw new FfiError(msg.cannotConvert(typeName(st.reg, t.id), "number"));
    case "float":
      if (t.size === 16) throw new FfiError(msg.cannotConvert(typeName(st.reg, t.id), "double"));
      return pushScalar(L, st, t, loadScalar(t, address));
    default:
      return pushScalar(L, st, t, loadScalar(t, address));
  }
}

// ---- References -------------------------------------------------------------------------------

/** The type a value of type `t` is used as: a reference's object type, any other type as it is. */
export function valueType(reg: Registry, t: CType): CType {
  return t.kind === "ref" ? reg.get(t.target) : t;
}

/**
 * The cdata a reference cdata stands for wherever its value is used: an aggregate, a complex, a
 * function or void as a cdata at the referenced address (which keeps the reference, and so its
 * source, alive), a scalar as the value loaded from there. A NULL reference raises, whatever it
 * refers to: its object is about to be read, or copied, or indexed. Any other cdata, and ctype
 * objects, are returned as they are.
 */
export function referent(st: FfiState, cd: CData): CData {
  const t = cd.t;
  if (t.kind !== "ref" || cd.isCtype) return cd;
  const target = st.reg.get(t.target);
  const address = cd.value as number;
  checkAddress(st, address, t);
  switch (target.kind) {
    case "array":
    case "struct":
    case "complex":
    case "vector":
    case "func":
    case "void":
      // void has no value to load: a `void &` stands for its address, which `==` compares
      return new CData(target, address, cd, undefined, false, true);
    case "float":
      // long double converts to nothing: its cdata is memory, as in the aggregate case
      if (target.size === 16) return new CData(target, address, cd);
      break;
  }
  return new CData(target, loadScalar(target, address));
}

// ---- Lua -> C ---------------------------------------------------------------------------------

/**
 * How a cdata is named in conversion, arithmetic and comparison errors: as the value it is used
 * as (lj_cconv_ct_tv, carith_checkarg), so a reference as its object, an enum as its underlying
 * integer type, a C function as a pointer to it; a ctype object as its type.
 */
export function cdataName(st: FfiState, cd: CData): string {
  const reg = st.reg;
  if (cd.isCtype) return typeName(reg, cd.t.id);
  const t = valueType(reg, cd.t);
  if (t.kind === "func") return typeName(reg, reg.pointer(t.id));
  const u = reg.get(reg.unqualified(t.id));
  return typeName(reg, u.kind === "enum" ? u.info.underlying : t.id);
}

/**
 * How a Lua value is named in conversion errors: a cdata by cdataName; for booleans and
 * userdata the C type LuaJIT converts them through ('bool', 'void *'); else its Lua type.
 */
export function luaValueName(L: lua_State, st: FfiState, idx: number): string {
  const cd = toCData(L, idx);
  if (cd !== undefined) return cdataName(st, cd);
  const type = lua_type(L, idx);
  if (type === LUA_TBOOLEAN) return "bool";
  if (type === LUA_TUSERDATA || type === LUA_TLIGHTUSERDATA) return "void *";
  return to_jsstring(lua_typename(L, type));
}

/**
 * A value that does not convert to a C type (LuaJIT's cconv_err_conv / cconv_err_convtv): the
 * one error that a C call words as a bad argument; any other error while converting an
 * argument (too many initializers, too many callbacks) is raised as it is, as in LuaJIT.
 */
export class ConversionError extends FfiError {}

function fail(L: lua_State, st: FfiState, idx: number, to: CType): never {
  throw new ConversionError(msg.cannotConvert(luaValueName(L, st, idx), typeName(st.reg, to.id)));
}

/**
 * How lj_cconv_compatptr treats qualifiers: implicit conversions may add but not drop them
 * (and void * matches anything); comparisons and ffi.istype ignore them (no void wildcard);
 * pointees of nested pointers need exactly the same ones.
 */
export type QualRule = "implicit" | "ignore" | "same";

/** An enum pointee compares as its underlying integer type, as LuaJIT's cconv_childqual. */
function unqualifiedPointee(reg: Registry, t: CType): CType {
  const u = reg.get(reg.unqualified(t.id));
  return u.kind === "enum" ? reg.get(u.info.underlying) : u;
}

/**
 * Whether a pointer to `s` is compatible with a pointer to `d` (lj_cconv_compatptr).
 * `sourceIsObject`: `s` is a struct cdata converting to a pointer to itself, whose qualifiers
 * LuaJIT does not look at.
 */
export function compatiblePointee(
  reg: Registry,
  d: CType,
  s: CType,
  rule: QualRule = "implicit",
  sourceIsObject = false,
): boolean {
  if (d.id === s.id) return true;
  const dq = objectQualifiers(reg, d);
  const sq = sourceIsObject ? 0 : objectQualifiers(reg, s);
  const du = unqualifiedPointee(reg, d);
  const su = s.kind === "struct" ? s : unqualifiedPointee(reg, s);
  if (rule === "same") {
    if (dq !== sq) return false;
  } else if (rule === "implicit") {
    if ((sq & ~dq) !== 0) return false; // no silently dropped qualifiers
    if (du.kind === "void" || su.kind === "void") return true;
  }
  if (du.kind !== su.kind || sizeOf(reg, du.id) !== sizeOf(reg, su.id)) return false;
  switch (du.kind) {
    case "ptr":
      return compatiblePointee(reg, reg.get(du.target), reg.get((su as typeof du).target), "same");
    case "array":
    case "vector":
      return compatiblePointee(reg, reg.get(du.elem), reg.get((su as typeof du).elem), "same");
    case "complex":
      return du.part === (su as typeof du).part;
    case "struct":
      return du.info === (su as typeof du).info;
    default:
      return true; // numbers of one kind and size (signedness is ignored); functions unchecked
  }
}

/** The pointee of a pointer-like source cdata (pointer, array, aggregate, function), or undefined. */
function pointeeOf(reg: Registry, cd: CData): CType | undefined {
  const t = cd.t;
  switch (t.kind) {
    case "ptr":
      return reg.get(t.target);
    case "array":
      return reg.get(t.elem);
    case "struct":
    case "func":
    case "complex":
    case "vector":
      return t;
    default:
      return undefined;
  }
}

/** Native copy of a Lua string, NUL-terminated, kept alive by `anchor`. */
export function stringToNative(st: FfiState, bytes: Uint8Array, anchor: Anchor): number {
  const { address, keep } = st.memory.allocate(bytes.length + 1, 1);
  writeBytes(address, bytes);
  anchor(keep);
  return address;
}

/** Whether a Lua string converts to a pointer to `pointee`: const 1-byte integers or const void. */
function acceptsString(reg: Registry, pointee: CType): boolean {
  if ((pointee.qual & QUAL_CONST) === 0) return false;
  const u = reg.get(reg.unqualified(pointee.id));
  return u.kind === "void" || (u.kind === "int" && u.size === 1);
}

/**
 * The number an enum value stands for: enum cdata hold the 32 bits as a signed int (so
 * tostring shows -1, as LuaJIT), but an enum whose underlying type is unsigned reads, compares
 * and converts as that type.
 */
export function enumNumber(t: EnumType, v: number): number {
  return t.info.unsigned ? v >>> 0 : v;
}

/** The value of enum constant `name` of enum type `t`, or undefined. */
function enumConstant(t: CType, name: string): number | undefined {
  if (t.kind !== "enum") return undefined;
  for (const c of t.info.constants) if (c.name === name) return c.value;
  return undefined;
}

/**
 * Converts the Lua value at `idx` to a value of scalar type `to` (number, bool, enum, pointer;
 * a reference converts as a pointer to its object). `cast` selects ffi.cast's rules
 * (numbers <-> pointers, any pointer to any pointer).
 */
export function toScalar(
  L: lua_State,
  st: FfiState,
  idx: number,
  to: CType,
  cast: boolean,
  anchor: Anchor | undefined,
): number | bigint {
  const reg = st.reg;
  const isPtr = to.kind === "ptr" || to.kind === "ref";
  // long double is declared, sized and allocated, but converts to nothing (NYI in LuaJIT too)
  if (to.kind === "float" && to.size === 16) return fail(L, st, idx, to);
  const type = lua_type(L, idx);
  // Numbers, booleans, nil and cdata convert to an enum as to its underlying integer type
  // (which also names it in errors); the box keeps the 32 bits as a signed int.
  if (to.kind === "enum" && convertsAsUnderlying(type)) {
    // a cast of a userdata that is not a cdata is refused naming the enum
    if (cast && isForeignUserdata(L, idx, type)) return refuseUserdata(L, st, idx, to, cast);
    return (toScalar(L, st, idx, reg.get(to.info.underlying), cast, anchor) as number) | 0;
  }
  switch (type) {
    case LUA_TNUMBER: {
      if (isPtr && !cast) return fail(L, st, idx, to);
      const d = lua_tonumber(L, idx);
      if (to.kind === "int") return numberToInt(d, to.size, to.unsigned);
      return convertScalar(d, to, true);
    }
    case LUA_TBOOLEAN:
      if (isPtr) return fail(L, st, idx, to);
      return convertScalar(lua_toboolean(L, idx) ? 1 : 0, to, false);
    case LUA_TNIL:
      // nil is a NULL `void *`, which only a cast turns into an integer
      if (isPtr || (cast && (to.kind === "int" || to.kind === "enum"))) return 0;
      return fail(L, st, idx, to);
    case lua.LUA_TFUNCTION:
      // a Lua function for a function pointer becomes a callback (callback.ts)
      if (to.kind === "ptr" && functionConverter !== undefined)
        return functionConverter(L, st, idx, to, cast);
      return fail(L, st, idx, to);
    case LUA_TSTRING: {
      const bytes = lua_tostring(L, idx)!;
      if (to.kind === "enum") {
        const v = enumConstant(reg.get(reg.unqualified(to.id)), to_jsstring(bytes));
        if (v !== undefined) return convertScalar(v, to, false);
        return fail(L, st, idx, to);
      }
      if (isPtr && anchor !== undefined && (cast || acceptsString(reg, reg.get(to.target)))) {
        return stringToNative(st, bytes, anchor);
      }
      // A cast sees the string as a `const char *`, so an integer gets its address.
      if (cast && to.kind === "int" && anchor !== undefined) {
        return convertScalar(stringToNative(st, bytes, anchor), to, false);
      }
      return fail(L, st, idx, to);
    }
    case LUA_TUSERDATA: {
      const cd = toCData(L, idx);
      if (cd === undefined) return refuseUserdata(L, st, idx, to, cast);
      if (cd.isCtype) return fail(L, st, idx, to);
      return cdataToScalar(L, st, idx, referent(st, cd), to, cast);
    }
    case LUA_TLIGHTUSERDATA:
      return refuseUserdata(L, st, idx, to, cast);
    default:
      return fail(L, st, idx, to);
  }
}

/**
 * Refuses a userdata that is not a cdata (an io file, a host object, a light userdata). LuaJIT
 * converts it through a `void *` to its payload, which fengari's userdata do not have in native
 * memory: where that address would be taken (a pointer, a cast to an integer or enum) it is
 * named 'userdata', elsewhere refused as LuaJIT refuses the `void *`.
 */
function refuseUserdata(L: lua_State, st: FfiState, idx: number, to: CType, cast: boolean): never {
  if (to.kind === "ptr" || to.kind === "ref" || (cast && (to.kind === "int" || to.kind === "enum"))) {
    throw new ConversionError(msg.cannotConvert("userdata", typeName(st.reg, to.id)));
  }
  return fail(L, st, idx, to);
}

/** Whether the value at `idx`, of Lua type `type`, is a userdata that is not a cdata. */
function isForeignUserdata(L: lua_State, idx: number, type: number): boolean {
  return type === LUA_TLIGHTUSERDATA || (type === LUA_TUSERDATA && toCData(L, idx) === undefined);
}

/** Whether a Lua value of this type reaches an enum through its underlying type (lj_cconv_ct_tv). */
function convertsAsUnderlying(type: number): boolean {
  return (
    type === LUA_TNUMBER ||
    type === LUA_TBOOLEAN ||
    type === LUA_TNIL ||
    type === LUA_TUSERDATA ||
    type === LUA_TLIGHTUSERDATA
  );
}

/** C -> C conversion of a cdata (a reference already resolved) to scalar type `to`. */
function cdataToScalar(
  L: lua_State,
  st: FfiState,
  idx: number,
  cd: CData,
  to: CType,
  cast: boolean,
): number | bigint {
  const reg = st.reg;
  const from = cd.t;
  const fromScalar =
    from.kind === "int" || from.kind === "float" || from.kind === "bool" || from.kind === "enum";
  if (to.kind === "ptr" || to.kind === "ref") {
    if (fromScalar) {
      // only integers (and enums) become pointers, and only with a cast
      if (!cast || from.kind === "float" || from.kind === "bool") return fail(L, st, idx, to);
      return convertScalar(cd.value, to, false);
    }
    const pointee = pointeeOf(reg, cd);
    if (pointee === undefined) return fail(L, st, idx, to);
    if (!cast && !compatiblePointee(reg, reg.get(to.target), pointee, "implicit", from.kind === "struct"))
      return fail(L, st, idx, to);
    return cd.value as number;
  }
  if (from.kind === "float" && from.size === 16) return fail(L, st, idx, to);
  if (fromScalar) {
    const v = from.kind === "enum" ? enumNumber(from, cd.value as number) : cd.value;
    return convertScalar(v, to, from.kind === "float");
  }
  if (from.kind === "complex") {
    // its real part, to a number; lj_cconv_ct_ct has no complex -> bool
    if (to.kind === "bool") return fail(L, st, idx, to);
    return convertScalar(loadScalar(reg.get(from.part), cd.address), to, true);
  }
  // pointer / array -> integer: only with a cast (lj_cconv_ct_ct CCX(I, P), CCX(I, A))
  if (cast && (to.kind === "int" || to.kind === "enum") && (from.kind === "ptr" || from.kind === "array")) {
    return convertScalar(cd.value, to, false);
  }
  return fail(L, st, idx, to);
}

/** Whether `t` is a scalar type that toScalar handles. */
export function isScalar(t: CType): boolean {
  switch (t.kind) {
    case "int":
    case "float":
    case "bool":
    case "enum":
    case "ptr":
    case "ref":
      return true;
    default:
      return false;
  }
}

/** Hook for table initializers (init.ts sets it, avoiding an import cycle). */
export type TableInit = (
  L: lua_State,
  st: FfiState,
  idx: number,
  t: CType,
  address: number,
  anchor: Anchor,
  size: number,
) => void;

let tableInit: TableInit | undefined;

/** Installs the table-initializer implementation. */
export function setTableInit(f: TableInit): void {
  tableInit = f;
}

/** Hook for Lua functions converted to function pointers (callback.ts sets it). */
export type FunctionConverter = (L: lua_State, st: FfiState, idx: number, to: CType, cast: boolean) => number;

let functionConverter: FunctionConverter | undefined;

/** Installs the function-to-callback conversion. */
export function setFunctionConverter(f: FunctionConverter): void {
  functionConverter = f;
}

/**
 * Converts the Lua value at `idx` and stores it as type `t` at `address` (field / element
 * writes, initializers, extern variables). `anchor` keeps native string copies alive. `room`
 * is the byte size known to be there when `t` has none of its own (a VLA, a VLS, a [0] array):
 * the rest of the cdata written into; undefined when unknown (through a pointer), where a
 * string is copied whole as in LuaJIT.
 */
export function storeC(
  L: lua_State,
  st: FfiState,
  idx: number,
  t: CType,
  address: number,
  anchor: Anchor,
  room?: number,
): void {
  switch (t.kind) {
    case "int":
    case "float":
    case "bool":
    case "enum":
      return storeScalar(t, address, toScalar(L, st, idx, t, false, anchor));
    case "ptr":
      return storeScalar(
        t,
        address,
        toScalar(L, st, idx, t, false, (keep) => anchor(keep, address)),
      );
    case "ref": {
      // a reference member is written through (lj_cdata_set)
      const to = readAddress(address);
      checkAddress(st, to, t);
      return storeC(L, st, idx, st.reg.get(t.target), to, anchor);
    }
    case "array":
    case "struct":
    case "complex":
    case "vector": {
      // A VLA or flexible array of unknown extent (through a pointer) takes what it is given,
      // as in LuaJIT.
      const size = isVariableSize(t) ? (room ?? Number.POSITIVE_INFINITY) : sizeOf(st.reg, t.id);
      if (size !== undefined && storeAggregate(L, st, idx, t, address, size, anchor, room)) return;
      return fail(L, st, idx, t);
    }
    default:
      return fail(L, st, idx, t);
  }
}

/** Whether the extent of `t` comes from where it is stored: a VLA, a flexible array, a VLS. */
function isVariableSize(t: CType): boolean {
  return (t.kind === "array" && (t.length === null || t.flexible)) || (t.kind === "struct" && t.info.vls);
}

/**
 * Stores the Lua value at `idx` into the aggregate of `size` bytes at `address`
 * (lj_cconv_ct_tv for aggregates); false when the value does not convert. `room` as for storeC.
 */
function storeAggregate(
  L: lua_State,
  st: FfiState,
  idx: number,
  t: CType,
  address: number,
  size: number,
  anchor: Anchor,
  room: number | undefined,
): boolean {
  const reg = st.reg;
  switch (lua_type(L, idx)) {
    case lua.LUA_TTABLE:
      tableInit?.(L, st, idx, t, address, anchor, size);
      return true;
    case LUA_TSTRING: {
      if (t.kind !== "array" || !isByteType(reg, reg.get(t.elem))) return false;
      // Copy and NUL-terminate, truncated to the array (LuaJIT overruns a VLA: #758). LuaJIT
      // bounds the copy only by a nonzero size, so a [0] array takes the whole string as a
      // flexible array does, within the room known to be there (an ffi.new allocation).
      const bytes = lua_tostring(L, idx)!;
      const limit = size === 0 ? (room ?? Number.POSITIVE_INFINITY) : size;
      const n = Math.min(bytes.length, limit);
      writeBytes(address, bytes.subarray(0, n));
      if (n < limit) writeI8(address + n, 0);
      return true;
    }
    case LUA_TNUMBER:
      // (a boolean converts to neither: lj_cconv_ct_ct has no bool -> complex or vector)
      if (t.kind === "vector") return storeVector(L, st, idx, undefined, t, address, size);
      if (t.kind !== "complex") return false;
      storeComplex(reg, t, address, convertScalar(lua_tonumber(L, idx), reg.get(t.part), true));
      return true;
    case LUA_TUSERDATA: {
      const source = toCData(L, idx);
      if (source === undefined || source.isCtype) return false;
      const cd = referent(st, source);
      if (t.kind === "complex") return storeComplexFrom(reg, cd, t, address);
      if (t.kind === "vector") return storeVector(L, st, idx, cd, t, address, size);
      if (!sameAggregate(reg, cd.t, t) || cd.count !== undefined) return false;
      copyNative(address, cd.address, size);
      // the copy points at the source's string copies too: keep them for the destination slots
      for (const [slot, keep] of st.anchorsIn(cd, cd.address, size))
        anchor(keep, address + (slot - cd.address));
      return true;
    }
    default:
      return false;
  }
}

/** Stores a real number into a complex (imaginary part 0). */
function storeComplex(
  reg: Registry,
  t: CType & { kind: "complex" },
  address: number,
  re: number | bigint,
): void {
  const part = reg.get(t.part);
  storeScalar(part, address, convertScalar(re, part, true));
  storeScalar(part, address + t.size / 2, 0);
}

/** Stores a number or complex cdata into a complex; false for other cdata (bool among them). */
function storeComplexFrom(
  reg: Registry,
  cd: CData,
  t: CType & { kind: "complex" },
  address: number,
): boolean {
  const from = cd.t;
  const part = reg.get(t.part);
  if (from.kind === "complex") {
    const fpart = reg.get(from.part);
    const re = loadScalar(fpart, cd.address);
    const im = loadScalar(fpart, cd.address + from.size / 2);
    storeScalar(part, address, convertScalar(re, part, true));
    storeScalar(part, address + t.size / 2, convertScalar(im, part, true));
    return true;
  }
  if (from.kind === "int" || from.kind === "float" || from.kind === "enum") {
    storeComplex(reg, t, address, cd.value);
    return true;
  }
  return false;
}

/**
 * Stores the number at `idx`, or its cdata `cd` (a referent), into a vector of `size` bytes
 * (lj_cconv_ct_ct): a number, or a number or complex cdata (its real part), is converted to the
 * element type and splat over every lane; a vector of the same size is copied as bytes,
 * whatever its element type. False for anything else (bool among them).
 */
function storeVector(
  L: lua_State,
  st: FfiState,
  idx: number,
  cd: CData | undefined,
  t: CType & { kind: "vector" },
  address: number,
  size: number,
): boolean {
  const reg = st.reg;
  if (cd !== undefined) {
    const from = cd.t;
    if (from.kind === "vector") {
      if (sizeOf(reg, from.id) !== size) return false;
      copyNative(address, cd.address, size);
      return true;
    }
    const scalar =
      from.kind === "int" ||
      from.kind === "enum" ||
      from.kind === "complex" ||
      (from.kind === "float" && from.size !== 16);
    if (!scalar) return false;
  }
  const elem = reg.get(t.elem);
  storeScalar(elem, address, toScalar(L, st, idx, elem, false, undefined));
  repeatFirst(address, sizeOf(reg, elem.id) ?? size, size);
  return true;
}

/**
 * Copies the first element (of `esize` bytes) at `address` over the rest of the `size` bytes:
 * a single initializer fills an array, a number every lane of a vector. An element of no size
 * (an empty struct, a [0] array) has nothing to repeat.
 */
export function repeatFirst(address: number, esize: number, size: number): void {
  if (esize === 0) return;
  for (let ofs = esize; ofs + esize <= size; ofs += esize) copyNative(address + ofs, address, esize);
}

/** Whether an aggregate cdata of type `s` may be copied into `d` (identical struct, compatible array). */
function sameAggregate(reg: Registry, s: CType, d: CType): boolean {
  if (s.kind === "struct" && d.kind === "struct") return s.info === d.info;
  if (s.kind === "array" && d.kind === "array") {
    return (
      s.length !== null &&
      s.length === d.length &&
      sizeOf(reg, s.id) === sizeOf(reg, d.id) &&
      compatiblePointee(reg, reg.get(d.elem), reg.get(s.elem))
    );
  }
  return reg.unqualified(s.id) === reg.unqualified(d.id);
}

/** char / signed char / unsigned char / int8_t / uint8_t (and bool, as LuaJIT treats it). */
export function isByteType(reg: Registry, t: CType): boolean {
  const u = reg.get(reg.unqualified(t.id));
  return u.kind === "int" && u.size === 1;
}
