/*
 * Call thunks: machine code that calls one C function per a CallPlan, entered from JS.
 *
 * The technique is LuaJIT's lj_vm_ffi_call (vm_x64.dasc) fed by a CCallState (lj_ccall.h), with
 * the per-signature specialisation of luaffi's compile_function (call_x86.dasc): a thunk is
 * written for one (signature, target) pair and owns a state block in native memory whose
 * address is baked into its code. A marshaller writes the argument eightbytes into the block's
 * slots with plain stores (gpr[] and fpr[] in CCallState's terms, and the outgoing stack area),
 * enters the thunk through koffi as `void(void)`, and reads RAX / RDX / XMM0 / XMM1 and errno
 * back from the block. The thunk itself never converts anything: the plan decided where every
 * eightbyte goes, the marshaller wrote it there, the thunk only moves slots into registers.
 *
 * The thunk, in order: push rbx (callee-saved, holds the block across the call; koffi enters
 * with RSP = 8 mod 16, so the push also aligns RSP to 16), reserve and fill the outgoing stack
 * area (a multiple of 16, so RSP stays aligned at the call; a plan with an over-aligned stack
 * argument also saves RSP in rbp and aligns it further), store errno if the block asks,
 * load the argument registers the plan uses, set AL to the number of XMM registers for a
 * variadic callee, call the target through r11 (absolute, no ±2 GiB limit), read errno, store
 * the four return registers, undo the stack and return. Results are stored whole: a `char`
 * result is defined only in AL, and narrowing it is the marshaller's job.
 *
 * errno is thread-local. The thunk reads and writes it through the address errnoAddress()
 * returned (taken once through __errno_location on the thread that loaded this module) rather
 * than calling __errno_location itself: thunks live in the shared W^X mcode regions, which only
 * the thread that owns the JS isolate ever runs (koffi calls on that thread, merely on its own
 * stack), and each worker_threads isolate loads its own copy of src/native and src/jit, so it
 * gets its own errno address, mcode area and thunk cache. That saves a call per C call.
 *
 * The block is reused by every call through the thunk. Re-entry (the C function calls back
 * into Lua, which calls it again) is still safe: arguments are in registers before the call,
 * and the outer call's results are stored after the inner call has returned.
 */

import { type CTypeId, FfiError, msg, type Registry, typeName } from "../ctype";
import { addressOf, type EnterThunk, enterableThunk, errnoAddress } from "../native";
import { Assembler } from "./assembler";
import { processMcodeArea } from "./mcode";
import { Label, mem, memIndex } from "./operands";
import {
  EAX,
  ECX,
  type Gpr,
  R8,
  R9,
  R11,
  RAX,
  RBP,
  RBX,
  RCX,
  RDI,
  RDX,
  RSI,
  RSP,
  XMM0,
  XMM1,
  XMMS,
} from "./registers";
import { type CallPlan, type Part, planCall } from "./sysv";

/** 6 x 8 bytes: integer-class argument eightbytes, in rdi, rsi, rdx, rcx, r8, r9 order. */
export const BLOCK_GPR = 0;
/** 8 x 8 bytes: SSE-class argument eightbytes for xmm0..7 (a float in the low 4 bytes). */
export const BLOCK_XMM = 48;
/** rax, rdx, xmm0, xmm1 after the call (4 x 8 bytes, each defined only in its low bits). */
export const BLOCK_RET = 112;
/** int: errno to set before the call (if BLOCK_ERRNO_SET is non-zero), and errno right after it. */
export const BLOCK_ERRNO = 144;
/** int: non-zero asks for BLOCK_ERRNO to be stored into errno before the next call (one-shot). */
export const BLOCK_ERRNO_SET = 148;
/** Outgoing stack arguments, `plan.stackBytes` bytes, copied onto the stack by the thunk. */
export const BLOCK_STACK = 160;

/** A compiled call of one C function with one signature. */
export interface CallThunk {
  readonly plan: CallPlan;
  /** Runs the call once (koffi enters the code as `void(void)`). */
  readonly enter: EnterThunk;
  /** Native address of the state block. */
  readonly block: number;
  /** The state block itself (BLOCK_STACK + plan.stackBytes bytes), for typed-array views. */
  readonly memory: ArrayBuffer;
  /** Address of the thunk's machine code. */
  readonly address: number;
}

const ARG_GPRS: readonly Gpr[] = [RDI, RSI, RDX, RCX, R8, R9];
const RET_RAX = BLOCK_RET;
const RET_RDX = BLOCK_RET + 8;
const RET_XMM0 = BLOCK_RET + 16;
const RET_XMM1 = BLOCK_RET + 24;
/** Stack areas of up to this many eightbytes are copied by straight-line moves, longer ones by a loop. */
const UNROLLED_STACK_WORDS = 8;
/**
 * The largest outgoing stack area a thunk accepts. koffi runs calls on its own 2 MiB stack,
 * which the callee needs too: a huge struct passed by value would overflow it and crash the
 * process, so it is refused (LuaJIT refuses anything past 256 bytes, CCALL_MAXSTACK).
 */
const MAX_STACK_BYTES = 64 * 1024;

/** Block offset of an argument Part: its register slot, or its place in the stack area. */
export function argSlot(part: Part): number {
  switch (part.where) {
    case "gpr":
      return BLOCK_GPR + 8 * part.index;
    case "xmm":
      return BLOCK_XMM + 8 * part.index;
    case "stack":
      return BLOCK_STACK + part.index;
  }
}

/** Block offset of a result Part of a `regs` RetPlan (rax / rdx, xmm0 / xmm1). */
export function retSlot(part: Part): number {
  if (part.where === "stack") throw new FfiError(msg.invalidType());
  return part.where === "gpr" ? RET_RAX + 8 * part.index : RET_XMM0 + 8 * part.index;
}

