/*
 * The metatable every cdata of a state shares (lib_ffi.c's ffi_meta___* functions), and the
 * dispatch to metatypes (ffi.metatype).
 *
 * Each metamethod first tries the predefined operation for the operands' ctypes (indexing,
 * pointer and 64-bit arithmetic, comparisons, constructors); when none applies it looks for
 * the metamethod in the metatype of the left operand (a struct/union or a pointer to one),
 * then the right, as LuaJIT does; failing that it raises LuaJIT's error. A reference cdata is
 * its object to all of them (its metatype is its struct's), and errors name the object's type.
 */
import { lua, type lua_CFunction, type lua_State, type Udata } from "fengari";
import { FfiError, msg, QUAL_CONST, typeName } from "../ctype";
import { callCData } from "./call";
import { pushCallbackMethod } from "./callback";
import { CData } from "./cdata";
import {
  type ArithOp,
  type ArithResult,
  arith,
  type CompareOp,
  compare,
  equalPayloads,
  unary,
} from "./cdata-arith";
import { indexCData, indexError, metatypeOwner, newindexCData } from "./cdata-index";
import { pushCData, toCData } from "./cdata-stack";
import { cdataToString } from "./cdata-tostring";
import { cdataName, referent } from "./convert";
import { luaFunction, raiseInLua } from "./errors";
import { makeGetHook, makeSetHook } from "./fast-index";
import { construct } from "./init";
import { enableMixedEquality } from "./mixed-equality";
import type { FfiState } from "./state";

const { LUA_REGISTRYINDEX, LUA_TFUNCTION, LUA_TNIL, lua_call, lua_gettable, lua_gettop, lua_insert } = lua;
const { lua_newtable, lua_pushboolean, lua_pushnumber, lua_pushstring, lua_pushvalue, lua_rawgeti } = lua;
const { lua_getfield, lua_remove, lua_setfield, lua_settable, lua_type, lua_pushjsfunction } = lua;

/** Pushes metamethod `name` of the metatype that applies to the value at `idx`; false if none. */
export function pushMetamethod(L: lua_State, st: FfiState, idx: number, name: string): boolean {
  const cd = toCData(L, idx);
  if (cd === undefined) return false;
  const owner = metatypeOwner(st, cd);
  const ref = owner === undefined ? undefined : st.metatypes.get(owner);
  if (ref === undefined) return false;
  lua_rawgeti(L, LUA_REGISTRYINDEX, ref);
  lua_getfield(L, -1, name);
  lua_remove(L, -2);
  if (lua_type(L, -1) === LUA_TNIL) {
    lua.lua_pop(L, 1);
    return false;
  }
  return true;
}

/** Calls metamethod `name` of operand 1, else of operand 2, with all arguments; false if neither has it. */
function callMetamethod(L: lua_State, st: FfiState, name: string, nresults: number): boolean {
  const nargs = lua_gettop(L);
  if (!pushMetamethod(L, st, 1, name) && !(nargs >= 2 && pushMetamethod(L, st, 2, name))) return false;
  lua_insert(L, 1);
  lua_call(L, nargs, nresults);
  return true;
}

/** Pushes an arithmetic result. */
function pushResult(L: lua_State, st: FfiState, r: ArithResult): void {
  switch (r.kind) {
    case "ptr":
      return pushCData(L, st, new CData(r.type, r.address, r.keep));
    case "int64":
      return pushCData(
        L,
        st,
        new CData(r.unsigned ? st.reg.get(st.reg.ids.uint64) : st.reg.get(st.reg.ids.int64), r.value),
      );
    case "number":
      return lua_pushnumber(L, r.value);
  }
}

/**
 * How a cdata is named where LuaJIT names the type its metamethods come from (calls, __pairs):
 * a pointer by its pointee, a ctype object as `ctype`.
 */
function metaTypeName(st: FfiState, cd: CData): string {
  if (cd.isCtype) return "ctype";
  const t = cd.t.kind === "ptr" || cd.t.kind === "ref" ? st.reg.get(cd.t.target) : cd.t;
  return typeName(st.reg, st.reg.unqualified(t.id));
}

/**
 * Whether a failed key lookup on `cd` (a referent) ended in a const struct, directly or through
 * a pointer, as ffi_meta___newindex checks: LuaJIT collects the qualifiers it keeps apart from
 * the type (those of a struct or an enum), not a const pointer's own nor a member's.
 */
function isConstStruct(st: FfiState, cd: CData): boolean {
  if (cd.isCtype) return false;
  let t = cd.t;
  if (t.kind === "ptr" && st.reg.get(st.reg.unqualified(t.target)).kind === "struct")
    t = st.reg.get(t.target);
  return (t.kind === "struct" || t.kind === "enum") && (t.qual & QUAL_CONST) !== 0;
}

