/*
 * Random struct/union declarations for the gcc layout oracle (layout-gcc.test.ts).
 *
 * A seeded generator builds a description of each declaration (members, bitfields, nesting,
 * attributes, `#pragma pack`), and the same description is printed as C: once for gcc and
 * once for `cdef` (where a trailing VLA is spelled `[?]` instead of C's `[]`), and it lists
 * the probes, the member paths whose offsets or bit ranges gcc is asked for. The generator
 * aims at the corners of gcc's layout rules: bitfields of every width and type next to
 * boundaries, `:0` and unnamed bitfields, packing and `#pragma pack` around bitfields,
 * alignment raised or lowered through typedefs, members and whole aggregates.
 */

/** A type a member can have. */
export type TypeDesc =
  | { readonly kind: "scalar"; readonly scalar: Scalar }
  | { readonly kind: "array"; readonly elem: TypeDesc; readonly length: number }
  | { readonly kind: "record"; readonly record: RecordDesc }
  /** The typedef `<tag>_t` that a top-level declaration's `alias` declares. */
  | { readonly kind: "alias"; readonly record: TopDecl };

export interface MemberDesc {
  readonly name: string | undefined;
  readonly type: TypeDesc;
  readonly bits?: number;
  readonly packed: boolean;
  readonly align?: number;
  /** Trailing variable part: `[?]` (VLA, C's `[]`) or `[0]`; `type` is the element. */
  readonly variable?: "vla" | "zero";
}

export interface RecordDesc {
  /** Tag of a top-level declaration; undefined for an inline anonymous struct/union. */
  readonly tag: string | undefined;
  readonly union: boolean;
  readonly members: readonly MemberDesc[];
  readonly packed: boolean;
  readonly align?: number;
  /** `#pragma pack(n)` in force where it is defined. */
  readonly pack?: number;
  /** Attributes after the closing brace instead of after the keyword. */
  readonly attrsAfter: boolean;
}

/** A top-level declaration: always tagged, so that gcc and the registry can name it. */
export interface TopDecl extends RecordDesc {
  readonly tag: string;
  /**
   * How `pack` is spelled: `push, n` / `pop`; `n` / `()`; `push` then `n` / `pop`; or
   * `push, n` over an outer `push, 1`, both popped after.
   */
  readonly packStyle: "push" | "plain" | "push-set" | "nested";
  /**
   * Alignment of a `typedef struct <tag> <tag>_t __attribute__((aligned(n)))` declared after
   * it, which may lower the alignment as well as raise it.
   */
  readonly alias?: number;
}

/** A builtin or prelude type usable as a member, with what the oracle needs to know of it. */
export interface Scalar {
  /** Spelling in C and in cdef. */
  readonly name: string;
  readonly size: number;
  /** Usable as a bitfield type. */
  readonly integer: boolean;
  /** Usable as an array element (gcc refuses arrays of types aligned above their size). */
  readonly arrayable: boolean;
}

/** What gcc is asked about one member reached from a top-level declaration. */
export interface Probe {
  /** Member names from the top-level declaration down (transparent members are skipped). */
  readonly path: readonly string[];
  readonly bitfield: boolean;
}

/** Typedefs and the enum the generated declarations use; valid C and valid cdef. */
export const PRELUDE = `typedef int a_i8 __attribute__((aligned(8)));
typedef short a_s1 __attribute__((aligned(1)));
typedef long long a_ll4 __attribute__((aligned(4)));
typedef unsigned int a_u16 __attribute__((aligned(16)));
typedef char a_c4 __attribute__((aligned(4)));
typedef float v4sf __attribute__((vector_size(16)));
typedef int v2si __attribute__((vector_size(8)));
typedef float v8sf __attribute__((vector_size(32)));
typedef char v4qi __attribute__((vector_size(4)));
enum E { E0, E1 = 1000 };
enum __attribute__((packed)) EPU8 { EPU8_A, EPU8_B = 255 };
enum __attribute__((packed)) EPS8 { EPS8_A = -128, EPS8_B = 127 };
enum EPS16 { EPS16_A = -129 } __attribute__((packed));
enum __attribute__((packed)) EPU32 { EPU32_A = 65536 };
enum __attribute__((aligned(8))) EA8 { EA8_A };
`;

const scalar = (name: string, size: number, integer: boolean, arrayable = true): Scalar => ({
  name,
  size,
  integer,
  arrayable,
});

