/*
 * Declarators: the part of a declaration after the specifiers, `*const p`, `a[3][4]`,
 * `(*f)(int, ...)`, and building the type they describe (lj_cparse.c cp_declarator,
 * cp_decl_array, cp_decl_func, cp_decl_intern).
 *
 * C writes types inside out, so the parser records a declarator as a list of derivations
 * applied to the base type in order. At one nesting level, the pointers come first, then the
 * array / function suffixes from right to left, then whatever the parenthesised inner
 * declarator derives: `int (*(*f)(int))(void)` is [func(void), ptr, func(int), ptr], read as
 * "f is a pointer to a function(int) returning a pointer to a function(void) returning int".
 * `buildType` then interns each step in the registry and checks what C forbids (arrays of
 * functions, functions returning arrays, elements of unknown size).
 *
 * Three modes, as in LuaJIT: ABSTRACT accepts a declarator without a name (`int (*)(int)`),
 * DIRECT accepts one with a name, FIELD accepts a bitfield width. In ABSTRACT mode a `(`
 * followed by `)` or a type starts a parameter list rather than an inner declarator.
 *
 * Most declarators, parameters and members in real headers have one simple shape: a typedef
 * or keyword type, pointers, a name (`const char *__restrict path`). The first cdef of a big
 * header runs in V8's interpreter, where every token the general parser handles costs calls
 * and allocations, so fast paths read that shape straight from the lexer's window and build
 * exactly what the general path would; anything else they leave to it, having consumed and
 * created nothing.
 */

import type { CallingConvention, CTypeId, Param } from "../ctype";
import { msg, QUAL_CONST, QUAL_RESTRICT, QUAL_VOLATILE, sizeOf } from "../ctype";
import { type Attrs, copyAttrs, isAttribute, parseAttributes } from "./attributes";
import { constSize, expr } from "./const-expr";
import type { Lexer } from "./lexer";
import type { Parser } from "./parser";
import { isWord } from "./scanner";
import { declSpec, readSimpleSpecifiers, STORAGE_REGISTER, simple, spellingToken } from "./specifiers";
import { KEYWORDS, T_ANDAND, T_CONST, T_EOF, T_IDENT, T_RESTRICT, T_STATIC, T_VOLATILE } from "./tokens";

export const MODE_ABSTRACT = 1;
export const MODE_DIRECT = 2;
export const MODE_FIELD = 4;

/** One derivation step of a declarator. */
export type DeclOp =
  | { readonly op: "ptr"; readonly qual: number }
  | { readonly op: "ref" }
  | { readonly op: "array"; readonly length: number | null; readonly flexible: boolean }
  | {
      readonly op: "func";
      readonly params: readonly Param[];
      readonly varargs: boolean;
      readonly convention: CallingConvention;
    };

/** A parsed declarator. */
export interface Declarator {
  name: string | undefined;
  /** Derivations to apply to the base type, in order. */
  ops: DeclOp[];
  /** Attributes (the specifiers' own object until the declarator adds some: read only). */
  attrs: Attrs;
  /** `attrs` is the declarator's own copy, which it may write. */
  ownAttrs: boolean;
  /** Bitfield width (FIELD mode only). */
  bits: number | undefined;
}

/** Parses a declarator in `mode`, starting from a copy of the specifiers' attributes. */
export function parseDeclarator(p: Parser, mode: number, specAttrs: Attrs): Declarator {
  const lx: Lexer = p.lx;
  if (lx.tok === 42 || (lx.tok === T_IDENT && mode & MODE_DIRECT)) {
    const d = simpleDeclarator(p, mode, specAttrs);
    if (d !== undefined) return d;
  }
  const d: Declarator = { name: undefined, ops: [], attrs: specAttrs, ownAttrs: false, bits: undefined };
  level(p, mode, d, d.ops);
  return d;
}

/**
 * The shape of most declarators, read straight from the lexer's window: pointers (each
 * maybe qualified), then a name, then `,` `)` or `;`: `p`, `*name`, `*const *`,
 * `*__restrict name`. Undefined, with nothing consumed, for anything else, which `level`
 * parses.
 */
