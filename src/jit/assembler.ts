// The x86-64 encoder: one method per instruction form, each writing the legacy prefixes, REX,
// opcode, ModRM, SIB, displacement and immediate the way the Intel SDM vol. 2 tables give them
// (LuaJIT's lj_emit_x86.h builds the same bytes with emit_rr / emit_rmro / emit_sjmp).
//
// Operands carry their own width, so `movRegReg(RAX, RCX)` gets REX.W and `movRegReg(AX, CX)`
// the 0x66 prefix without the caller saying so; mixing widths, AH with a REX-only register,
// or an immediate that does not fit is a JitError, never silently wrong bytes. Branches and
// RIP-relative operands to labels are recorded as fixups and resolved by link(), which also
// resolves rel32 branches to absolute addresses once the block's own address is known.

import { JitError } from "./jit-error";
import { ALU, type AluOp, CC, type Condition, ENDBR64_MODRM, EXT, OP, OP0F, PREFIX, REX } from "./opcodes";
import type { Label, MemOperand } from "./operands";
import type { Gpr, GprWidth, Xmm } from "./registers";

type Rm = Gpr | Xmm | MemOperand;

/** A branch or RIP-relative displacement to fill in at link time, relative to `end`. */
interface Fixup {
  readonly at: number;
  readonly size: 1 | 4;
  readonly end: number;
  readonly target: Label | number;
  readonly what: string;
}

/** What decides the prefixes and REX of an instruction. */
interface PrefixSpec {
  readonly opsize16?: boolean;
  readonly mandatory?: number;
  readonly w?: boolean;
  readonly reg?: number;
  readonly rm?: Rm;
  /** For opcodes that carry their register in the low three bits (push, mov r, imm). */
  readonly opcodeRegister?: Gpr;
  /** 8-bit register operands: spl..dil force a REX prefix, ah..bh forbid one. */
  readonly byteRegs?: readonly Gpr[];
}

/** A ModRM instruction: prefixes, opcode bytes, ModRM.reg (register or /digit), r/m operand. */
interface Encoding extends PrefixSpec {
  readonly opcode: readonly number[];
  readonly reg: number;
  readonly rm: Rm;
  /** Immediate bytes that follow the ModRM operand (RIP-relative displacements count them). */
  readonly immSize?: number;
}

const SCALE_BITS = { 1: 0, 2: 1, 4: 2, 8: 3 } as const;
const MODRM_SIB = 0b100;
const SIB_NO_INDEX = 0b100;
const SIB_NO_BASE = 0b101;
const MOD_DISP0 = 0b00;
const MOD_DISP8 = 0b01;
const MOD_DISP32 = 0b10;
const MOD_REG = 0b11;
const RIP_RM = 0b101;

function fitsI8(value: number): boolean {
  return value >= -128 && value <= 127;
}

function checkImmediate(value: number, bits: 8 | 16 | 32, signExtendedTo64: boolean, what: string): void {
  const low = -(2 ** (bits - 1));
  const high = signExtendedTo64 ? 2 ** (bits - 1) : 2 ** bits;
  if (!Number.isInteger(value) || value < low || value >= high) {
    throw new JitError(`${what}: immediate ${value} does not fit in ${bits} bits`);
  }
}

function sameWidth(a: Gpr, b: Gpr, what: string): void {
  if (a.width !== b.width) throw new JitError(`${what}: operand widths differ (${a.name}, ${b.name})`);
}

function needWidth(reg: Gpr, widths: readonly GprWidth[], what: string): void {
  if (!widths.includes(reg.width)) throw new JitError(`${what}: ${reg.name} has the wrong width`);
}

/** Builds one block of x86-64 machine code. */
export class Assembler {
  private buffer = new Uint8Array(256);
  private length = 0;
  private readonly fixups: Fixup[] = [];

  /** The number of bytes emitted so far (the offset of the next instruction). */
  get size(): number {
    return this.length;
  }

  // ---- raw bytes ----------------------------------------------------------------------------

  private byte(value: number): void {
    if (this.length === this.buffer.length) {
      const grown = new Uint8Array(this.buffer.length * 2);
      grown.set(this.buffer);
      this.buffer = grown;
    }
    this.buffer[this.length++] = value & 0xff;
  }

  private immediate(value: number, size: number): void {
    // Two's complement little-endian; division rather than shifts so 32-bit values stay exact.
    let v = value < 0 ? value + 2 ** (8 * size) : value;
    for (let i = 0; i < size; i++) {
      this.byte(v % 256);
      v = Math.floor(v / 256);
    }
  }

