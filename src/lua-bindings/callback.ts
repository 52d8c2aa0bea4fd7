/*
 * Lua functions as C function pointers (lj_ccallback.c lj_ccallback_new / callback_conv_args /
 * callback_conv_result, lib_ffi.c ffi_callback_free / ffi_callback_set, and the function case
 * of lj_cconv_ct_tv).
 *
 * `ffi.cast(fnptr_type, f)` allocates a slot in src/callback and returns a function-pointer
 * cdata whose value is the slot's address; `cb:free()` releases the slot and `cb:set(g)`
 * points it at another function. A Lua function converted implicitly (passed for a function
 * pointer parameter, stored into a field) becomes a permanent callback, as in LuaJIT, except
 * that the same function converted to the same type again reuses its slot instead of taking a
 * new one each time.
 *
 * Each callback gets a handler compiled for its signature (callback-handler.ts) that reads the
 * arguments from the frame the entry stub built, runs the Lua function with lua_pcall on the
 * Lua thread that made the innermost ffi call in progress (st.callL, the thread LuaJIT would
 * run it on: cts->L) and converts the result into the frame's return area.
 *
 * A Lua error cannot unwind through C frames. The handler catches it (the error value as
 * raised, nothing added), C gets the zero result the stub prepared, later callbacks of the same ffi call are skipped (the error would have
 * unwound past them in LuaJIT), and call.ts re-raises the error when the ffi call that entered
 * C returns. Nesting therefore passes an error outwards one ffi call at a time, where Lua code
 * in between can still catch it with pcall, as it could in LuaJIT. A call dropped by the stub
 * because it came from a foreign thread is reported the same way.
 */
import { lauxlib, lua, type lua_CFunction, type lua_State, type TValue, to_luastring } from "fengari";
import {
  allocCallback,
  freeCallback,
  slotOfAddress,
  takeForeignThreadDrop,
  takeStrayCallbackFailure,
} from "../callback";
import { type CType, FfiError, msg, sizeOf, typeName } from "../ctype";
import { planCall } from "../jit";
import {
  captureValue,
  compileHandler,
  type HandlerContext,
  type HandlerFactory,
  type PendingError,
} from "./callback-handler";
import type { CData } from "./cdata";
import { toCData } from "./cdata-stack";
import { ConversionError, setFunctionConverter } from "./convert";
import { luaFunction, messageOf } from "./errors";
import type { FfiState } from "./state";

const { LUA_REGISTRYINDEX, LUA_TFUNCTION, LUA_TSTRING } = lua;
const { lua_error, lua_pushcfunction, lua_rawgeti, lua_topointer, lua_type } = lua;
const { luaL_checktype, luaL_error, luaL_unref } = lauxlib;

const FMT_MESSAGE = to_luastring("%s");
const FOREIGN_THREAD =
  "callback called from a foreign thread; call dropped (C got a zero result). " +
  "Lua runs only on the thread that runs the Lua state";
const TOO_MANY_HINT =
  " (slots are permanent for functions converted implicitly: create callbacks with " +
  "ffi.cast and release them with cb:free())";

/** One live callback of a state. */
interface CallbackRecord {
  /** The slot, once allocated. */
  slot: number;
  /** The Lua function the callback runs. */
  fn: TValue;
  /** Where it sits in the implicit-conversion cache, if it came from one. */
  readonly implicitKey: { readonly fn: object; readonly type: number } | undefined;
}

/** The callbacks of one state. */
export class CallbackState implements HandlerContext {
  readonly records = new Map<number, CallbackRecord>();
  /** Permanent callbacks made by implicit conversion, by Lua function and function type id. */
  readonly implicit = new Map<object, Map<number, number>>();
  pending: PendingError | undefined = undefined;
  methods: { free: lua_CFunction; set: lua_CFunction } | undefined = undefined;
  /** Compiled handler factories by function type id. */
  readonly factories = new Map<number, HandlerFactory>();

