// End to end through the doorway: blocks emitted by the Assembler, placed by the mcode area,
// entered through src/native as `void(void)`, talking to JS through a state block whose
// address is baked into the code (the shape every call thunk has).

import { afterAll, describe, expect, it, vi } from "vitest";
import {
  addressOf,
  DEFAULT_NAMESPACE,
  dlsym,
  enterableThunk,
  errnoAddress,
  mainThreadPointer,
  registerDispatcher,
} from "../native";
import { Assembler } from "./assembler";
import { objdumpAvailable } from "./disassemble";
import { JitError } from "./jit-error";
import { McodeArea } from "./mcode";
import { DUMP_MCODE_ENV, formatMcodeDump } from "./mcode-dump";
import { absolute, fs, mem } from "./operands";
import { EAX, EDI, RAX, RBX, RDI, RSP, XMM0, XMM1 } from "./registers";

const area = new McodeArea({ regionSize: 4096 });
afterAll(() => area.release());

/** A state block: eight 64-bit slots in a JS ArrayBuffer, and its native address. */
function stateBlock(): { u64: BigUint64Array; i64: BigInt64Array; f64: Float64Array; at: number } {
  const buffer = new ArrayBuffer(64);
  return {
    u64: new BigUint64Array(buffer),
    i64: new BigInt64Array(buffer),
    f64: new Float64Array(buffer),
    at: addressOf(buffer),
  };
}

function symbol(name: string): number {
  const address = dlsym(DEFAULT_NAMESPACE, name);
  if (address === undefined) throw new Error(`no ${name}`);
  return address;
}

/** push rbx (realigns RSP to 16 and keeps a callee-saved base), rbx = state, body, pop, ret. */
function thunk(state: number, body: (a: Assembler) => void): Assembler {
  const a = new Assembler();
  a.pushReg(RBX);
  a.movRegImm64(RBX, state);
  body(a);
  a.popReg(RBX);
  a.ret();
  return a;
}

