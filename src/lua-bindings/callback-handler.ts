/*
 * The JS handler of a callback, compiled per signature (lj_ccallback.c callback_conv_args and
 * callback_conv_result; luaffi's compile_callback, which emits the same per-signature code in
 * machine code).
 *
 * A handler reads the C arguments from the CallbackFrame the entry stub built, pushes them as
 * Lua values, runs the Lua function in a protected call and converts its result into the
 * frame's return area. It runs once per C -> Lua call, so it is generated as JS source for its
 * signature and compiled with `new Function`: every argument becomes one straight-line
 * statement reading a fixed frame offset (or the caller's stack through the saved pointer),
 * with the common types (integers up to 32 bits, floating point, pointers) converted inline,
 * and the call sites inside stay monomorphic because no two signatures share the code. Rarer
 * types go through the general conversions of convert.ts (64-bit integers, enums, bool) or
 * through small closures made here once per signature (structs and complex both ways, struct
 * results through a hidden pointer).
 *
 * Failure handling lives in the generated code's frame too: a Lua error (status > 0) is kept in
 * the registry as the error value, a JS exception inside the protected call (fengari reports
 * status -1 with no value: V8's stack limit in practice) and any exception of our own become a
 * message; either way the return area keeps the zeros the stub wrote, and the Lua stack is put
 * back as it was.
 */
import { lauxlib, lua, type lua_State, type TValue } from "fengari";
import { pushobj2s } from "fengari/src/lobject.js";
import { FRAME_GPR, FRAME_RET, FRAME_STACK_ARGS, FRAME_XMM } from "../callback";
import { alignOf, type CType, FfiError, sizeOf } from "../ctype";
import type { CallPlan, Part } from "../jit";
import {
  copyNative,
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
  writeI32,
} from "../native";
import { CData } from "./cdata";
import { pushCData } from "./cdata-stack";
import { loadScalar, pushScalar, readAddress, storeC, storeScalar, toScalar } from "./convert";
import { numberToInt } from "./scalar";
import type { FfiState } from "./state";

const { LUA_OK, LUA_REGISTRYINDEX, LUA_TNUMBER } = lua;
const { luaL_ref } = lauxlib;

/** A failure inside a callback, waiting for the ffi call that entered C to return. */
export type PendingError =
  | { readonly kind: "value"; readonly ref: number }
  | { readonly kind: "message"; readonly text: string }
  /** A JS exception, turned into a message only when raised (near the stack limit, formatting
   * it here could throw again). */
  | { readonly kind: "exception"; readonly error: unknown };

/** What a handler shares with the other callbacks of its state. */
export interface HandlerContext {
  pending: PendingError | undefined;
  readonly mainThread: lua_State;
}

/**
 * The Lua function a callback runs (cb:set changes it), held as the stack value itself: the JS
 * reference keeps it alive (fengari's collector is V8's), and pushing it is one copy, cheaper
 * than a registry lookup on every call.
 */
export interface FunctionSlot {
  fn: TValue;
}

/** Captures the value at stack index `idx` for pushing later with pushobj2s. */
export function captureValue(L: lua_State, idx: number): TValue {
  lua.lua_pushvalue(L, idx);
  const tv = L.stack[L.top - 1]!;
  const copy = { type: tv.type, value: tv.value };
  lua.lua_pop(L, 1);
  return copy;
}

/** Makes the handler of one callback of the compiled signature. */
export type HandlerFactory = (ctx: HandlerContext, slot: FunctionSlot) => (frame: number) => void;

/**
 * lua_settop(L, top) for a top below the current one, clearing the slots instead of deleting
 * them as fengari does: `delete` on the stack array costs V8 tens of nanoseconds per slot,
 * a large part of a callback's own cost. A cleared slot reads as a deleted one.
 */
function popTo(L: lua_State, top: number): void {
  const stack = L.stack as (TValue | undefined)[];
  const frame = L as unknown as { top: number };
  while (frame.top > top) stack[--frame.top] = undefined;
}