  constructor(readonly mainThread: lua_State) {}
}

function callbackState(L: lua_State, st: FfiState): CallbackState {
  let cs = st.callbacks;
  if (cs === null) {
    const created = new CallbackState(L.l_G.mainthread);
    st.callbacks = cs = created;
    st.onClose(() => {
      for (const slot of created.records.keys()) freeCallback(slot);
      created.records.clear();
    });
  }
  return cs;
}

// ---- signatures ---------------------------------------------------------------------------------

/** Whether a value of type `t` can cross a callback boundary (LuaJIT's list plus aggregates). */
function passable(st: FfiState, t: CType): boolean {
  switch (t.kind) {
    case "int":
    case "bool":
    case "enum":
    case "ptr":
    case "ref":
      return true;
    case "float":
      return t.size <= 8;
    case "struct":
      return sizeOf(st.reg, t.id) !== undefined;
    case "complex":
      return t.size <= 16;
    default:
      return false;
  }
}

/** The function type a callback of pointer type `to` has, or undefined if it cannot be one. */
function callbackFunction(st: FfiState, to: CType): (CType & { kind: "func" }) | undefined {
  if (to.kind !== "ptr") return undefined;
  const reg = st.reg;
  const fn = reg.get(reg.unqualified(to.target));
  if (fn.kind !== "func" || fn.varargs) return undefined;
  for (const p of fn.params) if (!passable(st, reg.get(reg.unqualified(p.type)))) return undefined;
  const ret = reg.get(reg.unqualified(fn.ret));
  if (ret.kind !== "void" && !passable(st, ret)) return undefined;
  return fn;
}

// ---- creating, freeing, redirecting ---------------------------------------------------------------

/**
 * A new callback of function type `fn` running the Lua function at `idx`; returns the slot
 * address. `implicitKey` marks a permanent callback made by an implicit conversion.
 */
function newCallback(
  L: lua_State,
  st: FfiState,
  fn: CType & { kind: "func" },
  idx: number,
  implicitKey: CallbackRecord["implicitKey"],
): number {
  const cs = callbackState(L, st);
  // Everything that can fail comes before the slot is taken.
  let factory = cs.factories.get(fn.id);
  if (factory === undefined) {
    factory = compileHandler(st, fn, planCall(st.reg, fn.id));
    cs.factories.set(fn.id, factory);
  }
  const record: CallbackRecord = { slot: -1, fn: captureValue(L, idx), implicitKey };
  let cb: ReturnType<typeof allocCallback>;
  try {
    // Handlers catch their own errors; one that still escapes (a RangeError at the very edge
    // of the stack) becomes the pending error all the same.
    cb = allocCallback(st.reg, fn.id, factory(cs, record), (e) => {
      cs.pending ??= { kind: "exception", error: e };
    });
  } catch (e) {
    if (e instanceof FfiError && e.message === msg.tooManyCallbacks()) {
      throw new FfiError(msg.tooManyCallbacks() + TOO_MANY_HINT);
    }
    throw e;
  }
  record.slot = cb.slot;
  cs.records.set(cb.slot, record);
  return cb.address;
}

/** The function-to-pointer conversion convert.ts delegates (ffi.cast and implicit conversions). */
function functionToPointer(L: lua_State, st: FfiState, idx: number, to: CType, cast: boolean): number {
  const fn = callbackFunction(st, to);
  if (fn === undefined) throw new ConversionError(msg.cannotConvert("function", typeName(st.reg, to.id)));
  if (cast) return newCallback(L, st, fn, idx, undefined);
  const cs = callbackState(L, st);
  const f = lua_topointer(L, idx)!;
  let byType = cs.implicit.get(f);
  const known = byType?.get(fn.id);
  if (known !== undefined) return known;
  const address = newCallback(L, st, fn, idx, { fn: f, type: fn.id });
  if (byType === undefined) cs.implicit.set(f, (byType = new Map()));
  byType.set(fn.id, address);
  return address;
}

