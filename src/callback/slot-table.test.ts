// Callbacks without Lua: raw handlers that read the CallbackFrame and write its return area,
// entered by gcc-compiled C functions of the callback test library (lua-tests/native), which
// are themselves called through src/jit call thunks. Covers register and stack arguments, the
// return registers as C sees them, sret, nesting, callee-saved registers, a throwing handler,
// foreign threads, slot reuse, more slots than a page and the slot limit.

import { beforeAll, describe, expect, it } from "vitest";
import { buildCallbackLib } from "../../lua-tests/native/build";
import { type CTypeId, FfiError, layoutAggregate, Registry } from "../ctype";
import { BLOCK_GPR, BLOCK_RET, BLOCK_XMM, compileCall } from "../jit";
import {
  addressOf,
  dlopen,
  dlsym,
  type LibraryHandle,
  readF64,
  readI32,
  readPtr,
  writeF64,
  writeI32,
  writeI64,
  writeU64,
} from "../native";
import { FRAME_GPR, FRAME_RET, FRAME_SLOT, FRAME_STACK_ARGS, FRAME_XMM } from "./entry-stub";
import { CALLBACK_MAX_SLOTS, SLOTS_PER_PAGE } from "./slot-page";
import {
  allocCallback,
  type CallbackHandler,
  callbackSlot,
  freeCallback,
  setCallbackHandler,
  slotAddress,
  slotOfAddress,
  slotPageCount,
  takeForeignThreadDrop,
} from "./slot-table";

let lib: LibraryHandle;
const reg = new Registry();
const { int, int64, double, void: voidId, voidPtr } = reg.ids;

function fn(ret: CTypeId, params: readonly CTypeId[]): CTypeId {
  return reg.func(
    ret,
    params.map((type) => ({ name: undefined, type })),
    false,
    "cdecl",
  );
}

/** Calls C function `name` of type `type` with integer-class and double arguments, in order. */
function callC(name: string, type: CTypeId, gprs: readonly number[], xmms: readonly number[] = []) {
  const target = dlsym(lib, name);
  if (target === undefined) throw new Error(`no ${name}`);
  const thunk = compileCall(reg, type, target);
  const view = new DataView(thunk.memory);
  gprs.forEach((v, i) => {
    view.setBigInt64(BLOCK_GPR + 8 * i, BigInt(v), true);
  });
  xmms.forEach((v, i) => {
    view.setFloat64(BLOCK_XMM + 8 * i, v, true);
  });
  thunk.enter();
  return {
    i32: view.getInt32(BLOCK_RET, true),
    i64: view.getBigInt64(BLOCK_RET, true),
    f64: view.getFloat64(BLOCK_RET + 16, true),
  };
}

const intOfInt = fn(int, [int]);
const callerOfIntOfInt = fn(int, [reg.pointer(intOfInt), int]);

/** A callback `int f(int)` computing `body(x)`. */
function intCallback(body: (x: number) => number): { slot: number; address: number } {
  return allocCallback(reg, intOfInt, (frame) => {
    writeI32(frame + FRAME_RET, body(readI32(frame + FRAME_GPR)));
    writeI32(frame + FRAME_RET + 4, 0);
  });
}

const call1 = (address: number, x: number) => callC("cbt_call1", callerOfIntOfInt, [address, x]).i32;