/** Records the failure of a protected call whose status is not LUA_OK (the error value is on top). */
function failed(ctx: HandlerContext, L: lua_State, status: number): void {
  if (status > 0) ctx.pending ??= { kind: "value", ref: luaL_ref(L, LUA_REGISTRYINDEX) };
  else ctx.pending ??= { kind: "message", text: "stack overflow (in a callback)" };
}

/** Records an exception of the handler itself (a result that does not convert, say). */
function caught(ctx: HandlerContext, e: unknown): void {
  ctx.pending ??= { kind: "exception", error: e };
}

// ---- code generation ------------------------------------------------------------------------------

/** The JS expression of an argument Part's address (`stack` is the caller's stack-argument area). */
function partAddress(part: Part): string {
  switch (part.where) {
    case "gpr":
      return `frame + ${FRAME_GPR + 8 * part.index}`;
    case "xmm":
      return `frame + ${FRAME_XMM + 8 * part.index}`;
    case "stack":
      return `stack + ${part.index}`;
  }
}

/** The reader function (from ../native) for an integer of up to 32 bits. */
function intReader(size: number, unsigned: boolean): string {
  const name = size === 1 ? "8" : size === 2 ? "16" : "32";
  return `read${unsigned ? "U" : "I"}${name}`;
}

/** Compiles the handler factory of function type `fn` with call plan `plan`. */
export function compileHandler(st: FfiState, fn: CType & { kind: "func" }, plan: CallPlan): HandlerFactory {
  const reg = st.reg;
  const consts: unknown[] = [];
  const constant = (v: unknown): string => {
    consts.push(v);
    return `k${consts.length - 1}`;
  };
  const lines: string[] = [];
  let usesStack = false;

  fn.params.forEach((p, i) => {
    const t = reg.get(reg.unqualified(p.type));
    const parts = plan.args[i]?.parts ?? [];
    if (parts.some((q) => q.where === "stack")) usesStack = true;
    if (t.kind === "struct" || t.kind === "complex") {
      const size = sizeOf(reg, t.id) ?? 0;
      const align = Math.max(16, alignOf(reg, t.id));
      const copies = parts.map((q) => ({ offset: q.offset, size: q.size, where: q.where, index: q.index }));
      const read = (L: lua_State, frame: number, stack: number) => {
        const out = st.memory.allocate(size, align);
        for (const q of copies) {
          const from =
            q.where === "gpr"
              ? frame + FRAME_GPR + 8 * q.index
              : q.where === "xmm"
                ? frame + FRAME_XMM + 8 * q.index
                : stack + q.index;
          copyNative(out.address + q.offset, from, q.size);
        }
        pushCData(L, st, new CData(t, out.address, out.keep));
      };
      lines.push(`${constant(read)}(L, frame, stack);`);
      return;
    }
    const at = partAddress(parts[0]!);
    if (t.kind === "int" && t.size <= 4) {
      if (t.size === 4 && t.unsigned) {
        lines.push(
          `{ const v = readU32(${at}); if (v > 0x7fffffff) lua_pushnumber(L, v); else lua_pushinteger(L, v); }`,
        );
      } else {
        lines.push(`lua_pushinteger(L, ${intReader(t.size, t.unsigned)}(${at}));`);
      }
    } else if (t.kind === "float") {
      lines.push(`lua_pushnumber(L, ${t.size === 4 ? "readF32" : "readF64"}(${at}));`);
    } else if (t.kind === "ptr") {
      lines.push(`pushCData(L, st, new CData(${constant(t)}, readAddress(${at})));`);
    } else {
      const k = constant(t);
      lines.push(`pushScalar(L, st, ${k}, loadScalar(${k}, ${at}));`);
    }
  });

  const ret = reg.get(reg.unqualified(fn.ret));
  const result = resultCode(st, ret, plan.ret, constant);
  const nargs = fn.params.length;
  const source = `
    return function makeHandler(ctx, slot) {
      return function callbackHandler(frame) {
        // An earlier callback of this ffi call failed: in LuaJIT its error would have unwound
        // past this call, so Lua does not run again until the error is raised.
        if (ctx.pending !== undefined) return;
        const L = st.callL ?? ctx.mainThread;
        const base = lua_gettop(L);
        const top = L.top;
        try {
          if (!lua_checkstack(L, ${nargs + 1})) throw new FfiError("stack overflow");
          pushobj2s(L, slot.fn);
          ${usesStack ? `const stack = readAddress(frame + ${FRAME_STACK_ARGS});` : "const stack = 0;"}
          ${lines.join("\n          ")}
          // no message handler: the error value reaches the ffi call as raised, as in LuaJIT
          const status = lua_pcall(L, ${nargs}, ${result === "" ? 0 : 1}, 0);
          if (status === LUA_OK) {
            ${result}
          } else failed(ctx, L, status);
        } catch (e) {
          caught(ctx, e);
        } finally {
          popTo(L, top);
        }
      };
    };`;
  const deps: Record<string, unknown> = {
    st,
    keep: st.keepForCall,
    CData,
    FfiError,
    LUA_OK,
    LUA_TNUMBER,
    lua_checkstack: lua.lua_checkstack,
    lua_gettop: lua.lua_gettop,
    lua_pcall: lua.lua_pcall,
    lua_pushinteger: lua.lua_pushinteger,
    lua_pushnumber: lua.lua_pushnumber,
    popTo,
    lua_tonumber: lua.lua_tonumber,
    lua_type: lua.lua_type,
    pushobj2s,
    failed,
    caught,
    pushCData,
    pushScalar,
    loadScalar,
    toScalar,
    numberToInt,
    readAddress,
    readI8,
    readI16,
    readI32,
    readU8,
    readU16,
    readU32,
    readF32,
    readF64,
    writeI32,
    writeF32,
    writeF64,
  };
  consts.forEach((v, i) => {
    deps[`k${i}`] = v;
  });
  const names = Object.keys(deps);
  return new Function(...names, source)(...names.map((n) => deps[n])) as HandlerFactory;
}

