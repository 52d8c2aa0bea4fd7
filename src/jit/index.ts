// src/jit: the x86-64 emitter (registers, operands, encoder, labels), the mcode area that
// places emitted blocks in W^X executable memory, System V call plans and call thunks.

export { Assembler } from "./assembler";
export {
  argSlot,
  BLOCK_ERRNO,
  BLOCK_ERRNO_SET,
  BLOCK_GPR,
  BLOCK_RET,
  BLOCK_STACK,
  BLOCK_XMM,
  type CallThunk,
  compileCall,
  emitCallThunk,
  retSlot,
} from "./call-thunk";
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
export {
  type ArgPlan,
  type CallPlan,
  type Classification,
  classify,
  type EightbyteClass,
  MAX_GPR_ARGS,
  MAX_XMM_ARGS,
  type Part,
  planCall,
  planReturn,
  type RetPlan,
} from "./sysv";