/**
 * A string beside an enum must name one of its constants, even for `..` (lj_carith_meta); a
 * ctype object is an enum without constants there.
 */
function checkEnumString(L: lua_State, st: FfiState): void {
  for (const [e, s] of [
    [1, 2],
    [2, 1],
  ] as const) {
    const cd = toCData(L, e);
    if (cd === undefined || lua_type(L, s) !== lua.LUA_TSTRING) continue;
    if (cd.isCtype) throw new FfiError(msg.cannotConvert("string", "ctype"));
    const u = st.reg.get(st.reg.unqualified(cd.t.id));
    if (u.kind !== "enum") continue;
    const name = lua.lua_tojsstring(L, s);
    if (!u.info.constants.some((c) => c.name === name)) {
      throw new FfiError(msg.cannotConvert("string", typeName(st.reg, u.id)));
    }
  }
}

/**
 * How an operand is named in arithmetic and comparison errors: a cdata by cdataName, anything
 * else by its Lua type (lj_carith_meta).
 */
function operandName(L: lua_State, st: FfiState, idx: number): string {
  const cd = toCData(L, idx);
  if (cd !== undefined) return cdataName(st, cd);
  return lua.lua_typename(L, lua_type(L, idx)).reduce((s, c) => s + String.fromCharCode(c), "");
}

const ARITH: readonly [string, ArithOp][] = [
  ["__add", "add"],
  ["__sub", "sub"],
  ["__mul", "mul"],
  ["__div", "div"],
  ["__mod", "mod"],
  ["__pow", "pow"],
  ["__idiv", "idiv"],
  ["__band", "band"],
  ["__bor", "bor"],
  ["__bxor", "bxor"],
  ["__shl", "shl"],
  ["__shr", "shr"],
];

const COMPARE: readonly [string, CompareOp][] = [
  ["__eq", "eq"],
  ["__lt", "lt"],
  ["__le", "le"],
];

