/*
 * System V AMD64 calling convention: classify a C function type into a CallPlan.
 *
 * Follows the psABI §3.2.3 ("Parameter Passing") the way gcc applies it, and the shape of
 * koffi's per-ABI analysis: classification produces a small plan (which bytes of which argument
 * go in which GPR, XMM register or stack slot; whether the result comes back in RAX/RDX,
 * XMM0/XMM1 or through a hidden sret pointer), and the thunk and callback emitters only read
 * the plan. Nothing here emits code, so the rules can be unit-tested against the psABI
 * examples without running anything. One file per ABI: a Windows x64 plan would sit beside it.
 *
 * The rules, in short:
 * - every value is split into eightbytes; each eightbyte is INTEGER, SSE or NO_CLASS, merged
 *   over the fields that overlap it (INTEGER wins over SSE);
 * - aggregates larger than 16 bytes, or with a misaligned field, are MEMORY: passed by copy on
 *   the stack, returned through a hidden pointer in RDI. "Misaligned" is gcc's test: a scalar
 *   whose offset is not a multiple of its own size (packed structs);
 * - long double (and an aggregate of nothing but one) is X87, X87UP: passed in memory like
 *   MEMORY, but returned in st0, which the thunks do not read yet (NYI, as is complex long
 *   double in st0/st1); merged with anything else it makes the aggregate MEMORY;
 * - 16-byte vectors are SSE+SSEUP, one whole XMM register: NYI (LuaJIT does not pass vectors);
 *   larger ones are MEMORY, as without AVX;
 * - varargs get C's default argument promotions (float -> double, bool/char/short -> int);
 * - an argument takes registers only if all of its eightbytes fit in what is left; otherwise
 *   the whole argument goes on the stack and the registers stay free for later arguments
 *   (so a two-XMM struct seen with only xmm7 left goes to memory, and a later double still
 *   takes xmm7);
 * - stack arguments take eightbyte slots aligned to the argument's alignment: 16 for long
 *   double, 32 or 64 for over-aligned aggregates (as gcc does since 4.6);
 * - for varargs calls, AL carries an upper bound of the vector registers used.
 */
import { alignOf, type CType, type CTypeId, FfiError, msg, type Registry, sizeOf } from "../ctype";

/** Argument registers in order (rdi, rsi, rdx, rcx, r8, r9) and xmm0..7. */
export const MAX_GPR_ARGS = 6;
export const MAX_XMM_ARGS = 8;

/** Where one eightbyte (or smaller piece) of a value lives. */
export interface Part {
  /** `gpr` / `xmm`: register index in argument order; `stack`: byte offset from RSP at the call. */
  readonly where: "gpr" | "xmm" | "stack";
  readonly index: number;
  /** Byte offset of the piece inside the value. */
  readonly offset: number;
  /** Bytes the piece covers (1..8; a whole MEMORY aggregate on the stack may be larger). */
  readonly size: number;
}

/** How one argument travels. */
export interface ArgPlan {
  readonly type: CTypeId;
  /** `scalar`: one Part; `aggregate`: struct/union/complex by value, one Part per eightbyte. */
  readonly shape: "scalar" | "aggregate";
  readonly parts: readonly Part[];
}

/** How the result comes back. */
export type RetPlan =
  | { readonly kind: "void" }
  /** In RAX/RDX and/or XMM0/XMM1: each Part's `index` is 0 or 1 within its register class. */
  | { readonly kind: "regs"; readonly type: CTypeId; readonly parts: readonly Part[] }
  /** Through a caller-provided buffer whose address is passed in RDI and returned in RAX. */
  | { readonly kind: "sret"; readonly type: CTypeId; readonly size: number };

/** How one call passes its arguments and gets its result back. */
export interface CallPlan {
  readonly args: readonly ArgPlan[];
  readonly ret: RetPlan;
  /** Bytes of outgoing stack arguments, rounded up to `stackAlign` to keep RSP aligned at the call. */
  readonly stackBytes: number;
  /**
   * Alignment RSP needs at the call: 16, or more when an over-aligned aggregate is passed on
   * the stack (gcc since 4.6 places an `aligned(32)` struct at a 32-byte-aligned offset).
   */
  readonly stackAlign: number;
  /** Number of XMM registers carrying arguments: the value for AL in a varargs call. */
  readonly xmmUsed: number;
  readonly varargs: boolean;
}

/** psABI classes (SSEUP and COMPLEX_X87 never reach a plan: see the vector and complex cases). */
export type EightbyteClass = "none" | "int" | "sse" | "x87" | "x87up" | "memory";