const SCALARS: readonly Scalar[] = [
  scalar("char", 1, true),
  scalar("signed char", 1, true),
  scalar("unsigned char", 1, true),
  scalar("short", 2, true),
  scalar("unsigned short", 2, true),
  scalar("int", 4, true),
  scalar("unsigned int", 4, true),
  scalar("long", 8, true),
  scalar("unsigned long", 8, true),
  scalar("long long", 8, true),
  scalar("unsigned long long", 8, true),
  scalar("_Bool", 1, true),
  scalar("int8_t", 1, true),
  scalar("uint16_t", 2, true),
  scalar("int32_t", 4, true),
  scalar("uint64_t", 8, true),
  scalar("size_t", 8, true),
  scalar("float", 4, false),
  scalar("double", 8, false),
  scalar("long double", 16, false),
  scalar("void *", 8, false),
  scalar("char *", 8, false),
  scalar("enum E", 4, true),
  scalar("enum EPU8", 1, true),
  scalar("enum EPS8", 1, true),
  scalar("enum EPS16", 2, true),
  scalar("enum EPU32", 4, true),
  scalar("enum EA8", 4, true),
  scalar("_Complex float", 8, false),
  scalar("_Complex double", 16, false),
  scalar("v4sf", 16, false),
  scalar("v2si", 8, false),
  scalar("v8sf", 32, false),
  scalar("v4qi", 4, false),
  scalar("_Complex long double", 32, false),
  scalar("a_i8", 4, true, false),
  scalar("a_s1", 2, true),
  scalar("a_ll4", 8, true),
  scalar("a_u16", 4, true, false),
  scalar("a_c4", 1, true, false),
];

/** mulberry32: small, fast, good enough to spread test cases. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` random top-level declarations; later ones may use earlier ones as members. */
export function generateDecls(seed: number, count: number): TopDecl[] {
  const rnd = prng(seed);
  const int = (n: number) => Math.floor(rnd() * n);
  const chance = (p: number) => rnd() < p;
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)]!;
  const integers = SCALARS.filter((s) => s.integer);
  const arrayables = SCALARS.filter((s) => s.arrayable);
  /** Earlier declarations usable as members (no trailing variable part). */
  const usable: TopDecl[] = [];

  const bitWidth = (s: Scalar): number => {
    const bits = s.name === "_Bool" ? 1 : s.size * 8;
    switch (int(6)) {
      case 0:
        return bits;
      case 1:
        return Math.max(1, bits - 1);
      case 2:
        return Math.min(bits, pick([1, 2, 7, 8, 9, 15, 16, 17, 31, 32, 33, 63]));
      default:
        return 1 + int(bits);
    }
  };

  const memberType = (depth: number, pack: number | undefined): TypeDesc => {
    const r = rnd();
    if (r < 0.6 || (r < 0.75 && usable.length === 0)) return { kind: "scalar", scalar: pick(SCALARS) };
    if (r < 0.75) {
      const record = pick(usable);
      return record.alias !== undefined && chance(0.5)
        ? { kind: "alias", record }
        : { kind: "record", record };
    }
    if (r < 0.88 || depth >= 2) {
      const elem: TypeDesc =
        usable.length > 0 && chance(0.25)
          ? { kind: "record", record: pick(usable) }
          : { kind: "scalar", scalar: pick(arrayables) };
      const inner: TypeDesc = chance(0.2) ? { kind: "array", elem, length: 1 + int(3) } : elem;
      return { kind: "array", elem: inner, length: chance(0.1) ? 0 : 1 + int(5) };
    }
    return { kind: "record", record: body(undefined, depth + 1, pack) };
  };

  let names = 0;
  const member = (depth: number, pack: number | undefined): MemberDesc => {
    const packed = chance(0.08);
    const align = chance(0.08) ? pick([1, 2, 4, 8, 16, 32]) : undefined;
    if (chance(0.35)) {
      const s = pick(integers);
      const unnamed = chance(0.15);
      const bits = unnamed && chance(0.4) ? 0 : bitWidth(s);
      const name = unnamed || bits === 0 ? undefined : `f${names++}`;
      // gcc rejects `aligned` on an unnamed bitfield's declaration.
      return { name, type: { kind: "scalar", scalar: s }, bits, packed, align: name ? align : undefined };
    }
    const type = memberType(depth, pack);
    // An inline struct/union without a name is a transparent member. Attributes after it
    // would belong to its type, so it gets none of its own.
    if (type.kind === "record" && type.record.tag === undefined && chance(0.4)) {
      return { name: undefined, type, packed: false };
    }
    return { name: `f${names++}`, type, packed, align };
  };

  const body = (tag: string | undefined, depth: number, pack: number | undefined): RecordDesc => {
    const n = chance(0.04) ? 0 : 1 + int(depth === 0 ? 9 : 4);
    const members: MemberDesc[] = [];
    for (let i = 0; i < n; i++) members.push(member(depth, pack));
    return {
      tag,
      union: chance(0.2),
      members,
      packed: chance(0.15),
      align: chance(0.1) ? pick([1, 2, 4, 8, 16, 32]) : undefined,
      pack,
      attrsAfter: chance(0.5),
    };
  };

  const decls: TopDecl[] = [];
  for (let i = 0; i < count; i++) {
    names = 0;
    const pack = chance(0.2) ? pick([1, 2, 4, 8, 16]) : undefined;
    const packStyle = pick(["push", "plain", "push-set", "nested"] as const);
    let decl: TopDecl = { ...body(undefined, 0, pack), tag: `r${i}`, packStyle };
    // gcc wants a named member before a flexible array member.
    if (!decl.union && decl.members.some((m) => m.name !== undefined) && chance(0.08)) {
      const variable = chance(0.5) ? "vla" : "zero";
      const last: MemberDesc = {
        name: `f${names++}`,
        type: { kind: "scalar", scalar: pick(arrayables) },
        packed: false,
        variable,
      };
      decl = { ...decl, members: [...decl.members, last] };
    } else {
      if (chance(0.15)) decl = { ...decl, alias: pick([1, 2, 4, 8, 16, 32]) };
      usable.push(decl);
    }
    decls.push(decl);
  }
  return decls;
}

