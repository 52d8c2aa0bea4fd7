import { describe, expect, it } from "vitest";
import { Assembler } from "./assembler";
import { JitError } from "./jit-error";
import { absolute, fs, Label, mem, memIndex, rip } from "./operands";
import { AH, AL, EAX, R8, R12, R13, RAX, RBP, RCX, RSP, SIL, XMM0, XMM9 } from "./registers";

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join(" ");
}

function expectBytes(emit: (a: Assembler) => void, expected: string, base = 0): void {
  const a = new Assembler();
  emit(a);
  expect(hexOf(a.link(base))).toBe(expected);
}

function expectError(emit: (a: Assembler) => void, message: RegExp): void {
  const a = new Assembler();
  expect(() => {
    emit(a);
    a.link();
  }).toThrow(JitError);
  const b = new Assembler();
  expect(() => {
    emit(b);
    b.link();
  }).toThrow(message);
}

describe("x86-64 encoder bytes", () => {
  it("encodes the forms the thunks and slot pages rely on", () => {
    expectBytes((a) => a.movRegImm(RAX, 5), "48 c7 c0 05 00 00 00");
    expectBytes((a) => a.movRegImm(AL, 5), "b0 05");
    expectBytes((a) => a.movRegImm(AH, 1), "b4 01");
    expectBytes((a) => a.movRegImm64(R12, 0x7f0000001000), "49 bc 00 10 00 00 00 7f 00 00");
    expectBytes((a) => a.pushReg(RBP), "55");
    expectBytes((a) => a.pushReg(R12), "41 54");
    expectBytes((a) => a.movRegMem(RAX, fs(absolute(0))), "64 48 8b 04 25 00 00 00 00");
    expectBytes((a) => a.movRegMem(RAX, mem(RSP)), "48 8b 04 24");
    expectBytes((a) => a.movRegMem(RAX, mem(R13)), "49 8b 45 00");
    expectBytes((a) => a.movRegMem(EAX, memIndex(RBP, R8, 8, -8)), "42 8b 44 c5 f8");
    expectBytes((a) => a.aluRegImm("sub", RSP, 8), "48 83 ec 08");
    expectBytes((a) => a.aluRegImm("and", RSP, -16), "48 83 e4 f0");
    expectBytes((a) => a.aluRegImm("add", RSP, 0x128), "48 81 c4 28 01 00 00");
    expectBytes((a) => a.callReg(RAX), "ff d0");
    expectBytes((a) => a.movsdMemReg(mem(RAX, 8), XMM9), "f2 44 0f 11 48 08");
    expectBytes((a) => a.movqXmmGpr(XMM0, RCX), "66 48 0f 6e c1");
    expectBytes((a) => a.movRegMem(SIL, mem(RAX)), "40 8a 30");
  });

  it("resolves labels forward and backward, short and near", () => {
    expectBytes((a) => {
      const l = new Label();
      a.bind(l);
      a.jmpShort(l);
    }, "eb fe");
    expectBytes((a) => {
      const l = new Label();
      a.jcc("ne", l);
      a.nop();
      a.bind(l);
    }, "0f 85 01 00 00 00 90");
    expectBytes((a) => {
      const l = new Label();
      a.jmpMem(rip(l));
      a.bind(l);
      a.data64(0x1122334455667788n);
    }, "ff 25 00 00 00 00 88 77 66 55 44 33 22 11");
  });

  it("resolves rel32 branches to absolute addresses against the block's base", () => {
    expectBytes((a) => a.call(0x10000), "e8 fb ff 00 00", 0);
    expectBytes((a) => a.jmp(0x7f0000000000), "e9 fb ff ff ff", 0x7f0000000000);
    expectError((a) => a.call(2 ** 40), /out of rel32 range/);
  });

  it("refuses what x86-64 cannot encode", () => {
    expectError((a) => a.movRegReg(RAX, EAX), /widths differ/);
    expectError((a) => a.movRegReg(AH, SIL), /ah cannot be encoded/);
    expectError((a) => a.movRegMem(AH, mem(R8)), /ah cannot be encoded/);
    expectError((a) => a.movRegImm(AL, 256), /does not fit in 8 bits/);
    expectError((a) => a.movMemImm(mem(RAX), 2 ** 31, 64), /does not fit in 32 bits/);
    expectError((a) => a.movRegImm64(RAX, 2 ** 60 + 1), /not an exact integer/);
    expectError((a) => a.movsxRegReg(EAX, EAX), /source must be 8 or 16 bits/);
    expectError((a) => a.pushReg(EAX), /wrong width/);
    expectError((a) => a.movRegMem(RAX, memIndex(RAX, RSP, 1)), /rsp cannot be an index/);
    expectError((a) => a.movRegMem(RAX, mem(EAX)), /must be 64-bit/);
    expectError((a) => a.jmp(new Label("nowhere")), /'nowhere' is never bound/);
    expectError((a) => {
      const l = new Label("twice");
      a.bind(l);
      a.bind(l);
    }, /bound twice/);
    expectError((a) => {
      const l = new Label();
      a.jmpShort(l);
      for (let i = 0; i < 128; i++) a.nop();
      a.bind(l);
    }, /out of rel8 range/);
  });
});
