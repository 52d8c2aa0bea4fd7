// x86-64 opcode bytes and prefixes by name, as in LuaJIT's lj_target_x86.h (XO_* / XI_* / XG_*),
// so the encoder reads `OP.MOV_RM_R` instead of 0x89. Two-byte opcodes (0F xx) are listed by
// their second byte with the 0F escape emitted separately; `/digit` extensions of ModRM.reg
// are in EXT.

/** Legacy prefixes and the REX base. */
export const PREFIX = {
  OPERAND_SIZE: 0x66,
  REPNE_F2: 0xf2,
  REP_F3: 0xf3,
  SEG_FS: 0x64,
  SEG_GS: 0x65,
  REX: 0x40,
  ESCAPE_0F: 0x0f,
} as const;

/** REX bits. */
export const REX = { W: 0x08, R: 0x04, X: 0x02, B: 0x01 } as const;

/** One-byte opcodes. */
export const OP = {
  ALU_RM8_R8: 0x00, // + 8 * aluOp: add/or/adc/sbb/and/sub/xor/cmp r/m8, r8
  ALU_RM_R: 0x01, // ... r/m, r
  ALU_R8_RM8: 0x02,
  ALU_R_RM: 0x03,
  MOVSXD: 0x63,
  PUSH_R: 0x50,
  POP_R: 0x58,
  JCC_REL8: 0x70, // + condition
  GRP1_RM8_IMM8: 0x80,
  GRP1_RM_IMM32: 0x81,
  GRP1_RM_IMM8: 0x83,
  TEST_RM8_R8: 0x84,
  TEST_RM_R: 0x85,
  MOV_RM8_R8: 0x88,
  MOV_RM_R: 0x89,
  MOV_R8_RM8: 0x8a,
  MOV_R_RM: 0x8b,
  LEA: 0x8d,
  NOP: 0x90,
  MOV_R8_IMM8: 0xb0, // + register
  MOV_R_IMM: 0xb8, // + register
  RET: 0xc3,
  MOV_RM8_IMM8: 0xc6,
  MOV_RM_IMM: 0xc7,
  INT3: 0xcc,
  CALL_REL32: 0xe8,
  JMP_REL32: 0xe9,
  JMP_REL8: 0xeb,
  GRP3_RM8: 0xf6,
  GRP3_RM: 0xf7,
  GRP5_RM: 0xff,
} as const;

/** Second bytes of 0F-escaped opcodes. */
export const OP0F = {
  MOVSD_MOVSS_LOAD: 0x10, // F2: movsd, F3: movss; xmm <- xmm/m
  MOVSD_MOVSS_STORE: 0x11, // xmm/m <- xmm
  ENDBR: 0x1e, // F3 0F 1E FA
  CVT_SS_SD: 0x5a, // F3: cvtss2sd, F2: cvtsd2ss
  MOVD_XMM_RM: 0x6e, // 66 (REX.W: movq)
  MOVD_RM_XMM: 0x7e,
  JCC_REL32: 0x80, // + condition
  MOVZX_8: 0xb6,
  MOVZX_16: 0xb7,
  MOVSX_8: 0xbe,
  MOVSX_16: 0xbf,
} as const;

/** ModRM.reg opcode extensions (`/digit`). */
export const EXT = {
  MOV_IMM: 0,
  TEST_IMM: 0,
  CALL_RM: 2,
  JMP_RM: 4,
  PUSH_RM: 6,
} as const;

/** The last byte of endbr64 (F3 0F 1E FA), a ModRM-shaped constant. */
export const ENDBR64_MODRM = 0xfa;

/** Group 1 ALU operations, their /digit in 0x80/0x81/0x83 and their row in the 0x00..0x3F block. */
export const ALU = { add: 0, or: 1, and: 4, sub: 5, xor: 6, cmp: 7 } as const;
export type AluOp = keyof typeof ALU;

/** Condition codes (the low nibble of Jcc / SETcc / CMOVcc). */
export const CC = {
  o: 0x0,
  no: 0x1,
  b: 0x2,
  ae: 0x3,
  e: 0x4,
  ne: 0x5,
  be: 0x6,
  a: 0x7,
  s: 0x8,
  ns: 0x9,
  p: 0xa,
  np: 0xb,
  l: 0xc,
  ge: 0xd,
  le: 0xe,
  g: 0xf,
} as const;
export type Condition = keyof typeof CC;