const caches = new WeakMap<Registry, Map<string, CallThunk>>();

/**
 * The thunk calling `target` as function type `fnTypeId` (with `varargTypes` for the extra
 * arguments of a variadic function), compiled on first use and cached per registry, signature
 * and target.
 */
export function compileCall(
  reg: Registry,
  fnTypeId: CTypeId,
  target: number,
  varargTypes: readonly CTypeId[] = [],
): CallThunk {
  let cache = caches.get(reg);
  if (cache === undefined) {
    cache = new Map();
    caches.set(reg, cache);
  }
  // Function ctype ids are interned, so the id and the vararg ids name the signature.
  const key = `${fnTypeId}(${varargTypes.join(",")})@${target}`;
  let thunk = cache.get(key);
  if (thunk === undefined) {
    thunk = buildThunk(reg, planCall(reg, fnTypeId, varargTypes), fnTypeId, target);
    cache.set(key, thunk);
  }
  return thunk;
}

function buildThunk(reg: Registry, plan: CallPlan, fnTypeId: CTypeId, target: number): CallThunk {
  if (plan.stackBytes > MAX_STACK_BYTES) throw new FfiError(msg.nyiCall());
  const memory = new ArrayBuffer(BLOCK_STACK + plan.stackBytes);
  const block = addressOf(memory);
  const asm = emitCallThunk(plan, target, block, errnoAddress());
  const name = `call ${typeName(reg, fnTypeId)} -> 0x${target.toString(16)}`;
  const { address } = processMcodeArea().emit(asm, name);
  return { plan, enter: enterableThunk(address), block, memory, address };
}

/** Registers a plan loads: the highest GPR and XMM index used, plus one. */
function registersUsed(plan: CallPlan): { gprs: number; xmms: number } {
  let gprs = plan.ret.kind === "sret" ? 1 : 0;
  let xmms = 0;
  for (const arg of plan.args) {
    for (const part of arg.parts) {
      if (part.where === "gpr") gprs = Math.max(gprs, part.index + 1);
      else if (part.where === "xmm") xmms = Math.max(xmms, part.index + 1);
    }
  }
  return { gprs, xmms };
}

/** The machine code of a call thunk for `plan`, calling `target` with the block at `block`. */
export function emitCallThunk(plan: CallPlan, target: number, block: number, errno: number): Assembler {
  const a = new Assembler();
  a.pushReg(RBX);
  a.movRegImm64(RBX, block);

  // An over-aligned stack argument needs RSP aligned beyond 16: keep the entry RSP in rbp.
  const realign = plan.stackAlign > 16;
  if (realign) {
    a.pushReg(RBP);
    a.movRegReg(RBP, RSP);
    a.aluRegImm("and", RSP, -plan.stackAlign);
  }
  const words = plan.stackBytes / 8;
  if (words > 0) {
    a.aluRegImm("sub", RSP, plan.stackBytes);
    if (words <= UNROLLED_STACK_WORDS) {
      for (let i = 0; i < words; i++) {
        a.movRegMem(RAX, mem(RBX, BLOCK_STACK + 8 * i));
        a.movMemReg(mem(RSP, 8 * i), RAX);
      }
    } else {
      const loop = new Label("copy-stack");
      a.aluRegReg("xor", ECX, ECX);
      a.bind(loop);
      a.movRegMem(RAX, memIndex(RBX, RCX, 8, BLOCK_STACK));
      a.movMemReg(memIndex(RSP, RCX, 8), RAX);
      a.aluRegImm("add", ECX, 1);
      a.aluRegImm("cmp", ECX, words);
      a.jccShort("ne", loop);
    }
  }

  // ffi.errno(n): errno is stored just before the call, so nothing in between can change it;
  // the request is one-shot, the flag is cleared once served.
  const keep = new Label("errno-kept");
  a.aluMemImm("cmp", mem(RBX, BLOCK_ERRNO_SET), 0, 32);
  a.jccShort("e", keep);
  a.movMemImm(mem(RBX, BLOCK_ERRNO_SET), 0, 32);
  a.movRegMem(EAX, mem(RBX, BLOCK_ERRNO));
  a.movRegImm64(R11, errno);
  a.movMemReg(mem(R11), EAX);
  a.bind(keep);

  const { gprs, xmms } = registersUsed(plan);
  for (let i = 0; i < gprs; i++) a.movRegMem(ARG_GPRS[i]!, mem(RBX, BLOCK_GPR + 8 * i));
  // movsd loads the whole eightbyte: two floats of a struct, or a float and ignored bits.
  for (let i = 0; i < xmms; i++) a.movsdRegMem(XMMS[i]!, mem(RBX, BLOCK_XMM + 8 * i));
  // A variadic callee's prologue reads AL as an upper bound of the vector registers used.
  if (plan.varargs) a.movRegImm(EAX, plan.xmmUsed);
  a.movRegImm64(R11, target);
  a.callReg(R11);

  // errno first: it is the value the call left, and nothing below touches it.
  a.movRegImm64(RCX, errno);
  a.movRegMem(ECX, mem(RCX));
  a.movMemReg(mem(RBX, BLOCK_ERRNO), ECX);
  a.movMemReg(mem(RBX, RET_RAX), RAX);
  a.movMemReg(mem(RBX, RET_RDX), RDX);
  a.movsdMemReg(mem(RBX, RET_XMM0), XMM0);
  a.movsdMemReg(mem(RBX, RET_XMM1), XMM1);

  if (realign) {
    a.movRegReg(RSP, RBP);
    a.popReg(RBP);
  } else if (words > 0) {
    a.aluRegImm("add", RSP, plan.stackBytes);
  }
  a.popReg(RBX);
  a.ret();
  return a;
}