/** Builds the state's cdata metatable and returns fengari's table object for it. */
export function createCdataMetatable(L: lua_State, st: FfiState): object {
  const methods: Record<string, lua_CFunction> = {
    __index: (L) => {
      const cd = referent(st, toCData(L, 1)!);
      if (indexCData(L, st, cd, 2)) return 1;
      if (pushCallbackMethod(L, st, cd, 2)) return 1;
      if (pushMetamethod(L, st, 1, "__index")) {
        if (lua_type(L, -1) === LUA_TFUNCTION) {
          lua_pushvalue(L, 1);
          lua_pushvalue(L, 2);
          lua_call(L, 2, 1);
          return 1;
        }
        // a table __index: a key it lacks is still an error, as in LuaJIT (ffi_index_meta)
        lua_pushvalue(L, 2);
        if (lua_gettable(L, -2) !== LUA_TNIL) return 1;
      }
      throw indexError(L, st, cd, 2);
    },
    __newindex: (L) => {
      const cd = referent(st, toCData(L, 1)!);
      if (newindexCData(L, st, cd, 2, 3)) return 0;
      // a key a const struct lacks is a write to it, refused before any __newindex
      if (isConstStruct(st, cd)) throw new FfiError(msg.writeConst());
      if (pushMetamethod(L, st, 1, "__newindex")) {
        if (lua_type(L, -1) === LUA_TFUNCTION) {
          lua_pushvalue(L, 1);
          lua_pushvalue(L, 2);
          lua_pushvalue(L, 3);
          lua_call(L, 3, 0);
        } else {
          lua_pushvalue(L, 2);
          lua_pushvalue(L, 3);
          lua_settable(L, -3);
        }
        return 0;
      }
      throw indexError(L, st, cd, 2);
    },
    __call: (L) => {
      const cd = toCData(L, 1)!;
      if (cd.isCtype) {
        // __new(ct, ...) replaces the constructor; the ctype stays the first argument
        if (pushMetamethod(L, st, 1, "__new")) {
          lua_insert(L, 1);
          lua_call(L, lua_gettop(L) - 1, 1);
          return 1;
        }
        construct(L, st, cd.t, 2);
        attachMetatypeGc(L, st);
        return 1;
      }
      const fn = referent(st, cd);
      const t = fn.t.kind === "ptr" ? st.reg.get(fn.t.target) : fn.t;
      if (t.kind === "func") return callCData(L, st, fn, t, 2);
      if (callMetamethod(L, st, "__call", lua.LUA_MULTRET)) return lua_gettop(L);
      throw new FfiError(msg.notCallable(metaTypeName(st, cd)));
    },
    __tostring: (L) => {
      const cd = toCData(L, 1)!;
      if (!cd.isCtype && pushMetamethod(L, st, 1, "__tostring")) {
        lua_pushvalue(L, 1);
        lua_call(L, 1, 1);
        return 1;
      }
      lua_pushstring(L, cdataToString(st, cd));
      return 1;
    },
    __len: (L) => {
      if (callMetamethod(L, st, "__len", 1)) return 1;
      throw new FfiError(msg.noLength(operandName(L, st, 1)));
    },
    __concat: (L) => {
      checkEnumString(L, st);
      if (callMetamethod(L, st, "__concat", 1)) return 1;
      throw new FfiError(msg.noConcat(operandName(L, st, 1), operandName(L, st, 2)));
    },
    __unm: (L) => {
      const r = unary(L, st, "unm", 1);
      if (r !== undefined) {
        pushResult(L, st, r);
        return 1;
      }
      if (callMetamethod(L, st, "__unm", 1)) return 1;
      throw new FfiError(msg.noArith(operandName(L, st, 1), operandName(L, st, 1)));
    },
    __bnot: (L) => {
      const r = unary(L, st, "bnot", 1);
      if (r !== undefined) {
        pushResult(L, st, r);
        return 1;
      }
      if (callMetamethod(L, st, "__bnot", 1)) return 1;
      throw new FfiError(msg.noArith(operandName(L, st, 1), operandName(L, st, 1)));
    },
    __pairs: (L) => {
      if (callMetamethod(L, st, "__pairs", 3)) return 3;
      throw new FfiError(msg.noMetamethod(metaTypeName(st, toCData(L, 1)!), "__pairs"));
    },
  };
  for (const [event, op] of ARITH) {
    methods[event] = (L) => {
      const r = arith(L, st, op, 1, 2);
      if (r !== undefined) {
        pushResult(L, st, r);
        return 1;
      }
      if (callMetamethod(L, st, event, 1)) return 1;
      throw new FfiError(msg.noArith(operandName(L, st, 1), operandName(L, st, 2)));
    };
  }
  for (const [event, op] of COMPARE) {
    methods[event] = (L) => {
      const r = compare(L, st, op, 1, 2);
      if (r !== undefined) {
        lua_pushboolean(L, r);
        return 1;
      }
      if (callMetamethod(L, st, event, 1)) return 1;
      if (op === "eq") {
        lua_pushboolean(L, equalPayloads(L, 1, 2));
        return 1;
      }
      throw new FfiError(msg.noCompare(operandName(L, st, 1), operandName(L, st, 2)));
    };
  }
  lua_newtable(L);
  for (const [name, f] of Object.entries(methods)) {
    lua_pushjsfunction(L, luaFunction(f));
    lua_setfield(L, -2, name);
  }
  lua_pushstring(L, "ffi");
  lua_setfield(L, -2, "__metatable");
  // luaL_check* name the type of a bad argument by __name: "cdata", as LuaJIT says
  lua_pushstring(L, "cdata");
  lua_setfield(L, -2, "__name");
  enableMixedEquality(L, -1);
  const table = (L.stack[L.top - 1] as { value: Record<symbol, unknown> }).value;
  // the index fast paths of the patched VM (fast-index.ts)
  table[Symbol.for("fengari-ffi.get")] = makeGetHook(st);
  table[Symbol.for("fengari-ffi.set")] = makeSetHook(st);
  // calls of C function cdata straight from the patched VM, without __call's stack shift
  table[Symbol.for("fengari-ffi.call")] = (L: lua_State, u: Udata): number => {
    try {
      const cd = u.data as CData;
      if (cd.isCtype) return -1;
      const t = cd.t.kind === "ptr" ? st.reg.get(cd.t.target) : cd.t;
      return t.kind === "func" ? callCData(L, st, cd, t, 1) : -1;
    } catch (e) {
      return raiseInLua(L, e);
    }
  };
  lua.lua_pop(L, 1);
  return table;
}

/** Gives the new struct cdata on top of the stack its metatype's __gc as finalizer, if any. */
export function attachMetatypeGc(L: lua_State, st: FfiState): void {
  const cd = toCData(L, -1);
  if (cd === undefined || cd.t.kind !== "struct" || st.finalizers === null) return;
  if (!pushMetamethod(L, st, -1, "__gc")) return;
  st.finalizers.set(L, cd, -1);
  lua.lua_pop(L, 1);
}

/** Whether `u` is a userdata of ours (for `type()`). */
export function isCDataUserdata(u: Udata): boolean {
  return u.data instanceof CData;
}