function simpleDeclarator(p: Parser, mode: number, specAttrs: Attrs): Declarator | undefined {
  const lx: Lexer = p.lx;
  // `level` would enter one nesting level, which may be one too many.
  if (p.atMaxDepth()) return undefined;
  const sp = lx.window;
  const end = sp.length;
  let i = lx.ahead();
  let ops = NO_OPS;
  let s = lx.tok === 42 ? "*" : "";
  while (s === "*") {
    let qual = 0;
    for (;;) {
      if (i >= end) return undefined;
      s = sp[i++]!;
      if (!isWord(s)) break;
      const q = QUALIFIERS.get(s);
      if (q === undefined) break;
      qual |= q;
    }
    const op = qual === 0 ? PTR : { op: "ptr" as const, qual };
    if (ops === NO_OPS) ops = [op];
    else ops.push(op);
  }
  let name: string | undefined;
  if (ops === NO_OPS) {
    // The current token is the name.
    name = lx.str;
    if (i >= end) return undefined;
    s = sp[i++]!;
  } else if (isWord(s)) {
    if (!(mode & MODE_DIRECT) || KEYWORDS.has(s)) return undefined;
    name = s;
    if (i >= end) return undefined;
    s = sp[i++]!;
  } else if (!(mode & MODE_ABSTRACT)) {
    return undefined;
  }
  if (s !== "," && s !== ")" && s !== ";") return undefined;
  lx.skipTo(i - 1);
  return { name, ops, attrs: specAttrs, ownAttrs: false, bits: undefined };
}

/** The qualifier keywords, by spelling. */
const QUALIFIERS = new Map<string, number>();
for (const [word, tok] of KEYWORDS) {
  if (tok === T_CONST) QUALIFIERS.set(word, QUAL_CONST);
  else if (tok === T_VOLATILE) QUALIFIERS.set(word, QUAL_VOLATILE);
  else if (tok === T_RESTRICT) QUALIFIERS.set(word, QUAL_RESTRICT);
}

/**
 * The declarator's attributes, copied from the specifiers' first if need be (most
 * declarators add none, and share the specifiers' record).
 */
function ownAttrs(d: Declarator): Attrs {
  if (!d.ownAttrs) {
    d.attrs = copyAttrs(d.attrs);
    d.ownAttrs = true;
  }
  return d.attrs;
}

/**
 * One nesting level: pointers, then a name or `( inner )`, then suffixes. Appends this
 * level's derivations to `out`: its pointers, its suffixes right to left, then the inner
 * declarator's (parsed before the suffixes, so they are held back until the end).
 */
function level(p: Parser, mode: number, d: Declarator, out: DeclOp[]): void {
  const lx: Lexer = p.lx;
  p.enter();
  for (let tok = lx.tok; ; tok = lx.tok) {
    if (tok === 42) {
      // The pointer takes the qualifiers after it and those still pending before it (in
      // `( const * p )`), as in LuaJIT's cp_declarator; a reference drops them.
      lx.next();
      if (isAttribute(lx.tok) || (d.ownAttrs && d.attrs.qual !== 0)) {
        const a = ownAttrs(d);
        parseAttributes(p, a);
        out.push(a.qual === 0 ? PTR : { op: "ptr", qual: a.qual });
        a.qual = 0;
      } else {
        out.push(PTR);
      }
    } else if (tok === 38 || tok === T_ANDAND) {
      lx.next();
      if (d.ownAttrs) d.attrs.qual = 0;
      out.push(REF);
    } else {
      break;
    }
  }
  let inner: DeclOp[] | undefined;
  let suffixes: DeclOp[] | undefined;
  if (lx.tok === 40) {
    lx.next();
    if (isAttribute(lx.tok)) parseAttributes(p, ownAttrs(d));
    if (mode & MODE_ABSTRACT && (lx.at(41) || p.isTypeStart())) {
      suffixes = [funcSuffix(p, d)];
    } else {
      inner = [];
      level(p, mode, d, inner);
      lx.check(41);
    }
  } else if (lx.tok === T_IDENT) {
    if (!(mode & MODE_DIRECT)) lx.expected(T_EOF);
    d.name = lx.str;
    lx.next();
  } else if (!(mode & MODE_ABSTRACT)) {
    lx.expected(T_IDENT);
  }
  for (let tok = lx.tok; tok === 91 || tok === 40; tok = lx.tok) {
    lx.next();
    const s = tok === 91 ? arraySuffix(p, d) : funcSuffix(p, d);
    if (suffixes === undefined) suffixes = [s];
    else suffixes.push(s);
  }
  // A bitfield width may end any level, as in LuaJIT's cp_declarator (`int (x : 3);`), but
  // comes before attributes (gcc agrees: `int x __attribute__((packed)) : 3;` is an error).
  if (mode & MODE_FIELD && lx.opt(58)) d.bits = constSize(p);
  if (isAttribute(lx.tok)) parseAttributes(p, ownAttrs(d));
  if (d.ownAttrs) d.attrs.qual = 0;
  // A calling convention written after the parameter list applies to that function.
  const first = suffixes?.[0];
  if (d.attrs.convention !== undefined && first?.op === "func") {
    const a = ownAttrs(d);
    suffixes![0] = { ...first, convention: a.convention! };
    a.convention = undefined;
  }
  p.leave();
  if (suffixes !== undefined) for (let i = suffixes.length - 1; i >= 0; i--) out.push(suffixes[i]!);
  if (inner !== undefined) for (let i = 0; i < inner.length; i++) out.push(inner[i]!);
}

