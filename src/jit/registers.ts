// x86-64 registers as values: a general-purpose register is its 4-bit hardware number plus an
// operand width, so `EAX` and `RAX` share code 0 and the encoder derives REX.W, the 0x66
// prefix and the byte-register rules from the operand itself. AH..BH are the legacy high-byte
// registers (codes 4..7 without REX); they cannot be combined with any operand needing REX.

import { JitError } from "./jit-error";

/** Operand width of a general-purpose register, in bits. */
export type GprWidth = 8 | 16 | 32 | 64;

/** A general-purpose register of a given width. */
export interface Gpr {
  readonly kind: "gpr";
  readonly code: number;
  readonly width: GprWidth;
  readonly name: string;
  readonly high8: boolean;
}

/** An SSE register (xmm0..xmm15). */
export interface Xmm {
  readonly kind: "xmm";
  readonly code: number;
  readonly name: string;
}

const NAMES: Record<GprWidth, readonly string[]> = {
  64: ["rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi"],
  32: ["eax", "ecx", "edx", "ebx", "esp", "ebp", "esi", "edi"],
  16: ["ax", "cx", "dx", "bx", "sp", "bp", "si", "di"],
  8: ["al", "cl", "dl", "bl", "spl", "bpl", "sil", "dil"],
};
const EXTENDED_SUFFIX: Record<GprWidth, string> = { 64: "", 32: "d", 16: "w", 8: "b" };

function gprName(code: number, width: GprWidth): string {
  return code < 8 ? NAMES[width][code]! : `r${code}${EXTENDED_SUFFIX[width]}`;
}

function makeGprs(width: GprWidth): readonly Gpr[] {
  return Array.from({ length: 16 }, (_, code) => ({
    kind: "gpr" as const,
    code,
    width,
    name: gprName(code, width),
    high8: false,
  }));
}

/** All general-purpose registers by width, indexed by hardware number. */
export const GPRS: Record<GprWidth, readonly Gpr[]> = {
  64: makeGprs(64),
  32: makeGprs(32),
  16: makeGprs(16),
  8: makeGprs(8),
};

/** All SSE registers, indexed by hardware number. */
export const XMMS: readonly Xmm[] = Array.from({ length: 16 }, (_, code) => ({
  kind: "xmm" as const,
  code,
  name: `xmm${code}`,
}));

/** The same register at another width (RAX -> EAX); high-byte registers have no other width. */
export function resize(reg: Gpr, width: GprWidth): Gpr {
  if (reg.high8) throw new JitError(`${reg.name} has no ${width}-bit form`);
  return GPRS[width][reg.code]!;
}

function hardware(width: GprWidth, code: number): Gpr {
  return GPRS[width][code]!;
}

// 64-bit registers
export const RAX = hardware(64, 0);
export const RCX = hardware(64, 1);
export const RDX = hardware(64, 2);
export const RBX = hardware(64, 3);
export const RSP = hardware(64, 4);
export const RBP = hardware(64, 5);
export const RSI = hardware(64, 6);
export const RDI = hardware(64, 7);
export const R8 = hardware(64, 8);
export const R9 = hardware(64, 9);
export const R10 = hardware(64, 10);
export const R11 = hardware(64, 11);
export const R12 = hardware(64, 12);
export const R13 = hardware(64, 13);
export const R14 = hardware(64, 14);
export const R15 = hardware(64, 15);

// 32-bit registers
export const EAX = hardware(32, 0);
export const ECX = hardware(32, 1);
export const EDX = hardware(32, 2);
export const EBX = hardware(32, 3);
export const ESP = hardware(32, 4);
export const EBP = hardware(32, 5);
export const ESI = hardware(32, 6);
export const EDI = hardware(32, 7);
export const R8D = hardware(32, 8);
export const R9D = hardware(32, 9);
export const R10D = hardware(32, 10);
export const R11D = hardware(32, 11);
export const R12D = hardware(32, 12);
export const R13D = hardware(32, 13);
export const R14D = hardware(32, 14);
export const R15D = hardware(32, 15);

// 16-bit registers
export const AX = hardware(16, 0);
export const CX = hardware(16, 1);
export const DX = hardware(16, 2);
export const BX = hardware(16, 3);
export const SP = hardware(16, 4);
export const BP = hardware(16, 5);
export const SI = hardware(16, 6);
export const DI = hardware(16, 7);
export const R8W = hardware(16, 8);
export const R9W = hardware(16, 9);
export const R10W = hardware(16, 10);
export const R11W = hardware(16, 11);
export const R12W = hardware(16, 12);
export const R13W = hardware(16, 13);
export const R14W = hardware(16, 14);
export const R15W = hardware(16, 15);

// 8-bit registers
export const AL = hardware(8, 0);
export const CL = hardware(8, 1);
export const DL = hardware(8, 2);
export const BL = hardware(8, 3);
export const SPL = hardware(8, 4);
export const BPL = hardware(8, 5);
export const SIL = hardware(8, 6);
export const DIL = hardware(8, 7);
export const R8B = hardware(8, 8);
export const R9B = hardware(8, 9);
export const R10B = hardware(8, 10);
export const R11B = hardware(8, 11);
export const R12B = hardware(8, 12);
export const R13B = hardware(8, 13);
export const R14B = hardware(8, 14);
export const R15B = hardware(8, 15);

// The legacy high-byte registers: ModRM codes 4..7 when no REX prefix is present.
function high8(code: number, name: string): Gpr {
  return { kind: "gpr", code, width: 8, name, high8: true };
}
export const AH = high8(4, "ah");
export const CH = high8(5, "ch");
export const DH = high8(6, "dh");
export const BH = high8(7, "bh");

// SSE registers
export const XMM0 = XMMS[0]!;
export const XMM1 = XMMS[1]!;
export const XMM2 = XMMS[2]!;
export const XMM3 = XMMS[3]!;
export const XMM4 = XMMS[4]!;
export const XMM5 = XMMS[5]!;
export const XMM6 = XMMS[6]!;
export const XMM7 = XMMS[7]!;
export const XMM8 = XMMS[8]!;
export const XMM9 = XMMS[9]!;
export const XMM10 = XMMS[10]!;
export const XMM11 = XMMS[11]!;
export const XMM12 = XMMS[12]!;
export const XMM13 = XMMS[13]!;
export const XMM14 = XMMS[14]!;
export const XMM15 = XMMS[15]!;