/** The class of each eightbyte of a value, or "memory" for the whole value. */
export type Classification = EightbyteClass[] | "memory";

/** The psABI merge of two classes meeting in one eightbyte (§3.2.3, rule 4 of aggregates). */
const merge = (a: EightbyteClass, b: EightbyteClass): EightbyteClass => {
  if (a === b) return a;
  if (a === "none") return b;
  if (b === "none") return a;
  if (a === "memory" || b === "memory") return "memory";
  if (a === "int" || b === "int") return "int";
  if (a === "x87" || b === "x87" || a === "x87up" || b === "x87up") return "memory";
  return "sse";
};

/** Marks the eightbytes covered by [offset, offset+size) with a class. */
const mark = (classes: EightbyteClass[], offset: number, size: number, cls: EightbyteClass): void => {
  const last = Math.floor((offset + Math.max(size, 1) - 1) / 8);
  for (let i = Math.floor(offset / 8); i <= last && i < classes.length; i++) {
    classes[i] = merge(classes[i] ?? "none", cls);
  }
};

const sizeOrThrow = (reg: Registry, id: CTypeId): number => {
  const size = sizeOf(reg, id);
  if (size === undefined) throw new FfiError(msg.sizeUnknown());
  return size;
};

/**
 * Walks a value's scalar leaves, marking the eightbytes they occupy; false if one is misaligned.
 * A leaf is misaligned when its offset is not a multiple of its size (of each part's size for
 * complex numbers): gcc's classify_argument tests the mode size, not the declared alignment.
 */
const classifyInto = (reg: Registry, t: CType, base: number, classes: EightbyteClass[]): boolean => {
  switch (t.kind) {
    case "bool":
    case "int":
    case "enum":
    case "ptr":
    case "ref":
    case "func": {
      const size = t.kind === "func" ? 8 : sizeOrThrow(reg, t.id);
      if (base % Math.min(size, 8) !== 0) return false;
      mark(classes, base, size, "int");
      return true;
    }
    case "float":
      if (base % t.size !== 0) return false;
      if (t.size === 16) {
        mark(classes, base, 8, "x87");
        mark(classes, base + 8, 8, "x87up");
      } else {
        mark(classes, base, t.size, "sse");
      }
      return true;
    case "complex": {
      const part = reg.get(t.part);
      return classifyInto(reg, part, base, classes) && classifyInto(reg, part, base + t.size / 2, classes);
    }
    case "vector":
      // A 16-byte vector is SSE+SSEUP (one whole XMM register) and the slots hold 8 bytes per
      // register: NYI. Larger values never get here (classify makes them MEMORY first, which
      // is the ABI without AVX, the one distributions build for).
      if (t.size > 8) throw new FfiError(msg.nyiCall());
      if (base % t.size !== 0) return false;
      mark(classes, base, t.size, "sse");
      return true;
    case "array": {
      const elem = reg.get(t.elem);
      const elemSize = sizeOrThrow(reg, t.elem);
      for (let i = 0; i < (t.length ?? 0); i++) {
        if (!classifyInto(reg, elem, base + i * elemSize, classes)) return false;
      }
      return true;
    }
    case "struct": {
      for (const field of t.info.fields) {
        const ft = reg.get(field.type);
        if (field.bitsize !== undefined) {
          // Bitfields are INTEGER; they never make a struct misaligned.
          if (field.bitsize > 0) {
            const bit = field.offset * 8 + (field.bitpos ?? 0);
            mark(classes, base + Math.floor(bit / 8), Math.ceil(((bit % 8) + field.bitsize) / 8), "int");
          }
          continue;
        }
        if (!classifyInto(reg, ft, base + field.offset, classes)) return false;
      }
      return true;
    }
    case "void":
      return true;
  }
};

/** Classifies a value type per the psABI: per-eightbyte classes, or memory. */
export function classify(reg: Registry, id: CTypeId): Classification {
  const t = reg.get(id);
  const size = sizeOrThrow(reg, id);
  if (size > 16) return "memory";
  const classes: EightbyteClass[] = new Array<EightbyteClass>(Math.ceil(size / 8)).fill("none");
  if (!classifyInto(reg, t, 0, classes)) return "memory";
  if (classes.includes("memory")) return "memory";
  // Post-merger cleanup: X87UP must follow X87 (a union of long double and int does not).
  if (classes.some((c, i) => c === "x87up" && classes[i - 1] !== "x87")) return "memory";
  return classes;
}