  private immediate64(value: number | bigint): void {
    let v = BigInt.asUintN(64, BigInt(value));
    for (let i = 0; i < 8; i++) {
      this.byte(Number(v & 0xffn));
      v >>= 8n;
    }
  }

  // ---- prefixes, REX, ModRM -----------------------------------------------------------------

  private rexAndPrefixes(e: PrefixSpec): void {
    let rex = 0;
    let forceRex = false;
    if (e.w) rex |= REX.W;
    if (e.reg !== undefined && e.reg >= 8) rex |= REX.R;
    const rm = e.rm;
    if (rm === undefined) {
      if (e.opcodeRegister !== undefined && e.opcodeRegister.code >= 8) rex |= REX.B;
    } else if (rm.kind === "gpr" || rm.kind === "xmm") {
      if (rm.code >= 8) rex |= REX.B;
    } else if (rm.kind === "mem") {
      if (rm.base !== undefined && rm.base.code >= 8) rex |= REX.B;
      if (rm.index !== undefined && rm.index.code >= 8) rex |= REX.X;
    }
    let high8: Gpr | undefined;
    for (const r of e.byteRegs ?? []) {
      if (r.high8) high8 = r;
      else if (r.code >= 4 && r.code < 8) forceRex = true;
    }
    if (high8 !== undefined && (rex !== 0 || forceRex)) {
      throw new JitError(`${high8.name} cannot be encoded in an instruction that needs a REX prefix`);
    }
    if (rm?.kind === "mem" && rm.segment !== undefined) {
      this.byte(rm.segment === "fs" ? PREFIX.SEG_FS : PREFIX.SEG_GS);
    }
    if (e.opsize16) this.byte(PREFIX.OPERAND_SIZE);
    if (e.mandatory !== undefined) this.byte(e.mandatory);
    if (rex !== 0 || forceRex) this.byte(PREFIX.REX | rex);
  }

  private modrm(reg: number, rm: Rm, immSize: number): void {
    const regBits = (reg & 7) << 3;
    if (rm.kind === "gpr" || rm.kind === "xmm") {
      this.byte((MOD_REG << 6) | regBits | (rm.code & 7));
      return;
    }
    if (rm.kind === "rip") {
      this.byte((MOD_DISP0 << 6) | regBits | RIP_RM);
      const at = this.length;
      this.immediate(typeof rm.target === "number" ? rm.target : 0, 4);
      if (typeof rm.target !== "number") {
        this.fixups.push({
          at,
          size: 4,
          end: at + 4 + immSize,
          target: rm.target,
          what: "rip-relative operand",
        });
      }
      return;
    }
    const { base, index, disp } = rm;
    const scale = SCALE_BITS[rm.scale];
    const indexBits = (index === undefined ? SIB_NO_INDEX : index.code & 7) << 3;
    if (base === undefined) {
      // No base: mod 00 with SIB base 101 means [index*scale + disp32] (or plain [disp32]).
      this.byte((MOD_DISP0 << 6) | regBits | MODRM_SIB);
      this.byte((scale << 6) | indexBits | SIB_NO_BASE);
      this.immediate(disp, 4);
      return;
    }
    // rbp/r13 as a base with mod 00 would mean rip/no-base, so they always take a displacement.
    const mod = disp === 0 && (base.code & 7) !== 5 ? MOD_DISP0 : fitsI8(disp) ? MOD_DISP8 : MOD_DISP32;
    if (index !== undefined || (base.code & 7) === 4) {
      // rsp/r12 as a base can only be expressed through a SIB byte.
      this.byte((mod << 6) | regBits | MODRM_SIB);
      this.byte((scale << 6) | indexBits | (base.code & 7));
    } else {
      this.byte((mod << 6) | regBits | (base.code & 7));
    }
    if (mod === MOD_DISP8) this.immediate(disp, 1);
    else if (mod === MOD_DISP32) this.immediate(disp, 4);
  }

  private encode(e: Encoding): void {
    this.rexAndPrefixes(e);
    for (const b of e.opcode) this.byte(b);
    this.modrm(e.reg, e.rm, e.immSize ?? 0);
  }

  /** An instruction of a given operand width, choosing the 8-bit opcode or 0x66 / REX.W. */
  private sized(
    width: GprWidth,
    opcode8: number,
    opcode: number,
    reg: number,
    rm: Rm,
    byteRegs: readonly Gpr[],
    immSize = 0,
  ): void {
    this.encode({
      opsize16: width === 16,
      w: width === 64,
      opcode: [width === 8 ? opcode8 : opcode],
      reg,
      rm,
      byteRegs: width === 8 ? byteRegs : [],
      immSize,
    });
  }

