// The encoder checked against an independent decoder: every instruction form the Assembler
// offers is emitted, the bytes go through `objdump -M intel`, and each must read back as the
// Intel-syntax text written in the table. `{+n}` in an expectation stands for the address n
// bytes after the start of that case (branch targets are printed as absolute offsets).

import { describe, expect, it } from "vitest";
import { Assembler } from "./assembler";
import { disassemble, objdumpAvailable } from "./disassemble";
import { ALU, type AluOp, CC, type Condition } from "./opcodes";
import { absolute, fs, gs, Label, mem, memIndex, rip } from "./operands";
import {
  AH,
  AL,
  AX,
  BH,
  CH,
  CL,
  CX,
  DH,
  DIL,
  EAX,
  EBP,
  ECX,
  GPRS,
  type GprWidth,
  R8,
  R11,
  R12,
  R12D,
  R13,
  R13D,
  R14,
  R15,
  R15B,
  R15W,
  RAX,
  RBP,
  RBX,
  RCX,
  RDI,
  RDX,
  RSI,
  RSP,
  SIL,
  SPL,
  XMM0,
  XMM1,
  XMM7,
  XMM8,
  XMM15,
  XMMS,
} from "./registers";

interface Case {
  readonly asm: readonly string[];
  readonly emit: (a: Assembler) => void;
}

const cases: Case[] = [];

function add(asm: string | readonly string[], emit: (a: Assembler) => void): void {
  cases.push({ asm: typeof asm === "string" ? [asm] : asm, emit });
}

const PTR: Record<GprWidth, string> = { 8: "BYTE PTR", 16: "WORD PTR", 32: "DWORD PTR", 64: "QWORD PTR" };
const WIDTHS: readonly GprWidth[] = [8, 16, 32, 64];

// ---- register-register moves and ALU ops over every pair of hardware numbers ----------------

for (const width of WIDTHS) {
  for (let d = 0; d < 16; d++) {
    for (let s = 0; s < 16; s += 5) {
      const dst = GPRS[width][d]!;
      const src = GPRS[width][(d + s) % 16]!;
      add(`mov ${dst.name},${src.name}`, (a) => a.movRegReg(dst, src));
    }
  }
  for (const op of Object.keys(ALU) as AluOp[]) {
    const dst = GPRS[width][width === 8 ? 6 : 9]!;
    const src = GPRS[width][width === 8 ? 10 : 3]!;
    add(`${op} ${dst.name},${src.name}`, (a) => a.aluRegReg(op, dst, src));
    add(`${op} ${dst.name},${PTR[width]} [r13+0x8]`, (a) => a.aluRegMem(op, dst, mem(R13, 8)));
    add(`${op} ${PTR[width]} [rsp+0x10],${src.name}`, (a) => a.aluMemReg(op, mem(RSP, 16), src));
  }
  const t = GPRS[width][12]!;
  add(`test ${t.name},${GPRS[width][1]!.name}`, (a) => a.testRegReg(t, GPRS[width][1]!));
}
add("mov ah,bh", (a) => a.movRegReg(AH, BH));
add("mov ch,al", (a) => a.movRegReg(CH, AL));
add("mov dh,cl", (a) => a.movRegReg(DH, CL));

// ---- immediates ---------------------------------------------------------------------------------

