// src/jit: the x86-64 emitter (registers, operands, encoder, labels) and the mcode area that
// places emitted blocks in W^X executable memory.

export { Assembler } from "./assembler";
export { JitError } from "./jit-error";
export { ALU, type AluOp, CC, type Condition } from "./opcodes";
export {
  absolute,
  fs,
  gs,
  Label,
  type Mem,
  type MemOperand,
  mem,
  memIndex,
  type RipMem,
  rip,
  type Scale,
  type Segment,
} from "./operands";
export * from "./registers";