  /** An opcode with the register in its low three bits (push, pop, mov r, imm). */
  private withRegister(opcode: number, reg: Gpr, w: boolean): void {
    this.rexAndPrefixes({
      opsize16: reg.width === 16,
      w,
      opcodeRegister: reg,
      byteRegs: reg.width === 8 ? [reg] : [],
    });
    this.byte(opcode + (reg.code & 7));
  }

  private sse(mandatory: number, opcode: number, reg: Xmm | Gpr, rm: Rm, w = false): void {
    this.encode({ mandatory, w, opcode: [PREFIX.ESCAPE_0F, opcode], reg: reg.code, rm });
  }

  // ---- mov ----------------------------------------------------------------------------------

  /** mov dst, src (registers of the same width). */
  movRegReg(dst: Gpr, src: Gpr): void {
    sameWidth(dst, src, "mov");
    this.sized(dst.width, OP.MOV_RM8_R8, OP.MOV_RM_R, src.code, dst, [dst, src]);
  }

  /** mov dst, [mem] (load of dst's width). */
  movRegMem(dst: Gpr, src: MemOperand): void {
    this.sized(dst.width, OP.MOV_R8_RM8, OP.MOV_R_RM, dst.code, src, [dst]);
  }

  /** mov [mem], src (store of src's width). */
  movMemReg(dst: MemOperand, src: Gpr): void {
    this.sized(src.width, OP.MOV_RM8_R8, OP.MOV_RM_R, src.code, dst, [src]);
  }

  /** mov dst, imm: the shortest form (imm32 sign-extended for 64-bit registers, else movabs). */
  movRegImm(dst: Gpr, imm: number): void {
    if (dst.width === 64) {
      if (imm >= -(2 ** 31) && imm < 2 ** 31 && Number.isInteger(imm)) {
        this.encode({ w: true, opcode: [OP.MOV_RM_IMM], reg: EXT.MOV_IMM, rm: dst, immSize: 4 });
        this.immediate(imm, 4);
      } else {
        this.movRegImm64(dst, imm);
      }
      return;
    }
    checkImmediate(imm, dst.width, false, `mov ${dst.name}`);
    this.withRegister(dst.width === 8 ? OP.MOV_R8_IMM8 : OP.MOV_R_IMM, dst, false);
    this.immediate(imm, dst.width / 8);
  }

  /** movabs dst, imm64: always the 10-byte form (a patchable baked address or constant). */
  movRegImm64(dst: Gpr, imm: number | bigint): void {
    needWidth(dst, [64], "movabs");
    if (typeof imm === "number" && !Number.isSafeInteger(imm)) {
      throw new JitError(`movabs: ${imm} is not an exact integer (pass a bigint)`);
    }
    this.withRegister(OP.MOV_R_IMM, dst, true);
    this.immediate64(imm);
  }

  /** mov [mem], imm of a given width (a 64-bit store sign-extends an imm32). */
  movMemImm(dst: MemOperand, imm: number, width: GprWidth): void {
    const immBits = width === 64 ? 32 : width;
    checkImmediate(imm, immBits, width === 64, "mov [mem]");
    this.sized(width, OP.MOV_RM8_IMM8, OP.MOV_RM_IMM, EXT.MOV_IMM, dst, [], immBits / 8);
    this.immediate(imm, immBits / 8);
  }

  // ---- extension and address arithmetic ------------------------------------------------------

  private extend(op8: number, op16: number, dst: Gpr, src: Rm, srcWidth: GprWidth, what: string): void {
    needWidth(dst, [16, 32, 64], what);
    if (srcWidth !== 8 && srcWidth !== 16) throw new JitError(`${what}: source must be 8 or 16 bits`);
    if (srcWidth >= dst.width) throw new JitError(`${what}: source must be narrower than ${dst.name}`);
    this.encode({
      opsize16: dst.width === 16,
      w: dst.width === 64,
      opcode: [PREFIX.ESCAPE_0F, srcWidth === 8 ? op8 : op16],
      reg: dst.code,
      rm: src,
      byteRegs: src.kind === "gpr" && srcWidth === 8 ? [src] : [],
    });
  }

  /** movsx dst, src (sign-extend an 8- or 16-bit register). */
  movsxRegReg(dst: Gpr, src: Gpr): void {
    this.extend(OP0F.MOVSX_8, OP0F.MOVSX_16, dst, src, src.width, "movsx");
  }

