// Memory operands and labels. A memory operand is [base + index*scale + disp32] with an
// optional fs/gs segment, or [rip + disp32] where the displacement is either raw or the
// distance to a label (resolved when the code is linked). `absolute(disp)` is the SIB form
// with neither base nor index, which `fs(absolute(0))` turns into `fs:[0]`, the thread pointer.

import { JitError } from "./jit-error";
import type { Gpr } from "./registers";

/** A position in emitted code; bound once, referenced any number of times. */
export class Label {
  /** Offset from the start of the block once bound, -1 before. */
  position = -1;

  constructor(readonly name = "label") {}

  /** Whether bind() has given the label a position. */
  get bound(): boolean {
    return this.position >= 0;
  }
}

/** Index scale of a SIB memory operand. */
export type Scale = 1 | 2 | 4 | 8;

/** A segment override for thread-local accesses. */
export type Segment = "fs" | "gs";

/** [base + index*scale + disp], any part optional, with an optional segment override. */
export interface Mem {
  readonly kind: "mem";
  readonly base: Gpr | undefined;
  readonly index: Gpr | undefined;
  readonly scale: Scale;
  readonly disp: number;
  readonly segment: Segment | undefined;
}

/** [rip + disp32]: a raw displacement from the end of the instruction, or a label. */
export interface RipMem {
  readonly kind: "rip";
  readonly target: Label | number;
}

/** Any memory operand. */
export type MemOperand = Mem | RipMem;

function checkAddressRegister(reg: Gpr, role: string): void {
  if (reg.width !== 64) throw new JitError(`${role} register ${reg.name} must be 64-bit`);
}

function checkDisp32(disp: number): void {
  if (!Number.isInteger(disp) || disp < -(2 ** 31) || disp >= 2 ** 31) {
    throw new JitError(`displacement ${disp} does not fit in 32 bits`);
  }
}

/** [base + disp]. */
export function mem(base: Gpr, disp = 0): Mem {
  checkAddressRegister(base, "base");
  checkDisp32(disp);
  return { kind: "mem", base, index: undefined, scale: 1, disp, segment: undefined };
}

/** [base + index*scale + disp]; base may be undefined for [index*scale + disp32]. */
export function memIndex(base: Gpr | undefined, index: Gpr, scale: Scale, disp = 0): Mem {
  if (base !== undefined) checkAddressRegister(base, "base");
  checkAddressRegister(index, "index");
  if (index.code === 4) throw new JitError("rsp cannot be an index register");
  checkDisp32(disp);
  return { kind: "mem", base, index, scale, disp, segment: undefined };
}

/** [disp32]: an absolute address in the low 2 GiB, or an offset from a segment base. */
export function absolute(disp: number): Mem {
  checkDisp32(disp);
  return { kind: "mem", base: undefined, index: undefined, scale: 1, disp, segment: undefined };
}

/** The same memory operand relative to the fs segment (thread-local storage on Linux). */
export function fs(operand: Mem): Mem {
  return { ...operand, segment: "fs" };
}

/** The same memory operand relative to the gs segment (thread-local storage on macOS). */
export function gs(operand: Mem): Mem {
  return { ...operand, segment: "gs" };
}

/** [rip + disp32] to a label, or with a raw displacement counted from the instruction's end. */
export function rip(target: Label | number): RipMem {
  if (typeof target === "number") checkDisp32(target);
  return { kind: "rip", target };
}
