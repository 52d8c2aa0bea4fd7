/*
 * Calling C functions from Lua: function cdata and function pointers (lj_ccall.c).
 *
 * A call compiles (once per signature and target, cached in src/jit) a System V call thunk
 * whose state block has a fixed layout; this file writes the converted Lua arguments into the
 * block, enters the thunk, saves errno, and converts the result back. The per-signature work
 * (planning, the conversion of each parameter) is done once into a Marshaller: a list of
 * small writer functions, so a call does no type dispatch beyond one closure per argument.
 * Varargs follow LuaJIT's vararg table (numbers as double, strings as const char *, float
 * cdata promoted, arrays and structs by address) and get a thunk per argument-type list.
 */
import { lua, type lua_State } from "fengari";
import { alignOf, type CType, type CTypeId, FfiError, msg, sizeOf, typeName } from "../ctype";
import {
  argSlot,
  BLOCK_ERRNO,
  BLOCK_ERRNO_SET,
  BLOCK_RET,
  type CallThunk,
  compileCall,
  type Part,
  retSlot,
} from "../jit";
import { copyNative, readF32, readF64 } from "../native";
import { callbackTrouble, discardCallbackTrouble, raiseCallbackTrouble } from "./callback";
import { CData } from "./cdata";
import { pushCData, toCData } from "./cdata-stack";
import {
  type Anchor,
  ConversionError,
  loadScalar,
  pushScalar,
  storeC,
  toScalar,
  valueType,
  writeAddress,
} from "./convert";
import { numberToInt } from "./scalar";
import type { FfiState } from "./state";

const { LUA_TBOOLEAN, LUA_TNIL, LUA_TNUMBER, LUA_TSTRING, lua_gettop, lua_tonumber, lua_type } = lua;
const { lua_pushinteger, lua_pushnumber } = lua;

const NO_VARARGS: readonly CTypeId[] = [];

/** Writes argument `idx` into the block; `keep` collects per-call native copies. */
type ArgWriter = (L: lua_State, idx: number, keep: Anchor) => void;

/** The prepared form of one call signature bound to one target. */
export interface Marshaller {
  readonly thunk: CallThunk;
  /** The thunk's state block, for typed access without the memory windows. */
  readonly view: DataView;
  readonly writers: readonly ArgWriter[];
  readonly ret: CType;
  /** Pushes the result from the block (sret: the buffer passed in), returns the result count. */
  readonly pushResult: (L: lua_State, sret: CData | undefined) => number;
}

/**
 * Writes a scalar's eightbyte into the block: integers sign- or zero-extended to 64 bits
 * (callees may rely on the extension to 32 bits; the rest is for tidiness), floats in the low
 * bytes, addresses as signed 64-bit numbers.
 */
function writePart(view: DataView, off: number, t: CType, v: number | bigint): void {
  if (t.kind === "float") {
    if (t.size === 4) view.setFloat32(off, v as number, true);
    else view.setFloat64(off, v as number, true);
  } else if (typeof v === "bigint") {
    view.setBigUint64(off, BigInt.asUintN(64, v), true);
  } else {
    const hi = Math.floor(v / 2 ** 32);
    view.setInt32(off, v - hi * 2 ** 32, true);
    view.setInt32(off + 4, hi, true);
  }
}