/** The statements that convert the result on top of the Lua stack; "" for void. */
function resultCode(st: FfiState, t: CType, plan: CallPlan["ret"], constant: (v: unknown) => string): string {
  if (plan.kind === "void") return "";
  const reg = st.reg;
  const keep = st.keepForCall;
  const rax = `frame + ${FRAME_RET}`;
  const xmm0 = `frame + ${FRAME_RET + 16}`;
  if (plan.kind === "sret") {
    const write = (L: lua_State, frame: number) => storeC(L, st, -1, t, readAddress(frame + FRAME_GPR), keep);
    return `${constant(write)}(L, frame);`;
  }
  if (t.kind === "struct" || t.kind === "complex") {
    const size = sizeOf(reg, t.id) ?? 0;
    const pieces = plan.parts.map((p) => ({
      to: FRAME_RET + (p.where === "gpr" ? 0 : 16) + 8 * p.index,
      offset: p.offset,
      size: p.size,
    }));
    const write = (L: lua_State, frame: number) => {
      const tmp = st.memory.allocate(size, 16);
      storeC(L, st, -1, t, tmp.address, keep);
      for (const p of pieces) copyNative(frame + p.to, tmp.address + p.offset, p.size);
    };
    return `${constant(write)}(L, frame);`;
  }
  const k = constant(t);
  const slow = `toScalar(L, st, -1, ${k}, false, keep)`;
  if (t.kind === "float") {
    const write = t.size === 4 ? "writeF32" : "writeF64";
    return `${write}(${xmm0}, lua_type(L, -1) === LUA_TNUMBER ? lua_tonumber(L, -1) : ${slow});`;
  }
  // Integers narrower than 64 bits: extended to 32 by the conversion, then zero-extended to 64
  // as LuaJIT does on x64 (the upper half of the return area is already zero).
  if (t.kind === "int" && t.size <= 4) {
    return `writeI32(${rax}, lua_type(L, -1) === LUA_TNUMBER ? numberToInt(lua_tonumber(L, -1), ${t.size}, ${t.unsigned}) : ${slow});`;
  }
  if (t.kind === "bool" || t.kind === "enum") return `writeI32(${rax}, ${slow});`;
  const write = (L: lua_State, frame: number) =>
    storeScalar(t, frame + FRAME_RET, toScalar(L, st, -1, t, false, keep));
  return `${constant(write)}(L, frame);`;
}
