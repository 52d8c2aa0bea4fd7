/*
 * The callback entry stub: the one piece of machine code every slot page jumps to (LuaJIT's
 * lj_vm_ffi_callback in vm_x64.dasc with lj_ccallback_enter / lj_ccallback_leave, and the
 * register spill of luaffi's compile_callback).
 *
 * It arrives with the slot number in AX and the C caller's rbp pushed by the group tail, so
 * RSP is 16-byte aligned (the caller had RSP = 0 mod 16 before its call; the return address and
 * the push make 16). It sets up rbp as a frame pointer, reserves a CallbackFrame on the machine
 * stack and saves there everything a handler may need: the six integer argument registers, the
 * eight vector argument registers and the address of the caller's stack arguments (rbp + 16,
 * past the pushed rbp and the return address). The frame lives on the stack, not in a fixed
 * block, so a callback that calls C that calls another callback gets a frame of its own.
 *
 * Then it checks the thread: fs:[0] (gs:[0] on macOS) is the thread's own control block, equal
 * to pthread_self(); the main thread's value is baked in. A callback entered on any other thread
 * must never touch JavaScript (V8 would crash, and koffi would queue the call to the event loop,
 * which deadlocks when the main thread is blocked joining that thread), so the stub stores 1 in
 * a process-wide "dropped" word and returns a zero result. On the main thread it publishes the
 * frame's address in the process-wide "current frame" cell (keeping the previous value in the
 * frame and restoring it afterwards, so nested callbacks see their own frame), calls the JS
 * dispatcher with the slot number in edi, and returns the result the handler left in the
 * frame's return area: rax, rdx, xmm0, xmm1.
 *
 * The return area is zeroed before anything runs, so C gets a zero result whenever no handler
 * writes one (foreign thread, a handler that failed, koffi skipping JS after an exception).
 * A function returning a struct in memory (sret) must return the hidden pointer it got in rdi
 * in rax; a byte per slot in a native table says which slots are such, and the stub puts rdi
 * into the return area's rax before the thread check, so even a dropped call returns it.
 */

import {
  Assembler,
  AX,
  absolute,
  EAX,
  ECX,
  EDI,
  fs,
  gs,
  Label,
  mem,
  memIndex,
  R8,
  R9,
  RAX,
  RBP,
  RCX,
  RDI,
  RDX,
  RSI,
  RSP,
  XMM0,
  XMM1,
  XMMS,
} from "../jit";

/** 6 x 8 bytes: rdi, rsi, rdx, rcx, r8, r9 as the C caller left them. */
export const FRAME_GPR = 0;
/** 8 x 8 bytes: the low 8 bytes of xmm0..xmm7. */
export const FRAME_XMM = 48;
/** 8 bytes: the address of the caller's stack arguments (a Part's stack index is relative to it). */
export const FRAME_STACK_ARGS = 112;
/** 4 x 8 bytes: rax, rdx, xmm0, xmm1 to return, zeroed on entry (rax = rdi for sret slots). */
export const FRAME_RET = 120;
/** 8 bytes: the current-frame cell's value before this callback, restored when it returns. */
export const FRAME_PREVIOUS = 152;
/** 4 bytes: the slot number. */
export const FRAME_SLOT = 160;
/** Bytes reserved on the stack: the fields above, rounded up to keep RSP 16-byte aligned. */
export const FRAME_SIZE = 176;

const ARG_GPRS = [RDI, RSI, RDX, RCX, R8, R9] as const;

/** The addresses the stub bakes in. */
export interface EntryStubTargets {
  /** pthread_self() of the thread that runs JavaScript. */
  readonly mainThread: number;
  /** The registered JS dispatcher, `void (int slot)`. */
  readonly dispatcher: number;
  /** An 8-byte cell that holds the address of the innermost callback frame on the main thread. */
  readonly currentFrameCell: number;
  /** A 4-byte word set to 1 when a call from a foreign thread was dropped. */
  readonly droppedWord: number;
  /** One byte per slot, non-zero for slots whose function returns through a hidden pointer. */
  readonly sretTable: number;
}

/** The machine code of the entry stub. */
export function emitEntryStub(t: EntryStubTargets): Assembler {
  const a = new Assembler();
  a.movRegReg(RBP, RSP);
  a.aluRegImm("sub", RSP, FRAME_SIZE);
  ARG_GPRS.forEach((r, i) => {
    a.movMemReg(mem(RSP, FRAME_GPR + 8 * i), r);
  });
  for (let i = 0; i < 8; i++) a.movsdMemReg(mem(RSP, FRAME_XMM + 8 * i), XMMS[i]!);
  a.lea(RCX, mem(RBP, 16));
  a.movMemReg(mem(RSP, FRAME_STACK_ARGS), RCX);
  a.movzxRegReg(EAX, AX);
  a.movMemReg(mem(RSP, FRAME_SLOT), EAX);

  a.aluRegReg("xor", ECX, ECX);
  for (let i = 0; i < 4; i++) a.movMemReg(mem(RSP, FRAME_RET + 8 * i), RCX);
  const notSret = new Label("not-sret");
  a.movRegImm64(RCX, t.sretTable);
  a.aluMemImm("cmp", memIndex(RCX, RAX, 1), 0, 8);
  a.jccShort("e", notSret);
  a.movMemReg(mem(RSP, FRAME_RET), RDI);
  a.bind(notSret);

  const foreign = new Label("foreign-thread");
  const done = new Label("done");
  const self = absolute(0);
  a.movRegMem(RCX, process.platform === "darwin" ? gs(self) : fs(self));
  a.movRegImm64(RDX, t.mainThread);
  a.aluRegReg("cmp", RCX, RDX);
  a.jccShort("ne", foreign);

  a.movRegImm64(RCX, t.currentFrameCell);
  a.movRegMem(RDX, mem(RCX));
  a.movMemReg(mem(RSP, FRAME_PREVIOUS), RDX);
  a.movMemReg(mem(RCX), RSP);
  a.movRegReg(EDI, EAX);
  a.movRegImm64(RAX, t.dispatcher);
  a.callReg(RAX);
  a.movRegImm64(RCX, t.currentFrameCell);
  a.movRegMem(RDX, mem(RSP, FRAME_PREVIOUS));
  a.movMemReg(mem(RCX), RDX);

  a.bind(done);
  a.movRegMem(RAX, mem(RSP, FRAME_RET));
  a.movRegMem(RDX, mem(RSP, FRAME_RET + 8));
  a.movsdRegMem(XMM0, mem(RSP, FRAME_RET + 16));
  a.movsdRegMem(XMM1, mem(RSP, FRAME_RET + 24));
  a.movRegReg(RSP, RBP);
  a.popReg(RBP);
  a.ret();

  // A plain aligned 32-bit store is atomic on x86-64; the JS thread reads and clears it.
  a.bind(foreign);
  a.movRegImm64(RCX, t.droppedWord);
  a.movMemImm(mem(RCX), 1, 32);
  a.jmpShort(done);
  return a;
}