/** The writer for one parameter of type `t` travelling as `parts` in the block seen by `view`. */
function argWriter(st: FfiState, t: CType, parts: readonly Part[], view: DataView, block: number): ArgWriter {
  const reg = st.reg;
  if (t.kind === "struct" || t.kind === "complex" || t.kind === "vector") {
    const size = sizeOf(reg, t.id) ?? 0;
    const align = Math.max(16, alignOf(reg, t.id));
    return (L, idx, keep) => {
      let cd = toCData(L, idx);
      if (cd === undefined || cd.isCtype || reg.unqualified(cd.t.id) !== reg.unqualified(t.id)) {
        // a table initializer or a number (complex): build a temporary of the parameter type
        const tmp = st.memory.allocate(size, align);
        keep(tmp.keep);
        cd = new CData(t, tmp.address, tmp.keep);
        storeC(L, st, idx, t, tmp.address, keep);
      }
      for (const p of parts) copyNative(block + argSlot(p), cd.address + p.offset, p.size);
    };
  }
  const part = parts[0];
  if (part === undefined) return () => {};
  const off = argSlot(part);
  // The common cases read the Lua number directly; anything else takes the general conversion.
  if (t.kind === "int" && t.size <= 4) {
    const { size, unsigned } = t;
    return (L, idx, keep) => {
      const v =
        lua_type(L, idx) === LUA_TNUMBER
          ? (numberToInt(lua_tonumber(L, idx), size, unsigned) as number)
          : (toScalar(L, st, idx, t, false, keep) as number);
      view.setInt32(off, v, true);
      view.setInt32(off + 4, v < 0 ? -1 : 0, true);
    };
  }
  if (t.kind === "float") {
    return (L, idx, keep) => {
      const v =
        lua_type(L, idx) === LUA_TNUMBER
          ? lua_tonumber(L, idx)
          : (toScalar(L, st, idx, t, false, keep) as number);
      if (t.size === 4) view.setFloat32(off, v, true);
      else view.setFloat64(off, v, true);
    };
  }
  return (L, idx, keep) => writePart(view, off, t, toScalar(L, st, idx, t, false, keep));
}

/** The C type LuaJIT passes a vararg as (lj_ccall.c ccall_set_args, vararg branch). */
function varargType(L: lua_State, st: FfiState, idx: number): CTypeId {
  const reg = st.reg;
  const ids = reg.ids;
  switch (lua_type(L, idx)) {
    case LUA_TNUMBER:
      return ids.double;
    case LUA_TBOOLEAN:
      return ids.bool;
    case LUA_TNIL:
      return ids.voidPtr;
    case LUA_TSTRING:
      return ids.constCharPtr;
  }
  // anything else goes as a `void *`, whose conversion then accepts or refuses it
  const cd = toCData(L, idx);
  if (cd === undefined || cd.isCtype) return ids.voidPtr;
  // a reference passes its object (LuaJIT refuses to pass a reference to a number)
  const t = reg.get(reg.unqualified(valueType(reg, cd.t).id));
  switch (t.kind) {
    case "float":
      return ids.double;
    case "int":
      return t.size < 4 ? ids.int : t.id;
    case "bool":
    case "enum":
      return ids.int;
    case "array":
      return reg.pointer(t.elem);
    case "struct":
      return reg.pointer(t.id);
    case "func":
      return reg.pointer(t.id);
    default:
      return t.id;
  }
}

/** Builds (or fetches) the marshaller for calling `target` as `fn` with these vararg types. */
function marshaller(
  st: FfiState,
  fn: CType & { kind: "func" },
  target: number,
  varargs: readonly CTypeId[],
): Marshaller {
  const key = `${fn.id}:${target}:${varargs.join(",")}`;
  let m = st.marshallers.get(key);
  if (m !== undefined) return m;
  const reg = st.reg;
  const thunk = compileCall(reg, fn.id, target, varargs);
  const types = [
    ...fn.params.map((p) => reg.get(reg.unqualified(p.type))),
    ...varargs.map((v) => reg.get(v)),
  ];
  const view = new DataView(thunk.memory);
  const writers = types.map((t, i) => argWriter(st, t, thunk.plan.args[i]?.parts ?? [], view, thunk.block));
  const ret = reg.get(reg.unqualified(fn.ret));
  m = { thunk, view, writers, ret, pushResult: resultPusher(st, thunk, ret) };
  st.marshallers.set(key, m);
  return m;
}