/** Plans a call of function type `fn`; `varargTypes` are the types of the extra arguments. */
export function planCall(reg: Registry, fn: CTypeId, varargTypes: readonly CTypeId[] = []): CallPlan {
  const ft = reg.get(fn);
  if (ft.kind !== "func") throw new FfiError(msg.invalidType());
  if (!ft.varargs && varargTypes.length > 0) throw new FfiError(msg.argCount());
  let gpr = 0;
  let xmm = 0;
  let stack = 0;
  let stackAlign = 16;

  const ret = planReturn(reg, ft.ret);
  if (ret.kind === "sret") gpr = 1; // the hidden pointer takes rdi

  const onStack = (id: CTypeId, size: number, shape: ArgPlan["shape"]): ArgPlan => {
    // Eightbyte slots, aligned further as the type requires (long double, aligned(n) types).
    const align = Math.max(8, alignOf(reg, id));
    stackAlign = Math.max(stackAlign, align);
    stack = Math.ceil(stack / align) * align;
    const plan: ArgPlan = { type: id, shape, parts: [{ where: "stack", index: stack, offset: 0, size }] };
    stack += Math.ceil(size / 8) * 8;
    return plan;
  };

  const planArg = (id: CTypeId): ArgPlan => {
    const t = reg.get(id);
    const shape: ArgPlan["shape"] = t.kind === "struct" || t.kind === "complex" ? "aggregate" : "scalar";
    if (t.kind === "array" || t.kind === "func" || t.kind === "void") {
      throw new FfiError(msg.invalidType()); // the parser decays array and function parameters
    }
    const size = sizeOrThrow(reg, id);
    if (size === 0) return { type: id, shape, parts: [] }; // empty structs are not passed at all
    const cls = classify(reg, id);
    if (cls === "memory" || cls.includes("x87")) return onStack(id, size, shape);
    const needGpr = cls.filter((c) => c === "int").length;
    const needXmm = cls.filter((c) => c === "sse").length;
    // All of an argument's eightbytes go in registers or none do (psABI: "If there are no
    // registers available for any eightbyte of an argument, the whole argument is passed on
    // the stack"), and later arguments may still take the registers left over.
    if (gpr + needGpr > MAX_GPR_ARGS || xmm + needXmm > MAX_XMM_ARGS) return onStack(id, size, shape);
    const parts: Part[] = [];
    cls.forEach((c, i) => {
      const pieceSize = Math.min(8, size - i * 8);
      if (c === "int") parts.push({ where: "gpr", index: gpr++, offset: i * 8, size: pieceSize });
      else if (c === "sse") parts.push({ where: "xmm", index: xmm++, offset: i * 8, size: pieceSize });
    });
    return { type: id, shape, parts };
  };

  const args = ft.params.map((p) => planArg(p.type));
  for (const id of varargTypes) args.push(planArg(promoteVararg(reg, id)));
  const stackBytes = Math.ceil(stack / stackAlign) * stackAlign;
  return { args, ret, stackBytes, stackAlign, xmmUsed: xmm, varargs: ft.varargs };
}

/** C's default argument promotions, which a variadic callee's va_arg expects. */
function promoteVararg(reg: Registry, id: CTypeId): CTypeId {
  const t = reg.get(id);
  if (t.kind === "float" && t.size === 4) return reg.ids.double;
  if (t.kind === "bool" || (t.kind === "int" && t.size < 4)) return reg.ids.int;
  return id;
}

/** Plans how a result of type `id` comes back. */
export function planReturn(reg: Registry, id: CTypeId): RetPlan {
  const t = reg.get(id);
  if (t.kind === "void") return { kind: "void" };
  const size = sizeOrThrow(reg, id);
  // complex long double comes back in st0/st1 (COMPLEX_X87), not through memory.
  if (t.kind === "complex" && t.size === 32) throw new FfiError(msg.nyiCall());
  const cls = classify(reg, id);
  if (cls === "memory") return { kind: "sret", type: id, size };
  // long double, alone or as an aggregate's only member, comes back in st0.
  if (cls.includes("x87")) throw new FfiError(msg.nyiCall());
  let ints = 0;
  let sses = 0;
  const parts: Part[] = [];
  cls.forEach((c, i) => {
    const pieceSize = Math.min(8, size - i * 8);
    if (c === "int") parts.push({ where: "gpr", index: ints++, offset: i * 8, size: pieceSize });
    else if (c === "sse") parts.push({ where: "xmm", index: sses++, offset: i * 8, size: pieceSize });
  });
  return { kind: "regs", type: id, parts };
}