add("mov rax,0x5", (a) => a.movRegImm(RAX, 5));
add("mov r15,0xffffffffffffffff", (a) => a.movRegImm(R15, -1));
add("mov rcx,0x7fffffff", (a) => a.movRegImm(RCX, 0x7fffffff));
add("movabs rcx,0x80000000", (a) => a.movRegImm(RCX, 0x80000000));
add("movabs r11,0x7f1234567890", (a) => a.movRegImm(R11, 0x7f1234567890));
add("movabs rax,0x0", (a) => a.movRegImm64(RAX, 0));
add("movabs r13,0x8000000000000000", (a) => a.movRegImm64(R13, 0x8000000000000000n));
add("mov eax,0xffffffff", (a) => a.movRegImm(EAX, 0xffffffff));
add("mov r12d,0xfffffffe", (a) => a.movRegImm(R12D, -2));
add("mov ax,0x1234", (a) => a.movRegImm(AX, 0x1234));
add("mov r15w,0xffff", (a) => a.movRegImm(R15W, -1));
add("mov al,0x5", (a) => a.movRegImm(AL, 5));
add("mov ah,0x7", (a) => a.movRegImm(AH, 7));
add("mov sil,0x80", (a) => a.movRegImm(SIL, 0x80));
add("mov r15b,0xff", (a) => a.movRegImm(R15B, 255));
add("mov BYTE PTR [rax],0x12", (a) => a.movMemImm(mem(RAX), 0x12, 8));
add("mov WORD PTR [rax],0x1234", (a) => a.movMemImm(mem(RAX), 0x1234, 16));
add("mov DWORD PTR [rbp-0x4],0x12345678", (a) => a.movMemImm(mem(RBP, -4), 0x12345678, 32));
add("mov QWORD PTR [r12+0x100],0xfffffffffffffff6", (a) => a.movMemImm(mem(R12, 0x100), -10, 64));
for (const op of Object.keys(ALU) as AluOp[]) {
  add(`${op} rsp,0x8`, (a) => a.aluRegImm(op, RSP, 8));
  add(`${op} r14,0x1000`, (a) => a.aluRegImm(op, R14, 0x1000));
  add(`${op} ecx,0xffffff80`, (a) => a.aluRegImm(op, ECX, -128));
  add(`${op} cx,0x7fff`, (a) => a.aluRegImm(op, CX, 0x7fff));
  add(`${op} dil,0x1`, (a) => a.aluRegImm(op, DIL, 1));
  add(`${op} QWORD PTR [rbx],0x20`, (a) => a.aluMemImm(op, mem(RBX), 0x20, 64));
  add(`${op} DWORD PTR [rbx+0x4],0x12345`, (a) => a.aluMemImm(op, mem(RBX, 4), 0x12345, 32));
  add(`${op} WORD PTR [rbx],0x100`, (a) => a.aluMemImm(op, mem(RBX), 0x100, 16));
  add(`${op} BYTE PTR [r8],0x7f`, (a) => a.aluMemImm(op, mem(R8), 0x7f, 8));
}
add("and rsp,0xfffffffffffffff0", (a) => a.aluRegImm("and", RSP, -16));
add("test eax,0x100", (a) => a.testRegImm(EAX, 0x100));
add("test al,0x1", (a) => a.testRegImm(AL, 1));
add("test rdi,0xffffffffffffffff", (a) => a.testRegImm(RDI, -1));
add("test cx,0x8000", (a) => a.testRegImm(CX, 0x8000));
add("test BYTE PTR [rsi+0x3],0x80", (a) => a.testMemImm(mem(RSI, 3), 0x80, 8));
add("test DWORD PTR [rsi],0x1", (a) => a.testMemImm(mem(RSI), 1, 32));

// ---- memory operands: every ModRM / SIB shape ----------------------------------------------------

for (let b = 0; b < 16; b++) {
  const base = GPRS[64][b]!;
  add(
    `mov rax,QWORD PTR [${base.name}]${b === 5 || b === 13 ? "" : ""}`.replace(/\[(rbp|r13)\]/, "[$1+0x0]"),
    (a) => a.movRegMem(RAX, mem(base)),
  );
  add(`mov QWORD PTR [${base.name}+0x7f],r9`, (a) => a.movMemReg(mem(base, 127), GPRS[64][9]!));
  add(`mov ecx,DWORD PTR [${base.name}-0x80]`, (a) => a.movRegMem(ECX, mem(base, -128)));
  add(`mov DWORD PTR [${base.name}+0x80],r13d`, (a) => a.movMemReg(mem(base, 128), R13D));
  add(`mov dx,WORD PTR [${base.name}-0x12345678]`, (a) => a.movRegMem(GPRS[16][2]!, mem(base, -0x12345678)));
  add(`mov BYTE PTR [${base.name}+0x1],sil`, (a) => a.movMemReg(mem(base, 1), SIL));
}
for (let i = 0; i < 16; i++) {
  if (i === 4) continue;
  const index = GPRS[64][i]!;
  for (const scale of [1, 2, 4, 8] as const) {
    add(`mov rax,QWORD PTR [rbx+${index.name}*${scale}+0x8]`, (a) =>
      a.movRegMem(RAX, memIndex(RBX, index, scale, 8)),
    );
  }
  add(`mov r8,QWORD PTR [r13+${index.name}*1+0x0]`, (a) => a.movRegMem(R8, memIndex(R13, index, 1)));
  add(`mov r8,QWORD PTR [rsp+${index.name}*2]`, (a) => a.movRegMem(R8, memIndex(RSP, index, 2)));
  add(`lea rax,[${index.name}*8+0x10]`, (a) => a.lea(RAX, memIndex(undefined, index, 8, 16)));
}
add("mov al,BYTE PTR [rcx]", (a) => a.movRegMem(AL, mem(RCX)));
add("mov ah,BYTE PTR [rcx]", (a) => a.movRegMem(AH, mem(RCX)));
add("mov BYTE PTR [rdx],bh", (a) => a.movMemReg(mem(RDX), BH));
add("mov spl,BYTE PTR [rcx]", (a) => a.movRegMem(SPL, mem(RCX)));
add("mov eax,DWORD PTR ds:0x10", (a) => a.movRegMem(EAX, absolute(0x10)));
add("mov rax,QWORD PTR fs:0x0", (a) => a.movRegMem(RAX, fs(absolute(0))));
add("mov r11,QWORD PTR gs:0x8", (a) => a.movRegMem(R11, gs(absolute(8))));
add("mov rcx,QWORD PTR fs:[rax+0x10]", (a) => a.movRegMem(RCX, fs(mem(RAX, 16))));
add("mov rax,QWORD PTR [rip+0x10] # {+0x17}", (a) => a.movRegMem(RAX, rip(16)));
add("mov DWORD PTR [rip+0xfffffffffffffff0],eax # {-0xa}", (a) => a.movMemReg(rip(-16), EAX));