const REF: DeclOp = { op: "ref" };
const PTR: DeclOp = { op: "ptr", qual: 0 };
const NO_OPS: DeclOp[] = [];

/**
 * `[n]`, `[]`, `[?]`, `[expr]` (a non-constant size makes a VLA). The `[` is consumed. C99's
 * `[static n]` and `[const n]` of array parameters are accepted and mean `[n]`.
 */
function arraySuffix(p: Parser, d: Declarator): DeclOp {
  const lx: Lexer = p.lx;
  lx.opt(T_STATIC);
  if (isAttribute(lx.tok)) {
    const a = ownAttrs(d);
    parseAttributes(p, a);
    a.qual = 0;
  }
  let length: number | null = 0;
  const flexible = lx.tok === 93;
  if (lx.opt(63)) {
    length = null;
  } else if (!flexible) {
    const k = expr(p);
    const kind = p.reg.get(k.t).kind;
    if (kind !== "int" && kind !== "enum" && kind !== "bool") lx.fail(msg.badValue());
    if (!k.imm) length = null;
    else if (k.v >= 0x80000000) lx.fail(msg.sizeUnknown());
    else length = k.v;
  }
  lx.check(93);
  return { op: "array", length, flexible };
}

/** A parameter list; the `(` is consumed. `()` and `(void)` both mean no parameters. */
function funcSuffix(p: Parser, d: Declarator): DeclOp {
  const lx: Lexer = p.lx;
  const reg = p.reg;
  let convention: CallingConvention = "cdecl";
  if (d.attrs.convention !== undefined) {
    const a = ownAttrs(d);
    convention = a.convention!;
    a.convention = undefined;
  }
  const params: Param[] = [];
  let varargs = false;
  const scope = p.openParamScope();
  if (lx.tok !== 41) {
    do {
      // `...` is three `.` tokens, as in LuaJIT (whose lexer has no ellipsis: `. . .` will do).
      if (lx.opt(46)) {
        lx.check(46);
        lx.check(46);
        varargs = true;
        break;
      }
      const simpleKind = simpleParam(p, params);
      if (simpleKind === PARAM_ADDED) continue;
      if (simpleKind === PARAM_VOID) break;
      const spec = declSpec(p, STORAGE_REGISTER);
      const pd = parseDeclarator(p, MODE_DIRECT | MODE_ABSTRACT, spec.attrs);
      let t = buildType(p, spec.base, pd, spec.funcQual);
      const r = reg.get(t);
      if (r.kind === "void") break;
      // Array parameters decay to pointers, function parameters to function pointers.
      if (r.kind === "array") t = reg.pointer(r.elem);
      else if (r.kind === "func") t = reg.pointer(t);
      params.push({ name: pd.name, type: t });
      if (pd.name !== undefined) p.addParamName(pd.name);
    } while (lx.opt(44));
  }
  p.closeParamScope(scope);
  lx.check(41);
  if (lx.opt(123)) skipBody(lx);
  return { op: "func", params, varargs, convention };
}

/**
 * Skips a function body, its `{` consumed, as LuaJIT's cp_decl_func does after any parameter
 * list: the matching `}` stands for a `;`, which ends the declaration.
 */