setFunctionConverter(functionToPointer);

/** The live callback record of the function-pointer cdata at `idx`; raises "bad callback" if none. */
function checkCallback(L: lua_State, st: FfiState, idx: number): CallbackRecord {
  const cd = toCData(L, idx);
  const cs = st.callbacks;
  const slot =
    cd !== undefined && !cd.isCtype && cd.t.kind === "ptr" ? slotOfAddress(cd.value as number) : undefined;
  const record = slot === undefined ? undefined : cs?.records.get(slot);
  if (record === undefined) throw new FfiError(msg.badCallback());
  return record;
}

function callbackMethods(st: FfiState, cs: CallbackState): { free: lua_CFunction; set: lua_CFunction } {
  cs.methods ??= {
    free: luaFunction((L) => {
      const record = checkCallback(L, st, 1);
      freeCallback(record.slot);
      cs.records.delete(record.slot);
      if (record.implicitKey !== undefined)
        cs.implicit.get(record.implicitKey.fn)?.delete(record.implicitKey.type);
      return 0;
    }),
    set: luaFunction((L) => {
      const record = checkCallback(L, st, 1);
      luaL_checktype(L, 2, LUA_TFUNCTION);
      record.fn = captureValue(L, 2);
      return 0;
    }),
  };
  return cs.methods;
}

/**
 * Pushes `cb.free` / `cb.set` for a function-pointer cdata (LuaJIT finds them for every
 * function pointer; they raise "bad callback" on one that is not a live callback) and returns
 * true, or returns false for any other cdata or key.
 */
export function pushCallbackMethod(L: lua_State, st: FfiState, cd: CData, keyIdx: number): boolean {
  if (cd.isCtype || cd.t.kind !== "ptr" || lua_type(L, keyIdx) !== LUA_TSTRING) return false;
  if (st.reg.get(st.reg.unqualified(cd.t.target)).kind !== "func") return false;
  const key = lua.lua_tojsstring(L, keyIdx);
  if (key !== "free" && key !== "set") return false;
  const methods = callbackMethods(st, callbackState(L, st));
  lua_pushcfunction(L, key === "free" ? methods.free : methods.set);
  return true;
}

// ---- after an ffi call ----------------------------------------------------------------------------

/** Whether a callback failed or was dropped during the ffi call that just returned. */
export function callbackTrouble(st: FfiState): boolean {
  // (a pointer to a freed slot was made by a state with callbacks; another state calling it
  // is not told)
  const stray = takeStrayCallbackFailure();
  if (stray !== undefined && st.callbacks !== null) st.callbacks.pending ??= { kind: "message", text: stray };
  return (st.callbacks !== null && st.callbacks.pending !== undefined) || takeForeignThreadDrop();
}

/** Raises the error callbackTrouble found: the callback's own error value, or a message. */
export function raiseCallbackTrouble(L: lua_State, st: FfiState): never {
  const pending = st.callbacks?.pending;
  if (st.callbacks !== null) st.callbacks.pending = undefined;
  if (pending === undefined) return luaL_error(L, FMT_MESSAGE, FOREIGN_THREAD);
  if (pending.kind === "message") return luaL_error(L, FMT_MESSAGE, pending.text);
  if (pending.kind === "exception") return luaL_error(L, FMT_MESSAGE, messageOf(pending.error));
  lua_rawgeti(L, LUA_REGISTRYINDEX, pending.ref);
  luaL_unref(L, LUA_REGISTRYINDEX, pending.ref);
  return lua_error(L);
}

/** Forgets a pending callback error superseded by an exception of the ffi call itself. */
export function discardCallbackTrouble(st: FfiState): void {
  const cs = st.callbacks;
  if (cs?.pending?.kind === "value") {
    luaL_unref(cs.mainThread, LUA_REGISTRYINDEX, cs.pending.ref);
  }
  if (cs !== null) cs.pending = undefined;
}