// ---- extension, lea ------------------------------------------------------------------------------

add("movsx eax,cl", (a) => a.movsxRegReg(EAX, CL));
add("movsx rax,sil", (a) => a.movsxRegReg(RAX, SIL));
add("movsx r12,r15b", (a) => a.movsxRegReg(R12, R15B));
add("movsx ecx,ax", (a) => a.movsxRegReg(ECX, AX));
add("movsx r13,r15w", (a) => a.movsxRegReg(R13, R15W));
add("movsx ax,ah", (a) => a.movsxRegReg(AX, AH));
add("movsx eax,BYTE PTR [rdi+0x1]", (a) => a.movsxRegMem(EAX, mem(RDI, 1), 8));
add("movsx r8,WORD PTR [r14]", (a) => a.movsxRegMem(R8, mem(R14), 16));
add("movzx eax,cl", (a) => a.movzxRegReg(EAX, CL));
add("movzx eax,dil", (a) => a.movzxRegReg(EAX, DIL));
add("movzx r15,r15b", (a) => a.movzxRegReg(R15, R15B));
add("movzx ebp,cx", (a) => a.movzxRegReg(EBP, CX));
add("movzx rax,WORD PTR [rsp+0x8]", (a) => a.movzxRegMem(RAX, mem(RSP, 8), 16));
add("movzx ecx,BYTE PTR [r12]", (a) => a.movzxRegMem(ECX, mem(R12), 8));
add("movsxd rax,ecx", (a) => a.movsxdRegReg(RAX, ECX));
add("movsxd r15,r12d", (a) => a.movsxdRegReg(R15, R12D));
add("movsxd rdx,DWORD PTR [rbp-0x8]", (a) => a.movsxdRegMem(RDX, mem(RBP, -8)));
add("lea rsp,[rsp+0x8]", (a) => a.lea(RSP, mem(RSP, 8)));
add("lea r12d,[rax+rcx*2]", (a) => a.lea(R12D, memIndex(RAX, RCX, 2)));
add("lea rax,[rip+0x0] # {+0x7}", (a) => a.lea(RAX, rip(0)));

// ---- stack, control flow ---------------------------------------------------------------------

for (let r = 0; r < 16; r++) {
  const reg = GPRS[64][r]!;
  add(`push ${reg.name}`, (a) => a.pushReg(reg));
  add(`pop ${reg.name}`, (a) => a.popReg(reg));
  add(`call ${reg.name}`, (a) => a.callReg(reg));
  add(`jmp ${reg.name}`, (a) => a.jmpReg(reg));
}
add("call QWORD PTR [rax+0x8]", (a) => a.callMem(mem(RAX, 8)));
add("call QWORD PTR [r12+rcx*8]", (a) => a.callMem(memIndex(R12, RCX, 8)));
add("jmp QWORD PTR [r13+0x0]", (a) => a.jmpMem(mem(R13)));
add(["jmp QWORD PTR [rip+0x2] # {+0x8}", "int3", "int3"], (a) => {
  const target = new Label();
  a.jmpMem(rip(target));
  a.int3();
  a.int3();
  a.bind(target);
});
add(["movabs rax,0x1122334455667788", "jmp QWORD PTR [rip+0xfffffffffffffff0] # {+0x0}"], (a) => {
  const head = new Label();
  a.bind(head);
  a.movRegImm64(RAX, 0x1122334455667788n);
  a.jmpMem(rip(head));
});
add(["cmp QWORD PTR [rip+0x1],0x5 # {+0x9}", "ret"], (a) => {
  // The immediate follows the displacement: the fixup must count it in the instruction's end.
  const target = new Label();
  a.aluMemImm("cmp", rip(target), 5, 64);
  a.ret();
  a.bind(target);
});
add(["call {+0x5}"], (a) => {
  const next = new Label();
  a.call(next);
  a.bind(next);
});
add(["jmp {+0x0}"], (a) => {
  const self = new Label();
  a.bind(self);
  a.jmp(self);
});
add(["jmp {+0x0}"], (a) => {
  const self = new Label();
  a.bind(self);
  a.jmpShort(self);
});
add(["jmp {+0x81}", ...Array<string>(127).fill("nop")], (a) => {
  const end = new Label();
  a.jmpShort(end);
  for (let i = 0; i < 127; i++) a.nop();
  a.bind(end);
});
for (const cond of Object.keys(CC) as Condition[]) {
  // Our condition names are objdump's mnemonic suffixes.
  const name = `j${cond}`;
  add([`${name} {+0x6}`], (a) => {
    const l = new Label();
    a.jcc(cond, l);
    a.bind(l);
  });
  add([`${name} {+0x0}`], (a) => {
    const l = new Label();
    a.bind(l);
    a.jccShort(cond, l);
  });
}
add("ret", (a) => a.ret());
add("nop", (a) => a.nop());
add("int3", (a) => a.int3());
add("endbr64", (a) => a.endbr64());