function skipBody(lx: Lexer): void {
  lx.skipping = true;
  for (let depth = 1; ; lx.next()) {
    if (lx.tok === 123) depth++;
    else if (lx.tok === 125 && --depth === 0) break;
    else if (lx.tok === T_EOF) lx.expected(125);
  }
  lx.skipping = false;
  lx.tok = 59;
}

/**
 * Reads the shape of most parameters and members from the lexer's window, consuming nothing:
 * qualifiers and a typedef name or basic type keywords, then pointers (each maybe qualified)
 * and maybe a name: `int fd`, `const char *__restrict path`, `unsigned long n`, `WINDOW *`. Returns
 * the index in the window of the token after it (the caller checks `simple.next`), or -1 for
 * any other shape.
 */
function readSimpleDeclaration(p: Parser): number {
  // `level` would enter one nesting level, which may be one too many.
  if (p.atMaxDepth()) return -1;
  // No storage class: a `static` member or `register` parameter is for the general path.
  let i = readSimpleSpecifiers(p, 0);
  if (i < 0) return -1;
  const sp = p.lx.window;
  const end = sp.length;
  let tok = simple.next;
  let word = sp[i++]!;
  let pointers = 0;
  let pointerQuals = 0;
  while (tok === 42) {
    if (pointers === 8) return -1;
    let q = 0;
    for (;;) {
      if (i >= end) return -1;
      word = sp[i++]!;
      tok = spellingToken(word);
      if (tok < T_CONST || tok > T_RESTRICT) break;
      q |= 1 << (tok - T_CONST);
    }
    pointerQuals |= q << (3 * pointers++);
  }
  let name: string | undefined;
  if (tok === T_IDENT) {
    name = word;
    if (i >= end) return -1;
    tok = spellingToken(sp[i++]!);
  }
  simple.pointers = pointers;
  simple.pointerQuals = pointerQuals;
  simple.name = name;
  simple.next = tok;
  return i - 1;
}

/**
 * The type of what `readSimpleDeclaration` read, as `declSpec` and `buildType` intern it;
 * -1 for what it leaves to the general path: a pointer to a reference, which is an error
 * `buildType` reports, and a qualified function type (DeclSpec.funcQual).
 */
function simpleType(p: Parser): CTypeId {
  const reg = p.reg;
  const { base, qual, pointers, pointerQuals } = simple;
  if (qual !== 0 && reg.get(base).kind === "func") return -1;
  let t = qual === 0 ? base : reg.withQual(base, reg.get(base).qual | qual);
  if (pointers === 0) return t;
  if (reg.get(t).kind === "ref") return -1;
  for (let k = 0; k < pointers; k++) t = reg.pointer(t, (pointerQuals >> (3 * k)) & 7);
  return t;
}

// What `simpleParam` did.
const PARAM_NONE = 0;
const PARAM_ADDED = 1;
/** A `void` parameter (as in `(void)`), which ends the list. */
const PARAM_VOID = 2;

/**
 * A parameter of the simple shape, up to `,` or `)`: adds it as `declSpec`,
 * `parseDeclarator` and `buildType` would (PARAM_ADDED), or reads a `void` one (PARAM_VOID);
 * PARAM_NONE, with nothing consumed, for anything else.
 */
function simpleParam(p: Parser, params: Param[]): number {
  const at = readSimpleDeclaration(p);
  if (at < 0 || (simple.next !== 44 && simple.next !== 41)) return PARAM_NONE;
  const reg = p.reg;
  const name = simple.name;
  let t = simpleType(p);
  if (t < 0) return PARAM_NONE;
  const r = reg.get(t);
  if (r.kind === "void") {
    p.lx.skipTo(at);
    return PARAM_VOID;
  }
  // Array parameters decay to pointers, function parameters to function pointers.
  if (r.kind === "array") t = reg.pointer(r.elem);
  else if (r.kind === "func") t = reg.pointer(t);
  p.lx.skipTo(at);
  params.push({ name, type: t });
  if (name !== undefined) p.addParamName(name);
  return PARAM_ADDED;
}

/**
 * A struct/union member of the simple shape with a name, up to `;`: returns its type with
 * `simple.name`, and consumes it and the `;`; -1, with nothing consumed, for anything else.
 */