  /** movsx dst, byte/word [mem]. */
  movsxRegMem(dst: Gpr, src: MemOperand, srcWidth: 8 | 16): void {
    this.extend(OP0F.MOVSX_8, OP0F.MOVSX_16, dst, src, srcWidth, "movsx");
  }

  /** movzx dst, src (zero-extend an 8- or 16-bit register). */
  movzxRegReg(dst: Gpr, src: Gpr): void {
    this.extend(OP0F.MOVZX_8, OP0F.MOVZX_16, dst, src, src.width, "movzx");
  }

  /** movzx dst, byte/word [mem]. */
  movzxRegMem(dst: Gpr, src: MemOperand, srcWidth: 8 | 16): void {
    this.extend(OP0F.MOVZX_8, OP0F.MOVZX_16, dst, src, srcWidth, "movzx");
  }

  /** movsxd dst64, src32 (sign-extend a 32-bit register). */
  movsxdRegReg(dst: Gpr, src: Gpr): void {
    needWidth(dst, [64], "movsxd");
    needWidth(src, [32], "movsxd");
    this.encode({ w: true, opcode: [OP.MOVSXD], reg: dst.code, rm: src });
  }

  /** movsxd dst64, dword [mem]. */
  movsxdRegMem(dst: Gpr, src: MemOperand): void {
    needWidth(dst, [64], "movsxd");
    this.encode({ w: true, opcode: [OP.MOVSXD], reg: dst.code, rm: src });
  }

  /** lea dst, [mem]. */
  lea(dst: Gpr, src: MemOperand): void {
    needWidth(dst, [16, 32, 64], "lea");
    this.sized(dst.width, OP.LEA, OP.LEA, dst.code, src, []);
  }

  // ---- ALU: add / or / and / sub / xor / cmp, and test ---------------------------------------

  /** op dst, src (registers of the same width). */
  aluRegReg(op: AluOp, dst: Gpr, src: Gpr): void {
    sameWidth(dst, src, op);
    const row = 8 * ALU[op];
    this.sized(dst.width, OP.ALU_RM8_R8 + row, OP.ALU_RM_R + row, src.code, dst, [dst, src]);
  }

  /** op dst, [mem]. */
  aluRegMem(op: AluOp, dst: Gpr, src: MemOperand): void {
    const row = 8 * ALU[op];
    this.sized(dst.width, OP.ALU_R8_RM8 + row, OP.ALU_R_RM + row, dst.code, src, [dst]);
  }

  /** op [mem], src. */
  aluMemReg(op: AluOp, dst: MemOperand, src: Gpr): void {
    const row = 8 * ALU[op];
    this.sized(src.width, OP.ALU_RM8_R8 + row, OP.ALU_RM_R + row, src.code, dst, [src]);
  }

  /** op dst, imm (imm8 sign-extended when it fits, else imm16/imm32). */
  aluRegImm(op: AluOp, dst: Gpr, imm: number): void {
    this.aluImm(op, dst, imm, dst.width, [dst]);
  }

  /** op [mem], imm of a given operand width. */
  aluMemImm(op: AluOp, dst: MemOperand, imm: number, width: GprWidth): void {
    this.aluImm(op, dst, imm, width, []);
  }

  private aluImm(op: AluOp, dst: Rm, imm: number, width: GprWidth, byteRegs: readonly Gpr[]): void {
    const what = `${op} imm`;
    if (width === 8) {
      checkImmediate(imm, 8, false, what);
      this.sized(8, OP.GRP1_RM8_IMM8, OP.GRP1_RM8_IMM8, ALU[op], dst, byteRegs, 1);
      this.immediate(imm, 1);
    } else if (fitsI8(imm)) {
      this.sized(width, OP.GRP1_RM_IMM8, OP.GRP1_RM_IMM8, ALU[op], dst, byteRegs, 1);
      this.immediate(imm, 1);
    } else {
      const size = width === 16 ? 2 : 4;
      checkImmediate(imm, width === 16 ? 16 : 32, width === 64, what);
      this.sized(width, OP.GRP1_RM_IMM32, OP.GRP1_RM_IMM32, ALU[op], dst, byteRegs, size);
      this.immediate(imm, size);
    }
  }

  /** test a, b (registers of the same width). */
  testRegReg(a: Gpr, b: Gpr): void {
    sameWidth(a, b, "test");
    this.sized(a.width, OP.TEST_RM8_R8, OP.TEST_RM_R, b.code, a, [a, b]);
  }