// ---- SSE -------------------------------------------------------------------------------------------

for (let x = 0; x < 16; x += 3) {
  const reg = XMMS[x]!;
  const other = XMMS[15 - x]!;
  add(`movsd ${reg.name},QWORD PTR [rsp+0x8]`, (a) => a.movsdRegMem(reg, mem(RSP, 8)));
  add(`movsd QWORD PTR [r13+0x0],${reg.name}`, (a) => a.movsdMemReg(mem(R13), reg));
  add(`movsd ${reg.name},${other.name}`, (a) => a.movsdRegReg(reg, other));
  add(`movss ${reg.name},DWORD PTR [rax+r11*4]`, (a) => a.movssRegMem(reg, memIndex(RAX, R11, 4)));
  add(`movss DWORD PTR [rdi],${reg.name}`, (a) => a.movssMemReg(mem(RDI), reg));
  add(`movss ${reg.name},${other.name}`, (a) => a.movssRegReg(reg, other));
  add(`movq ${reg.name},${GPRS[64][x]!.name}`, (a) => a.movqXmmGpr(reg, GPRS[64][x]!));
  add(`movq ${GPRS[64][15 - x]!.name},${reg.name}`, (a) => a.movqGprXmm(GPRS[64][15 - x]!, reg));
  add(`movd ${reg.name},${GPRS[32][x]!.name}`, (a) => a.movdXmmGpr(reg, GPRS[32][x]!));
  add(`movd ${GPRS[32][15 - x]!.name},${reg.name}`, (a) => a.movdGprXmm(GPRS[32][15 - x]!, reg));
  add(`cvtss2sd ${reg.name},${other.name}`, (a) => a.cvtss2sd(reg, other));
  add(`cvtsd2ss ${other.name},${reg.name}`, (a) => a.cvtsd2ss(other, reg));
}
add("cvtss2sd xmm1,DWORD PTR [rbp-0x4]", (a) => a.cvtss2sd(XMM1, mem(RBP, -4)));
add("cvtsd2ss xmm8,QWORD PTR [rip+0x0] # {+0x9}", (a) => a.cvtsd2ss(XMM8, rip(0)));
add("movsd xmm0,QWORD PTR fs:0x10", (a) => a.movsdRegMem(XMM0, fs(absolute(0x10))));
add("movsd xmm7,xmm15", (a) => a.movsdRegReg(XMM7, XMM15));

// ---- data and padding ------------------------------------------------------------------------

add(["ret", "int3", "int3", "int3"], (a) => {
  a.ret();
  a.align(4);
});

// ---- the check ---------------------------------------------------------------------------------

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

describe.runIf(objdumpAvailable())("x86-64 encoder against objdump", () => {
  it(`decodes all ${cases.length} cases as intended`, () => {
    const blocks = cases.map((c) => {
      const a = new Assembler();
      c.emit(a);
      return a.link();
    });
    const total = blocks.reduce((n, b) => n + b.length, 0);
    const all = new Uint8Array(total);
    const starts: number[] = [];
    let at = 0;
    for (const b of blocks) {
      starts.push(at);
      all.set(b, at);
      at += b.length;
    }
    const lines = disassemble(all);
    const failures: string[] = [];
    cases.forEach((c, i) => {
      const start = starts[i]!;
      const end = start + blocks[i]!.length;
      const got = lines.filter((l) => l.address >= start && l.address < end);
      const expected = c.asm.map((s) =>
        s.replace(/\{([+-]0x[0-9a-f]+)\}/g, (_, off: string) => hex(start + Number.parseInt(off, 16))),
      );
      const text = got.map((l) => l.text);
      if (got[0]?.address !== start || JSON.stringify(text) !== JSON.stringify(expected)) {
        const bytes = Array.from(blocks[i]!, (b) => b.toString(16).padStart(2, "0")).join(" ");
        failures.push(`expected ${JSON.stringify(expected)}\n     got ${JSON.stringify(text)} (${bytes})`);
      }
    });
    expect(failures).toEqual([]);
  });
});