describe("mcode end to end", () => {
  it("runs a thunk that stores a constant and its entry RSP into a baked state block", () => {
    const s = stateBlock();
    const a = new Assembler();
    a.movRegImm64(RAX, s.at);
    a.movMemImm(mem(RAX), 0x1234, 64);
    a.movMemReg(mem(RAX, 8), RSP);
    a.ret();
    const block = area.emit(a, "store-constant");
    enterableThunk(block.address)();
    expect(s.u64[0]).toBe(0x1234n);
    // System V: RSP + 8 is 16-byte aligned on entry (the call pushed the return address).
    expect(Number(s.u64[1]! % 16n)).toBe(8);
  });

  it("calls libc strlen and abs found with dlsym, with RSP 16-byte aligned at the call", () => {
    const s = stateBlock();
    const text = new TextEncoder().encode("hello, world\0");
    s.u64[0] = BigInt(addressOf(text));
    s.i64[2] = -42n;
    const block = area.emit(
      thunk(s.at, (a) => {
        a.movRegMem(RDI, mem(RBX));
        a.movMemReg(mem(RBX, 24), RSP);
        a.movRegImm64(RAX, symbol("strlen"));
        a.callReg(RAX);
        a.movMemReg(mem(RBX, 8), RAX);
        a.movRegMem(EDI, mem(RBX, 16));
        a.movRegImm64(RAX, symbol("abs"));
        a.callReg(RAX);
        a.movMemReg(mem(RBX, 32), EAX);
      }),
      "strlen-abs",
    );
    enterableThunk(block.address)();
    expect(s.u64[1]).toBe(12n);
    expect(Number(s.u64[3]! % 16n)).toBe(0);
    expect(Number(s.u64[4]! & 0xffffffffn)).toBe(42);
  });

  it("passes doubles in xmm0/xmm1 and reads the xmm0 result (pow)", () => {
    const s = stateBlock();
    s.f64[0] = 2;
    s.f64[1] = 10;
    const block = area.emit(
      thunk(s.at, (a) => {
        a.movsdRegMem(XMM0, mem(RBX));
        a.movsdRegMem(XMM1, mem(RBX, 8));
        a.movRegImm64(RAX, symbol("pow"));
        a.callReg(RAX);
        a.movsdMemReg(mem(RBX, 16), XMM0);
      }),
      "pow",
    );
    const enter = enterableThunk(block.address);
    enter();
    expect(s.f64[2]).toBe(1024);
    s.f64[1] = 0.5;
    enter();
    expect(s.f64[2]).toBe(Math.SQRT2);
  });

  it("saves errno right after the call through the main thread's errno address", () => {
    const s = stateBlock();
    const block = area.emit(
      thunk(s.at, (a) => {
        a.movRegImm(EDI, -1);
        a.movRegImm64(RAX, symbol("close"));
        a.callReg(RAX);
        a.movMemReg(mem(RBX), EAX);
        a.movRegImm64(RAX, errnoAddress());
        a.movRegMem(EAX, mem(RAX));
        a.movMemReg(mem(RBX, 8), EAX);
      }),
      "close-errno",
    );
    enterableThunk(block.address)();
    expect(s.i64[0]! & 0xffffffffn).toBe(0xffffffffn); // close(-1) == -1
    expect(Number(s.u64[1])).toBe(9); // EBADF
  });

  it.runIf(process.platform === "linux")("reads the thread pointer fs:[0], equal to pthread_self()", () => {
    const s = stateBlock();
    const a = new Assembler();
    a.movRegMem(RAX, fs(absolute(0)));
    a.movRegImm64(RDI, s.at);
    a.movMemReg(mem(RDI), RAX);
    a.ret();
    enterableThunk(area.emit(a, "thread-pointer").address)();
    expect(Number(s.u64[0])).toBe(mainThreadPointer());
  });

  it("calls the registered JS dispatcher from machine code", () => {
    const seen: number[] = [];
    let failAt = -1;
    const dispatcher = registerDispatcher((slot) => {
      seen.push(slot);
      if (slot === failAt) throw new Error(`failed in slot ${slot}`);
    });
    const block = area.emit(
      thunk(0, (a) => {
        a.movRegImm(EDI, 7);
        a.movRegImm64(RAX, dispatcher);
        a.callReg(RAX);
        a.movRegImm(EDI, 300);
        a.movRegImm64(RAX, dispatcher);
        a.callReg(RAX);
      }),
      "dispatch",
    );
    const enter = enterableThunk(block.address);
    enter();
    expect(seen).toEqual([7, 300]);
    // koffi's behaviour when JS throws inside a registered callback, pinned here because the
    // callback design depends on it: C gets control back, every later callback in the same
    // outer call is skipped (JS is not entered), and the exception surfaces from the outer
    // call. So the dispatcher must catch everything itself.
    seen.length = 0;
    failAt = 7;
    expect(enter).toThrow("failed in slot 7");
    expect(seen).toEqual([7]);
    failAt = -1;
    enter();
    expect(seen).toEqual([7, 7, 300]);
  });

  it("keeps earlier blocks runnable while later ones fill new regions", () => {
    const s = stateBlock();
    const enters = Array.from({ length: 300 }, (_, i) => {
      const a = new Assembler();
      a.movRegImm64(RAX, s.at);
      a.movMemImm(mem(RAX), i, 64);
      a.ret();
      return enterableThunk(area.emit(a, `constant-${i}`).address);
    });
    expect(area.mappedBytes).toBeGreaterThan(4096);
    for (const i of [0, 1, 150, 299, 3]) {
      enters[i]!();
      expect(s.u64[0]).toBe(BigInt(i));
    }
  });

  it("refuses an empty block", () => {
    expect(() => area.emit(new Assembler(), "empty")).toThrow(JitError);
    expect(() => area.emitSealed(new Assembler(), "empty")).toThrow(/is empty/);
  });

  it("places sealed blocks in pages of their own", () => {
    const s = stateBlock();
    const a = new Assembler();
    a.movRegImm64(RAX, s.at);
    a.movMemImm(mem(RAX), 77, 32);
    a.ret();
    const before = area.mappedBytes;
    const block = area.emitSealed(a, "sealed");
    expect(block.address % 4096).toBe(0);
    expect(area.mappedBytes).toBe(before + 4096);
    enterableThunk(block.address)();
    expect(s.u64[0]).toBe(77n);
  });
});

describe("mcode dump", () => {
  it("prints each placed block to stderr when FENGARI_FFI_DUMP_MCODE is set", () => {
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    vi.stubEnv(DUMP_MCODE_ENV, "1");
    try {
      const a = new Assembler();
      a.movRegImm(EAX, 5);
      a.ret();
      const block = area.emit(a, "dumped");
      const text = write.mock.calls.map((c) => String(c[0])).join("");
      expect(text).toContain(`---- mcode dumped at 0x${block.address.toString(16)}, 6 bytes`);
      if (objdumpAvailable()) {
        expect(text).toMatch(/b8 05 00 00 00\s+mov eax,0x5/);
        expect(text).toMatch(/c3\s+ret/);
      }
    } finally {
      vi.unstubAllEnvs();
      write.mockRestore();
    }
  });

  it("says nothing when the switch is off", () => {
    const write = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    vi.stubEnv(DUMP_MCODE_ENV, "0");
    try {
      const a = new Assembler();
      a.ret();
      area.emit(a, "quiet");
      expect(write).not.toHaveBeenCalled();
    } finally {
      vi.unstubAllEnvs();
      write.mockRestore();
    }
  });

  it("formats a hex dump header with the address", () => {
    expect(formatMcodeDump("x", 0x1000, new Uint8Array([0xc3]))).toMatch(
      /^---- mcode x at 0x1000, 1 bytes\n/,
    );
  });
});