  /** test reg, imm. */
  testRegImm(reg: Gpr, imm: number): void {
    this.testImm(reg, imm, reg.width, [reg]);
  }

  /** test [mem], imm of a given operand width. */
  testMemImm(operand: MemOperand, imm: number, width: GprWidth): void {
    this.testImm(operand, imm, width, []);
  }

  private testImm(operand: Rm, imm: number, width: GprWidth, byteRegs: readonly Gpr[]): void {
    const size = width === 8 ? 1 : width === 16 ? 2 : 4;
    checkImmediate(imm, (size * 8) as 8 | 16 | 32, width === 64, "test imm");
    this.sized(width, OP.GRP3_RM8, OP.GRP3_RM, EXT.TEST_IMM, operand, byteRegs, size);
    this.immediate(imm, size);
  }

  // ---- stack --------------------------------------------------------------------------------

  /** push reg64. */
  pushReg(reg: Gpr): void {
    needWidth(reg, [64], "push");
    this.withRegister(OP.PUSH_R, reg, false);
  }

  /** pop reg64. */
  popReg(reg: Gpr): void {
    needWidth(reg, [64], "pop");
    this.withRegister(OP.POP_R, reg, false);
  }

  // ---- control flow -------------------------------------------------------------------------

  private branch(target: Label | number, size: 1 | 4, what: string): void {
    const at = this.length;
    this.immediate(0, size);
    this.fixups.push({ at, size, end: at + size, target, what });
  }

  /** call reg64. */
  callReg(reg: Gpr): void {
    needWidth(reg, [64], "call");
    this.encode({ opcode: [OP.GRP5_RM], reg: EXT.CALL_RM, rm: reg });
  }

  /** call qword [mem]. */
  callMem(operand: MemOperand): void {
    this.encode({ opcode: [OP.GRP5_RM], reg: EXT.CALL_RM, rm: operand });
  }

  /** call rel32 to a label, or to an absolute address (which must be within ±2 GiB once linked). */
  call(target: Label | number): void {
    this.byte(OP.CALL_REL32);
    this.branch(target, 4, "call");
  }

  /** jmp rel32 to a label or an absolute address. */
  jmp(target: Label | number): void {
    this.byte(OP.JMP_REL32);
    this.branch(target, 4, "jmp");
  }

  /** jmp rel8 to a label (must be within -128..127 bytes once linked). */
  jmpShort(target: Label): void {
    this.byte(OP.JMP_REL8);
    this.branch(target, 1, "jmp short");
  }

  /** jmp reg64. */
  jmpReg(reg: Gpr): void {
    needWidth(reg, [64], "jmp");
    this.encode({ opcode: [OP.GRP5_RM], reg: EXT.JMP_RM, rm: reg });
  }

  /** jmp qword [mem] (including [rip + label], an indirect jump through a stored address). */
  jmpMem(operand: MemOperand): void {
    this.encode({ opcode: [OP.GRP5_RM], reg: EXT.JMP_RM, rm: operand });
  }

  /** jcc rel32 to a label or an absolute address. */
  jcc(condition: Condition, target: Label | number): void {
    this.byte(PREFIX.ESCAPE_0F);
    this.byte(OP0F.JCC_REL32 + CC[condition]);
    this.branch(target, 4, `j${condition}`);
  }

  /** jcc rel8 to a label. */
  jccShort(condition: Condition, target: Label): void {
    this.byte(OP.JCC_REL8 + CC[condition]);
    this.branch(target, 1, `j${condition} short`);
  }

  /** ret. */
  ret(): void {
    this.byte(OP.RET);
  }

  /** nop (one byte). */
  nop(): void {
    this.byte(OP.NOP);
  }

  /** int3: a breakpoint, also the filler that traps if execution strays into padding. */
  int3(): void {
    this.byte(OP.INT3);
  }

  /** endbr64: the landing pad indirect branches need when CET branch tracking is on. */
  endbr64(): void {
    this.byte(PREFIX.REP_F3);
    this.byte(PREFIX.ESCAPE_0F);
    this.byte(OP0F.ENDBR);
    this.byte(ENDBR64_MODRM);
  }

  // ---- SSE ----------------------------------------------------------------------------------

  /** movsd xmm, qword [mem]. */
  movsdRegMem(dst: Xmm, src: MemOperand): void {
    this.sse(PREFIX.REPNE_F2, OP0F.MOVSD_MOVSS_LOAD, dst, src);
  }

