/*
 * Qualifiers, GCC `__attribute__((...))`, MSVC `__declspec(...)`, calling-convention
 * keywords and `asm("symbol")` redirects (lj_cparse.c cp_decl_attributes and friends).
 *
 * These can appear almost anywhere in a declaration, so every place that may hold them calls
 * `parseAttributes`, which accumulates into one Attrs record owned by the declaration being
 * parsed; the caller decides what the collected qualifiers apply to. Attributes we have no
 * use for are skipped with their argument list, as LuaJIT skips them (to the first `)`).
 */

import type { CallingConvention } from "../ctype";
import { QUAL_CONST, QUAL_RESTRICT, QUAL_VOLATILE } from "../ctype";
import { constSize } from "./const-expr";
import type { Lexer } from "./lexer";
import type { Parser } from "./parser";
import { isInteger, isWord } from "./scanner";
import {
  T_ASM,
  T_ATTRIBUTE,
  T_CDECL,
  T_CONST,
  T_DECLSPEC,
  T_EOF,
  T_EXTENSION,
  T_FASTCALL,
  T_FIRST_ATTR,
  T_FIRST_DECL,
  T_IDENT,
  T_LAST_ATTR,
  T_PTRSZ,
  T_RESTRICT,
  T_STDCALL,
  T_STRING,
  T_THISCALL,
  T_VOLATILE,
} from "./tokens";

/** What the attributes and qualifiers of one declaration (or declarator) said. */
export interface Attrs {
  /** QUAL_* bits seen since the caller last cleared them. */
  qual: number;
  packed: boolean;
  /** `aligned(n)` / `__declspec(align(n))`, in bytes. */
  align: number | undefined;
  /** GCC machine mode (`mode(DI)`, `mode(__word__)`), without underscores. */
  mode: string | undefined;
  /** `vector_size(n)`, in bytes. */
  vectorSize: number | undefined;
  convention: CallingConvention | undefined;
  /** `asm("sym")`: the symbol a function or variable binds to. */
  redirect: string | undefined;
}

/** Fresh, empty attributes. */
export function newAttrs(): Attrs {
  return new AttrRecord(0, false, undefined, undefined, undefined, undefined, undefined);
}

/** A copy for one declarator, inheriting everything its declaration specifiers said. */
export function copyAttrs(a: Attrs): Attrs {
  return new AttrRecord(0, a.packed, a.align, a.mode, a.vectorSize, a.convention, a.redirect);
}

/** One shape for every Attrs, so the parser's property accesses stay monomorphic. */
class AttrRecord implements Attrs {
  constructor(
    public qual: number,
    public packed: boolean,
    public align: number | undefined,
    public mode: string | undefined,
    public vectorSize: number | undefined,
    public convention: CallingConvention | undefined,
    public redirect: string | undefined,
  ) {}
}

/**
 * The attributes of specifiers that had none (most of them), shared. Never written:
 * declarators copy their specifiers' attributes before adding their own.
 */
export const NO_ATTRS: Attrs = Object.freeze(newAttrs());

/** Can `tok` start a qualifier or attribute? (Callers test it first: most places have none.) */
export function isAttribute(tok: number): boolean {
  return tok >= T_FIRST_ATTR && tok <= T_LAST_ATTR;
}

/** Consumes any run of qualifiers and attributes into `a`. */
export function parseAttributes(p: Parser, a: Attrs): void {
  const lx: Lexer = p.lx;
  while (lx.tok >= T_FIRST_ATTR && lx.tok <= T_LAST_ATTR) {
    switch (lx.tok) {
      case T_CONST:
        a.qual |= QUAL_CONST;
        break;
      case T_VOLATILE:
        a.qual |= QUAL_VOLATILE;
        break;
      case T_RESTRICT:
        a.qual |= QUAL_RESTRICT;
        break;
      case T_EXTENSION:
      case T_PTRSZ:
        break;
      case T_CDECL:
        a.convention = "cdecl";
        break;
      case T_THISCALL:
        a.convention = "thiscall";
        break;
      case T_FASTCALL:
        a.convention = "fastcall";
        break;
      case T_STDCALL:
        a.convention = "stdcall";
        break;
      case T_ATTRIBUTE:
        if (!skipInertAttribute(lx)) gccAttribute(p, a);
        continue;
      case T_DECLSPEC:
        msvcAttribute(p, a);
        continue;
      case T_ASM:
        asmRedirect(p, a);
        continue;
    }
    lx.next();
  }
}

// The GCC attributes that mean something here; every other one is skipped.
const A_ALIGNED = 1;
const A_PACKED = 2;
const A_MODE = 3;
const A_VECTOR_SIZE = 4;
const A_CONVENTION = 5;

/**
 * Attribute names to their meaning, each spelled both ways GCC accepts (`packed`,
 * `__packed__`), so the name is looked up as written, without slicing the underscores off.
 */
const GCC_ATTRIBUTES = new Map<string, number>();
for (const [name, code] of [
  ["aligned", A_ALIGNED],
  ["packed", A_PACKED],
  ["mode", A_MODE],
  ["vector_size", A_VECTOR_SIZE],
  ["cdecl", A_CONVENTION],
  ["stdcall", A_CONVENTION],
  ["fastcall", A_CONVENTION],
  ["thiscall", A_CONVENTION],
] as const) {
  GCC_ATTRIBUTES.set(name, code);
  GCC_ATTRIBUTES.set(`__${name}__`, code);
}