describe("callback slots entered from C", () => {
  beforeAll(() => {
    lib = dlopen(buildCallbackLib());
  });

  it("runs the slot's handler with the register arguments and returns its result", () => {
    const cb = intCallback((x) => x * 2 + 1);
    expect(call1(cb.address, 20)).toBe(41);
    expect(slotOfAddress(cb.address)).toBe(cb.slot);
    expect(callbackSlot(cb.slot)?.fnTypeId).toBe(intOfInt);
    freeCallback(cb.slot);
  });

  it("records the slot number in the frame", () => {
    let seen = -1;
    const cb = allocCallback(reg, fn(int, []), (frame) => {
      seen = readI32(frame + FRAME_SLOT);
    });
    callC("cbt_call0", fn(int, [reg.pointer(fn(int, []))]), [cb.address]);
    expect(seen).toBe(cb.slot);
    freeCallback(cb.slot);
  });

  it("reads arguments past the eight vector registers through the stack-argument pointer", () => {
    const tenDoubles = fn(double, Array(10).fill(double));
    const cb = allocCallback(reg, tenDoubles, (frame) => {
      let sum = 0;
      for (let i = 0; i < 8; i++) sum += readF64(frame + FRAME_XMM + 8 * i) * 10 ** i;
      const stack = readPtr(frame + FRAME_STACK_ARGS);
      sum += readF64(stack) * 1e8 + readF64(stack + 8) * 1e9;
      writeF64(frame + FRAME_RET + 16, sum);
    });
    expect(cb.plan.args[9]!.parts[0]).toMatchObject({ where: "stack", index: 8 });
    const r = callC("cbt_call_d10", fn(double, [reg.pointer(tenDoubles)]), [cb.address]);
    expect(r.f64).toBe(10987654321);
    freeCallback(cb.slot);
  });

  it("returns rax, rdx, xmm0 and xmm1 exactly as the handler left them, zero by default", () => {
    const raw = new BigUint64Array(4);
    const rawCall = fn(voidId, [voidPtr, voidPtr]);
    const out = addressOf(raw);
    const cb = allocCallback(reg, fn(voidId, []), (frame) => {
      writeU64(frame + FRAME_RET, 0xfedcba9876543210n);
      writeI64(frame + FRAME_RET + 8, -2n);
      writeF64(frame + FRAME_RET + 16, 1.5);
      writeF64(frame + FRAME_RET + 24, -0.25);
    });
    callC("cbt_raw_call", rawCall, [cb.address, out]);
    expect(Array.from(raw)).toEqual([
      0xfedcba9876543210n,
      2n ** 64n - 2n,
      new BigUint64Array(new Float64Array([1.5]).buffer)[0],
      new BigUint64Array(new Float64Array([-0.25]).buffer)[0],
    ]);
    setCallbackHandler(cb.slot, () => {});
    callC("cbt_raw_call", rawCall, [cb.address, out]);
    expect(Array.from(raw)).toEqual([0n, 0n, 0n, 0n]);
    freeCallback(cb.slot);
  });

  it("keeps rbx, rbp and r12..r15 for the C caller", () => {
    const cb = allocCallback(reg, fn(voidId, []), () => {});
    expect(callC("cbt_preserves_registers", fn(int, [voidPtr]), [cb.address]).i32).toBe(1);
    freeCallback(cb.slot);
  });

  it("returns a struct through the hidden pointer and gives it back in rax", () => {
    const big = reg.newAggregate(false, "cbt_big");
    const t = reg.get(big);
    if (t.kind !== "struct") throw new Error("not a struct");
    layoutAggregate(
      reg,
      t.info,
      ["a", "b", "c"]
        .map((name) => ({ name, type: int64, packed: false }))
        .concat([{ name: "d", type: double, packed: false }]),
      { packed: false },
    );
    const bigOfInt = fn(big, [int]);
    const cb = allocCallback(reg, bigOfInt, (frame) => {
      const out = readPtr(frame + FRAME_GPR);
      const k = readI32(frame + FRAME_GPR + 8);
      writeI64(out, BigInt(k));
      writeI64(out + 8, BigInt(k * 10));
      writeI64(out + 16, BigInt(k * 100));
      writeF64(out + 24, 0.5);
      expect(readPtr(frame + FRAME_RET)).toBe(out);
    });
    expect(cb.plan.ret.kind).toBe("sret");
    const r = callC("cbt_ret_big", fn(double, [reg.pointer(bigOfInt)]), [cb.address]);
    expect(r.f64).toBe(333.5);
    freeCallback(cb.slot);
  });

  it("nests: a handler calls C that enters another callback, each with its own frame", () => {
    const inner = intCallback((x) => x + 100);
    let outerArgAfter = -1;
    const outer = allocCallback(reg, intOfInt, (frame) => {
      const x = readI32(frame + FRAME_GPR);
      const r = call1(inner.address, x);
      outerArgAfter = readI32(frame + FRAME_GPR);
      writeI32(frame + FRAME_RET, r * 2);
    });
    expect(call1(outer.address, 5)).toBe(210);
    expect(outerArgAfter).toBe(5);
    freeCallback(inner.slot);
    freeCallback(outer.slot);
  });

  it("recurses through C forty levels deep", () => {
    const recurse = fn(int, [reg.pointer(intOfInt), int]);
    let cb: { address: number; slot: number } | undefined;
    cb = intCallback((n) => (n === 0 ? 0 : callC("cbt_recurse", recurse, [cb!.address, n - 1]).i32 + 1));
    expect(callC("cbt_recurse", recurse, [cb.address, 40]).i32).toBe(81);
    freeCallback(cb.slot);
  });

  it("gives C a zero result when a handler throws, tells onError, and runs later callbacks", () => {
    const errors: unknown[] = [];
    const cb = allocCallback(
      reg,
      intOfInt,
      (frame) => {
        const i = readI32(frame + FRAME_GPR);
        if (i === 2) {
          writeI32(frame + FRAME_RET, 999);
          throw new Error("boom");
        }
        writeI32(frame + FRAME_RET, i + 1);
      },
      (e) => errors.push(e),
    );
    // i = 0..4 gives 1 + 2 + (999 written before the throw) + 4 + 5: the written value stays
    const r = callC("cbt_call_n", fn(int64, [reg.pointer(intOfInt), int]), [cb.address, 5]);
    expect(r.i64).toBe(1n + 2n + 999n + 4n + 5n);
    expect(errors).toHaveLength(1);
    freeCallback(cb.slot);
  });

  it("never enters JS from a thread that is joined by the caller, and records the drop", () => {
    let calls = 0;
    const cb = intCallback(() => {
      calls++;
      return 7;
    });
    expect(takeForeignThreadDrop()).toBe(false);
    expect(callC("cbt_call_in_joined_thread", callerOfIntOfInt, [cb.address, 3]).i32).toBe(0);
    expect(calls).toBe(0);
    expect(takeForeignThreadDrop()).toBe(true);
    expect(takeForeignThreadDrop()).toBe(false);
    expect(call1(cb.address, 3)).toBe(7);
    freeCallback(cb.slot);
  });

  it("drops a call from a detached thread", async () => {
    let calls = 0;
    const cb = intCallback(() => {
      calls++;
      return 7;
    });
    expect(callC("cbt_call_in_detached_thread", callerOfIntOfInt, [cb.address, 3]).i32).toBe(0);
    const result = new Int32Array(1);
    const done = fn(int, [reg.pointer(int)]);
    const deadline = Date.now() + 5000;
    while (callC("cbt_detached_done", done, [addressOf(result)]).i32 === 0) {
      if (Date.now() > deadline) throw new Error("the detached thread did not finish");
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(result[0]).toBe(0);
    expect(calls).toBe(0);
    expect(takeForeignThreadDrop()).toBe(true);
    freeCallback(cb.slot);
  });

  it("reuses freed slots lowest first and maps addresses back to slots", () => {
    const made = Array.from({ length: 2000 }, (_, i) => intCallback((x) => x + i));
    expect(slotPageCount()).toBeGreaterThanOrEqual(3);
    for (const cb of made) {
      expect(slotOfAddress(cb.address)).toBe(cb.slot);
      expect(slotOfAddress(cb.address + 1)).toBeUndefined();
      expect(slotOfAddress(cb.address + 2)).toBeUndefined();
    }
    // slots on the first, second and third page all reach their own handler
    for (const i of [0, 959, 960, 1500, 1999]) expect(call1(made[i]!.address, 1)).toBe(1 + i);
    const freed = made.filter((_, i) => i % 3 === 0);
    for (const cb of freed) freeCallback(cb.slot);
    const again = Array.from({ length: freed.length }, () => intCallback((x) => -x));
    expect(again.map((c) => c.slot)).toEqual(freed.map((c) => c.slot));
    expect(call1(again[5]!.address, 9)).toBe(-9);
    for (const cb of [...made.filter((_, i) => i % 3 !== 0), ...again]) freeCallback(cb.slot);
  });

  it("refuses to free or redirect a free slot", () => {
    const cb = intCallback((x) => x);
    freeCallback(cb.slot);
    expect(() => freeCallback(cb.slot)).toThrow(FfiError);
    expect(() => freeCallback(cb.slot)).toThrow("bad callback");
    expect(() => setCallbackHandler(cb.slot, () => {})).toThrow("bad callback");
    // a freed slot that C still calls gives a zero result
    expect(call1(cb.address, 4)).toBe(0);
  });

  it("holds CALLBACK_MAX_SLOTS callbacks, the last one reached through ah = 0xff", () => {
    const handler: CallbackHandler = (frame) => writeI32(frame + FRAME_RET, readI32(frame + FRAME_SLOT));
    const all: number[] = [];
    for (let i = 0; i < CALLBACK_MAX_SLOTS; i++) all.push(allocCallback(reg, intOfInt, handler).slot);
    expect(() => allocCallback(reg, intOfInt, handler)).toThrow("too many callbacks");
    expect(slotPageCount()).toBe(Math.ceil(CALLBACK_MAX_SLOTS / SLOTS_PER_PAGE));
    for (const slot of [0, 255, 256, 40000, CALLBACK_MAX_SLOTS - 1]) {
      expect(call1(slotAddress(slot)!, 0)).toBe(slot);
    }
    for (const slot of all) freeCallback(slot);
    expect(allocCallback(reg, intOfInt, handler).slot).toBe(0);
  });
});