  /** movsd qword [mem], xmm. */
  movsdMemReg(dst: MemOperand, src: Xmm): void {
    this.sse(PREFIX.REPNE_F2, OP0F.MOVSD_MOVSS_STORE, src, dst);
  }

  /** movsd xmm, xmm. */
  movsdRegReg(dst: Xmm, src: Xmm): void {
    this.sse(PREFIX.REPNE_F2, OP0F.MOVSD_MOVSS_LOAD, dst, src);
  }

  /** movss xmm, dword [mem]. */
  movssRegMem(dst: Xmm, src: MemOperand): void {
    this.sse(PREFIX.REP_F3, OP0F.MOVSD_MOVSS_LOAD, dst, src);
  }

  /** movss dword [mem], xmm. */
  movssMemReg(dst: MemOperand, src: Xmm): void {
    this.sse(PREFIX.REP_F3, OP0F.MOVSD_MOVSS_STORE, src, dst);
  }

  /** movss xmm, xmm. */
  movssRegReg(dst: Xmm, src: Xmm): void {
    this.sse(PREFIX.REP_F3, OP0F.MOVSD_MOVSS_LOAD, dst, src);
  }

  /** movq xmm, reg64 (the raw bits of a double from a general register). */
  movqXmmGpr(dst: Xmm, src: Gpr): void {
    needWidth(src, [64], "movq");
    this.sse(PREFIX.OPERAND_SIZE, OP0F.MOVD_XMM_RM, dst, src, true);
  }

  /** movq reg64, xmm. */
  movqGprXmm(dst: Gpr, src: Xmm): void {
    needWidth(dst, [64], "movq");
    this.sse(PREFIX.OPERAND_SIZE, OP0F.MOVD_RM_XMM, src, dst, true);
  }

  /** movd xmm, reg32 (the raw bits of a float). */
  movdXmmGpr(dst: Xmm, src: Gpr): void {
    needWidth(src, [32], "movd");
    this.sse(PREFIX.OPERAND_SIZE, OP0F.MOVD_XMM_RM, dst, src);
  }

  /** movd reg32, xmm. */
  movdGprXmm(dst: Gpr, src: Xmm): void {
    needWidth(dst, [32], "movd");
    this.sse(PREFIX.OPERAND_SIZE, OP0F.MOVD_RM_XMM, src, dst);
  }

  /** cvtss2sd xmm, xmm/dword [mem] (float -> double). */
  cvtss2sd(dst: Xmm, src: Xmm | MemOperand): void {
    this.sse(PREFIX.REP_F3, OP0F.CVT_SS_SD, dst, src);
  }

  /** cvtsd2ss xmm, xmm/qword [mem] (double -> float). */
  cvtsd2ss(dst: Xmm, src: Xmm | MemOperand): void {
    this.sse(PREFIX.REPNE_F2, OP0F.CVT_SS_SD, dst, src);
  }

  // ---- labels, data, padding ----------------------------------------------------------------

  /** Binds a label to the current position. */
  bind(label: Label): void {
    if (label.bound) throw new JitError(`label '${label.name}' is bound twice`);
    label.position = this.length;
  }

  /** A 64-bit data word (for example an address that code jumps through). */
  data64(value: number | bigint): void {
    this.immediate64(value);
  }

  /** Pads with a filler byte (int3 by default) up to a multiple of `boundary`. */
  align(boundary: number, filler: number = OP.INT3): void {
    while (this.length % boundary !== 0) this.byte(filler);
  }

  /** The finished bytes for a block placed at `base`: label and absolute fixups resolved. */
  link(base = 0): Uint8Array {
    const out = this.buffer.slice(0, this.length);
    const view = new DataView(out.buffer);
    for (const f of this.fixups) {
      let rel: number;
      if (typeof f.target === "number") {
        rel = f.target - (base + f.end);
      } else {
        if (!f.target.bound) throw new JitError(`${f.what}: label '${f.target.name}' is never bound`);
        rel = f.target.position - f.end;
      }
      if (f.size === 1) {
        if (!fitsI8(rel)) throw new JitError(`${f.what}: target is ${rel} bytes away, out of rel8 range`);
        view.setInt8(f.at, rel);
      } else {
        if (rel < -(2 ** 31) || rel >= 2 ** 31) {
          throw new JitError(`${f.what}: target is ${rel} bytes away, out of rel32 range`);
        }
        view.setInt32(f.at, rel, true);
      }
    }
    return out;
  }
}