/** Prints declarations as C (`dialect: "c"`) or as cdef text (trailing VLAs as `[?]`). */
export function declText(decls: readonly TopDecl[], dialect: "c" | "cdef"): string {
  const p = new Printer(dialect);
  let out = "";
  for (const d of decls) {
    const text = `${p.record(d, "")};\n`;
    const n = d.pack;
    if (n === undefined) out += text;
    else if (d.packStyle === "push") out += `#pragma pack(push, ${n})\n${text}#pragma pack(pop)\n`;
    else if (d.packStyle === "plain") out += `#pragma pack(${n})\n${text}#pragma pack()\n`;
    else if (d.packStyle === "push-set")
      out += `#pragma pack(push)\n#pragma pack(${n})\n${text}#pragma pack(pop)\n`;
    else
      out += `#pragma pack(push, 1)\n#pragma pack(push, ${n})\n${text}#pragma pack(pop)\n#pragma pack(pop)\n`;
    if (d.alias !== undefined) {
      out += `typedef ${d.union ? "union" : "struct"} ${d.tag} ${d.tag}_t${p.attrs(false, d.alias, 0)};\n`;
    }
  }
  return out;
}

/** The text of one top-level declaration (for mismatch reports). */
export function oneDeclText(d: TopDecl): string {
  return declText([d], "c");
}

/**
 * Prints descriptions as text. The same attributes come in three spellings, chosen from
 * where they stand (`key`), so that one declaration prints the same alone or among others.
 */
class Printer {
  constructor(private readonly dialect: "c" | "cdef") {}

  attrs(packed: boolean, align: number | undefined, key: number): string {
    if (!packed && align === undefined) return "";
    const variant = (key + (align ?? 0)) % 3;
    const packedText = variant === 1 ? "__packed__" : "packed";
    const alignText =
      align === undefined ? undefined : variant === 1 ? `__aligned__(${align})` : `aligned(${align})`;
    const list = [packed ? packedText : undefined, alignText].filter((a) => a !== undefined);
    if (variant === 2) return list.map((a) => ` __attribute__((${a}))`).join("");
    return ` __attribute__((${list.join(", ")}))`;
  }

  record(d: RecordDesc, indent: string): string {
    const attrs = this.attrs(d.packed, d.align, d.members.length + indent.length);
    const keyword = d.union ? "union" : "struct";
    const head = `${keyword}${d.attrsAfter ? "" : attrs}${d.tag === undefined ? "" : ` ${d.tag}`}`;
    const inner = `${indent}  `;
    let body = "";
    for (const m of d.members) body += `${inner}${this.member(m, inner)};\n`;
    return `${head} {\n${body}${indent}}${d.attrsAfter ? attrs : ""}`;
  }

  member(m: MemberDesc, indent: string): string {
    let suffix = "";
    let t = m.type;
    while (t.kind === "array") {
      suffix += `[${t.length}]`;
      t = t.elem;
    }
    if (m.variable !== undefined)
      suffix += m.variable === "zero" ? "[0]" : this.dialect === "c" ? "[]" : "[?]";
    let base: string;
    if (t.kind === "scalar") base = t.scalar.name;
    else if (t.kind === "alias") base = `${t.record.tag}_t`;
    else if (t.record.tag !== undefined) base = `${t.record.union ? "union" : "struct"} ${t.record.tag}`;
    else base = this.record(t.record, indent);
    const declarator = m.name === undefined ? suffix : ` ${m.name}${suffix}`;
    const bits = m.bits === undefined ? "" : ` : ${m.bits}`;
    return `${base}${declarator}${bits}${this.attrs(m.packed, m.align, indent.length + (m.name?.length ?? 0) + (m.bits ?? 0))}`;
  }
}

/** The members of a top-level declaration that gcc is asked about. */
export function probes(d: TopDecl): Probe[] {
  const out: Probe[] = [];
  const walk = (r: RecordDesc, path: readonly string[]) => {
    for (const m of r.members) {
      if (m.bits !== undefined) {
        if (m.name !== undefined) out.push({ path: [...path, m.name], bitfield: true });
        continue;
      }
      if (m.name !== undefined) out.push({ path: [...path, m.name], bitfield: false });
      if (m.type.kind === "record" || m.type.kind === "alias") {
        walk(m.type.record, m.name === undefined ? path : [...path, m.name]);
      }
    }
  };
  walk(d, []);
  return out;
}
