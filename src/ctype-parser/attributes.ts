/*
 * Qualifiers, GCC `__attribute__((...))`, MSVC `__declspec(...)`, calling-convention
 * keywords and `asm("symbol")` redirects (lj_cparse.c cp_decl_attributes and friends).
 *
 * These can appear almost anywhere in a declaration, so every place that may hold them calls
 * `parseAttributes`, which accumulates into one Attrs record owned by the declaration being
 * parsed; the caller decides what the collected qualifiers apply to. Attributes we have no
 * use for are skipped with their balanced argument list, as LuaJIT skips them.
 */

import type { CallingConvention } from "../ctype";
import { QUAL_CONST, QUAL_RESTRICT, QUAL_VOLATILE } from "../ctype";
import { constSize } from "./const-expr";
import type { Lexer } from "./lexer";
import type { Parser } from "./parser";
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
        gccAttribute(p, a);
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

/** `__attribute__((name, name(args), ...))`. */
function gccAttribute(p: Parser, a: Attrs): void {
  const lx: Lexer = p.lx;
  lx.next();
  lx.check(40);
  lx.check(40);
  while (lx.tok === T_IDENT || lx.tok >= T_FIRST_DECL) {
    const name = bareName(lx.str);
    lx.next();
    switch (name) {
      case "aligned":
        a.align = lx.tok === 40 ? alignment(p) : 16;
        break;
      case "packed":
        a.packed = true;
        break;
      case "mode":
        lx.check(40);
        if (lx.tok === T_IDENT) {
          a.mode = bareName(lx.str);
          lx.next();
        }
        lx.check(41);
        break;
      case "vector_size":
        a.vectorSize = sizeArgument(p);
        break;
      case "cdecl":
      case "stdcall":
      case "fastcall":
      case "thiscall":
        a.convention = name;
        break;
      default:
        skipArguments(p);
    }
    if (!lx.opt(44)) break;
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
    else skipArguments(p);
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

/** Skips a balanced `( ... )` after an attribute name, if there is one. */
function skipArguments(p: Parser): void {
  const lx: Lexer = p.lx;
  if (!lx.opt(40)) return;
  let depth = 1;
  for (;;) {
    if (lx.tok === T_EOF) lx.expected(41);
    if (lx.tok === 40) depth++;
    else if (lx.tok === 41 && --depth === 0) break;
    lx.next();
  }
  lx.next();
}

/** `__packed__` -> `packed`: GCC accepts every attribute name with or without the underscores. */
function bareName(s: string): string {
  return s.length > 4 && s.startsWith("__") && s.endsWith("__") ? s.slice(2, -2) : s;
}