export function simpleMember(p: Parser): CTypeId {
  const at = readSimpleDeclaration(p);
  if (at < 0 || simple.next !== 59 || simple.name === undefined) return -1;
  const t = simpleType(p);
  if (t < 0) return -1;
  const r = p.reg.get(t);
  // A trailing VLA or flexible array ends the body: the general path checks that.
  if (r.kind === "array" && (r.length === null || r.flexible)) return -1;
  p.lx.skipTo(at + 1);
  return t;
}

/** The name of the member `simpleMember` just read. */
export function simpleMemberName(): string {
  return simple.name!;
}

/**
 * Applies a declarator to a base type and interns the result; `funcQual` qualifies the
 * first pointer made of a function base (DeclSpec.funcQual).
 */
export function buildType(p: Parser, base: CTypeId, d: Declarator, funcQual = 0): CTypeId {
  const reg = p.reg;
  const lx: Lexer = p.lx;
  const a = d.attrs;
  let t = a.mode === undefined && a.vectorSize === undefined ? base : machineMode(p, base, a);
  const ops = d.ops;
  for (let i = 0; i < ops.length; i++) {
    const o = ops[i]!;
    const r = reg.get(t);
    switch (o.op) {
      case "ptr":
        if (r.kind === "ref") lx.fail(msg.invalidType());
        t = reg.pointer(t, i === 0 ? o.qual | funcQual : o.qual);
        break;
      case "ref":
        if (r.kind === "ref") lx.fail(msg.invalidType());
        t = reg.reference(t);
        break;
      case "array": {
        if (r.kind === "ref") lx.fail(msg.invalidType());
        const elem = sizeOf(reg, t);
        if (elem === undefined) lx.fail(msg.sizeUnknown());
        if (o.length !== null && elem * o.length >= 0x80000000) lx.fail(msg.sizeUnknown());
        t = reg.array(t, o.length, o.flexible);
        break;
      }
      case "func":
        if (r.kind === "func" || r.kind === "array") lx.fail(msg.invalidType());
        t = reg.func(t, o.params, o.varargs, o.convention);
        break;
    }
  }
  return t;
}

/** GCC's `mode(...)` and `vector_size(n)`: resize a scalar base type or make it a vector. */
function machineMode(p: Parser, base: CTypeId, a: Attrs): CTypeId {
  const reg = p.reg;
  const r = reg.get(base);
  if (r.kind !== "int" && r.kind !== "float") return base;
  let t = base;
  let lanes = 0;
  if (a.mode !== undefined) {
    let mode = a.mode;
    const vec = /^V(\d+)(.*)$/.exec(mode);
    if (vec) {
      lanes = Number(vec[1]);
      mode = vec[2]!;
    }
    const size = MODE_SIZES[mode];
    if (size !== undefined) {
      if (mode.endsWith("F")) {
        if (size === 4) t = reg.ids.float;
        else if (size === 8) t = reg.ids.double;
        else if (size === 16) t = reg.ids.longDouble;
        else p.lx.fail(msg.invalidType());
      } else if (r.kind === "int") {
        if (size !== 1 && size !== 2 && size !== 4 && size !== 8) p.lx.fail(msg.invalidType());
        t = reg.integer(size, r.unsigned);
      }
      t = reg.withQual(t, r.qual);
    }
  }
  const elemSize = sizeOf(reg, t) ?? 1;
  const vsize = a.vectorSize ?? (lanes > 0 ? lanes * elemSize : undefined);
  if (vsize === undefined) return t;
  if (vsize < elemSize || vsize % elemSize !== 0 || (vsize & (vsize - 1)) !== 0) p.lx.fail(msg.invalidType());
  return reg.vector(t, vsize);
}

/** Sizes of GCC machine modes (integer `QI`..`TI`, float `SF`..`TF`, and the named ones). */
const MODE_SIZES: Record<string, number> = {
  QI: 1,
  HI: 2,
  SI: 4,
  DI: 8,
  TI: 16,
  // 128- and 256-bit integers have no type of ours (LuaJIT's int128_t/int256_t are opaque):
  // TI and OI are refused as invalid rather than ignored, which would leave a 4-byte int.
  OI: 32,
  SF: 4,
  DF: 8,
  XF: 16,
  TF: 16,
  byte: 1,
  word: 8,
  pointer: 8,
  unwind_word: 8,
  libgcc_cmp_return: 8,
};