/** The function that pushes a call's result, chosen once per signature. */
function resultPusher(st: FfiState, thunk: CallThunk, ret: CType): Marshaller["pushResult"] {
  const plan = thunk.plan.ret;
  const block = thunk.block;
  const rax = block + BLOCK_RET;
  const xmm0 = block + BLOCK_RET + 16;
  if (plan.kind === "void") return () => 0;
  if (plan.kind === "sret") {
    return (L, sret) => {
      pushCData(L, st, sret!);
      return 1;
    };
  }
  if (ret.kind === "struct" || ret.kind === "complex" || ret.kind === "vector") {
    const size = sizeOf(st.reg, ret.id) ?? 0;
    const align = Math.max(16, alignOf(st.reg, ret.id));
    return (L) => {
      const out = st.memory.allocate(size, align);
      for (const p of plan.parts) copyNative(out.address + p.offset, block + retSlot(p), p.size);
      pushCData(L, st, new CData(ret, out.address, out.keep));
      return 1;
    };
  }
  if (ret.kind === "float") {
    const read = ret.size === 4 ? readF32 : readF64;
    return (L) => {
      lua_pushnumber(L, read(xmm0));
      return 1;
    };
  }
  if (ret.kind === "int" && ret.size === 4 && !ret.unsigned) {
    const view = new DataView(thunk.memory);
    return (L) => {
      lua_pushinteger(L, view.getInt32(BLOCK_RET, true));
      return 1;
    };
  }
  return (L) => {
    pushScalar(L, st, ret, loadScalar(ret, rax));
    return 1;
  };
}

/**
 * Calls the C function `cd` (of function type `fn`) with the Lua arguments at stack indexes
 * `first`..top; pushes the result and returns the number of results.
 */
export function callCData(L: lua_State, st: FfiState, cd: CData, fn: CType, first: number): number {
  if (fn.kind !== "func") throw new FfiError(msg.notCallable(typeName(st.reg, cd.t.id)));
  const target = cd.value as number;
  if (target === 0)
    throw new FfiError(`attempt to call a NULL function pointer '${typeName(st.reg, cd.t.id)}'`);
  const nargs = lua_gettop(L) - first + 1;
  const nfixed = fn.params.length;
  if (nargs < nfixed || (nargs > nfixed && !fn.varargs)) throw new FfiError(msg.argCount());
  let m: Marshaller;
  if (nargs === nfixed) {
    m = (cd.callCache as Marshaller | undefined) ?? marshaller(st, fn, target, NO_VARARGS);
    cd.callCache = m;
  } else {
    const varargs: CTypeId[] = [];
    for (let i = nfixed; i < nargs; i++) varargs.push(varargType(L, st, first + i));
    m = marshaller(st, fn, target, varargs);
  }
  const block = m.thunk.block;
  let sret: CData | undefined;
  // String copies made for this call live in the state's scratch list until it returns (calls
  // nest through callbacks, so each call truncates back to where it started).
  const kept = st.callScratch;
  const mark = kept.length;
  const view = m.view;
  // Callbacks entered during the call run on this Lua thread (callback.ts).
  const outerL = st.callL;
  // the argument being converted, for the error message
  let arg = 0;
  try {
    const writers = m.writers;
    for (; arg < writers.length; arg++) writers[arg]!(L, first + arg, st.keepForCall);
    if (m.thunk.plan.ret.kind === "sret") {
      // the callee may store the result with aligned vector moves: honour the type's alignment
      const out = st.memory.allocate(m.thunk.plan.ret.size, Math.max(16, alignOf(st.reg, m.ret.id)));
      sret = new CData(m.ret, out.address, out.keep);
      writeAddress(block, out.address);
    }
    if (st.errnoToSet !== undefined) {
      // ffi.errno(n): the thunk sets errno right before the call (and clears the request)
      view.setInt32(BLOCK_ERRNO, st.errnoToSet, true);
      view.setInt32(BLOCK_ERRNO_SET, 1, true);
      st.errnoToSet = undefined;
    }
    st.callL = L;
    m.thunk.enter();
  } catch (e) {
    discardCallbackTrouble(st);
    // worded as LuaJIT words the conversion error of an argument (CCF_ARG in lj_cconv.c)
    if (arg < m.writers.length && e instanceof ConversionError)
      throw new FfiError(msg.badArgument(arg + 1, e.message));
    throw e;
  } finally {
    st.callL = outerL;
    // the string copies lived through the call (or until a conversion failed)
    if (kept.length !== mark) kept.length = mark;
  }
  st.errno = view.getInt32(BLOCK_ERRNO, true);
  // A callback's error, or a callback dropped on a foreign thread, surfaces here.
  if (callbackTrouble(st)) raiseCallbackTrouble(L, st);
  return m.pushResult(L, sret);
}
