// src/jit: the x86-64 emitter (registers, operands, encoder, labels) and the mcode area that
// places emitted blocks in W^X executable memory.

export { Assembler } from "./assembler";
export { type DisassembledLine, disassemble, objdumpAvailable } from "./disassemble";
export { JitError } from "./jit-error";
export { McodeArea, type McodeBlock, type McodeOptions, processMcodeArea } from "./mcode";
export { DUMP_MCODE_ENV, formatMcodeDump, mcodeDumpEnabled } from "./mcode-dump";
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