/**
 * Skips `__attribute__((...))` (the current token) in one pass over the lexer's window when
 * it holds only attributes that mean nothing here, with arguments made of words, one-character
 * punctuation and well-formed numbers: `__attribute__ ((__nothrow__ , __leaf__))`,
 * `__nonnull__ (1, 2)`. These follow most prototypes in system headers. False, with nothing
 * consumed, when `gccAttribute` has to read it.
 */
function skipInertAttribute(lx: Lexer): boolean {
  const sp = lx.window;
  const end = sp.length;
  let i = lx.ahead();
  if (i + 1 >= end || sp[i] !== "(" || sp[i + 1] !== "(") return false;
  i += 2;
  for (;;) {
    if (i >= end) return false;
    const name = sp[i]!;
    if (!isWord(name)) break;
    if (GCC_ATTRIBUTES.has(name)) return false;
    i++;
    if (i < end && sp[i] === "(") {
      // Arguments up to the first `)` (see skipArguments); one with a `(` inside is for it.
      for (i++; ; i++) {
        if (i >= end) return false;
        const s = sp[i]!;
        if (s === ")") break;
        if (s === "(" || !(isWord(s) || isInteger(s) || (s.length === 1 && isPunctuation(s.charCodeAt(0)))))
          return false;
      }
      i++;
    }
    if (i >= end || sp[i] !== ",") break;
    i++;
  }
  if (i + 1 >= end || sp[i] !== ")" || sp[i + 1] !== ")") return false;
  lx.skipTo(i + 2);
  return true;
}

/** One-character tokens a fast path may skip: not a line break, `#`, `$`, a quote or NUL. */
function isPunctuation(c: number): boolean {
  return c > 32 && c !== 35 && c !== 36 && c !== 34 && c !== 39;
}

/** `__attribute__((name, name(args), ...))`. */
function gccAttribute(p: Parser, a: Attrs): void {
  const lx: Lexer = p.lx;
  lx.next();
  lx.check(40);
  lx.check(40);
  while (lx.tok === T_IDENT || lx.tok >= T_FIRST_DECL) {
    const name = lx.str;
    lx.next();
    switch (GCC_ATTRIBUTES.get(name)) {
      case A_ALIGNED:
        a.align = lx.tok === 40 ? alignment(p) : 16;
        break;
      case A_PACKED:
        a.packed = true;
        break;
      case A_MODE:
        lx.check(40);
        if (lx.tok === T_IDENT) {
          a.mode = bareName(lx.str);
          lx.next();
        }
        lx.check(41);
        break;
      case A_VECTOR_SIZE:
        a.vectorSize = sizeArgument(p);
        break;
      case A_CONVENTION:
        // (LuaJIT on x64 knows no conventions here, and skips their arguments as any other's)
        a.convention = bareName(name) as CallingConvention;
        if (lx.tok === 40) skipArguments(p);
        break;
      default:
        if (lx.tok === 40) skipArguments(p);
    }
    if (lx.tok !== 44) break;
    lx.next();
  }
  lx.check(41);
  lx.check(41);
}

/** `__declspec(align(n) other(...) ...)`. */
function msvcAttribute(p: Parser, a: Attrs): void {
  const lx: Lexer = p.lx;
  lx.next();
  lx.check(40);
  while (lx.tok === T_IDENT) {
    const name = lx.str;
    lx.next();
    if (name === "align") a.align = lx.at(40) ? alignment(p) : 16;
    else if (lx.at(40)) skipArguments(p);
  }
  lx.check(41);
}

/** `asm("sym")`, `__asm__("" "sym")`: adjacent strings concatenate. */
function asmRedirect(p: Parser, a: Attrs): void {
  const lx: Lexer = p.lx;
  lx.next();
  lx.check(40);
  if (lx.tok === T_STRING) {
    let sym = "";
    while (lx.tok === T_STRING) {
      sym += lx.str;
      lx.next();
    }
    a.redirect = sym;
  }
  lx.check(41);
}

/** `(n)` of an alignment: a power of two (LuaJIT rounds anything else down to one). */
function alignment(p: Parser): number {
  const n = sizeArgument(p);
  return n === 0 ? 1 : 2 ** Math.floor(Math.log2(n));
}

function sizeArgument(p: Parser): number {
  p.lx.check(40);
  const n = constSize(p);
  p.lx.check(41);
  return n;
}

/** Skips `( ... )` after an attribute name, the `(` being the current token, as LuaJIT does. */
function skipArguments(p: Parser): void {
  const lx: Lexer = p.lx;
  lx.next();
  // Up to the first `)`, as LuaJIT skips them: parentheses do not nest here.
  while (lx.tok !== 41 && lx.tok !== T_EOF) lx.next();
  lx.check(41);
}

/** `__packed__` -> `packed`: GCC accepts every attribute name with or without the underscores. */
function bareName(s: string): string {
  return s.length > 4 && s.startsWith("__") && s.endsWith("__") ? s.slice(2, -2) : s;
}
