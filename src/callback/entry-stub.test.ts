// The entry stub read back by objdump: the frame it builds (argument registers, stack-argument
// pointer, slot, zeroed return area, rax = rdi for sret slots), the thread check against the
// baked main-thread pointer, the current-frame cell saved and restored around the dispatcher,
// and the dropped-call word on the foreign-thread path. Running it is slot-table.test.ts's job.

import { describe, expect, it } from "vitest";
import { disassemble, objdumpAvailable } from "../jit";
import {
  emitEntryStub,
  FRAME_GPR,
  FRAME_PREVIOUS,
  FRAME_RET,
  FRAME_SIZE,
  FRAME_SLOT,
  FRAME_STACK_ARGS,
  FRAME_XMM,
} from "./entry-stub";

const T = {
  mainThread: 0x7f0000001000,
  dispatcher: 0x7f0000002000,
  currentFrameCell: 0x5500000000,
  droppedWord: 0x5500000010,
  sretTable: 0x5500000100,
};
const hex = (n: number) => `0x${n.toString(16)}`;
const at = (off: number) => (off === 0 ? "[rsp]" : `[rsp+${hex(off)}]`);

describe("callback frame layout", () => {
  it("keeps every field inside an aligned frame", () => {
    expect(FRAME_SIZE % 16).toBe(0);
    expect(FRAME_XMM).toBe(FRAME_GPR + 6 * 8);
    expect(FRAME_STACK_ARGS).toBe(FRAME_XMM + 8 * 8);
    expect(FRAME_RET).toBe(FRAME_STACK_ARGS + 8);
    expect(FRAME_PREVIOUS).toBe(FRAME_RET + 4 * 8);
    expect(FRAME_SLOT + 4).toBeLessThanOrEqual(FRAME_SIZE);
  });
});

describe.runIf(objdumpAvailable() && process.platform === "linux")("entry stub through objdump", () => {
  it("decodes to the documented sequence", () => {
    const texts = disassemble(emitEntryStub(T).link(0x10000), 0x10000).map((l) =>
      l.text.replace(/^(j\w+) 0x[0-9a-f]+$/, "$1"),
    );
    const gprs = ["rdi", "rsi", "rdx", "rcx", "r8", "r9"];
    const qword = (off: number) => `QWORD PTR ${at(off)}`;
    expect(texts).toEqual([
      "mov rbp,rsp",
      `sub rsp,${hex(FRAME_SIZE)}`,
      ...gprs.map((r, i) => `mov ${qword(FRAME_GPR + 8 * i)},${r}`),
      ...Array.from({ length: 8 }, (_, i) => `movsd ${qword(FRAME_XMM + 8 * i)},xmm${i}`),
      "lea rcx,[rbp+0x10]",
      `mov ${qword(FRAME_STACK_ARGS)},rcx`,
      "movzx eax,ax",
      `mov DWORD PTR ${at(FRAME_SLOT)},eax`,
      "xor ecx,ecx",
      ...[0, 1, 2, 3].map((i) => `mov ${qword(FRAME_RET + 8 * i)},rcx`),
      `movabs rcx,${hex(T.sretTable)}`,
      "cmp BYTE PTR [rcx+rax*1],0x0",
      "je",
      `mov ${qword(FRAME_RET)},rdi`,
      "mov rcx,QWORD PTR fs:0x0",
      `movabs rdx,${hex(T.mainThread)}`,
      "cmp rcx,rdx",
      "jne",
      `movabs rcx,${hex(T.currentFrameCell)}`,
      "mov rdx,QWORD PTR [rcx]",
      `mov ${qword(FRAME_PREVIOUS)},rdx`,
      "mov QWORD PTR [rcx],rsp",
      "mov edi,eax",
      `movabs rax,${hex(T.dispatcher)}`,
      "call rax",
      `movabs rcx,${hex(T.currentFrameCell)}`,
      `mov rdx,${qword(FRAME_PREVIOUS)}`,
      "mov QWORD PTR [rcx],rdx",
      `mov rax,${qword(FRAME_RET)}`,
      `mov rdx,${qword(FRAME_RET + 8)}`,
      `movsd xmm0,${qword(FRAME_RET + 16)}`,
      `movsd xmm1,${qword(FRAME_RET + 24)}`,
      "mov rsp,rbp",
      "pop rbp",
      "ret",
      `movabs rcx,${hex(T.droppedWord)}`,
      "mov DWORD PTR [rcx],0x1",
      "jmp",
    ]);
  });
});
