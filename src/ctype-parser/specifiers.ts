/*
 * Declaration specifiers: the base type and storage class at the start of a declaration
 * (lj_cparse.c cp_decl_spec), in any order C allows: `unsigned long long int`,
 * `long unsigned`, `const char`, `char const`, `static inline`, `__extension__ typedef`.
 *
 * Basic type keywords are collected as flags and resolved once the specifiers end. As in
 * LuaJIT, once a type has been seen (a sized keyword such as `int`, a modifier such as
 * `long`, a typedef name, a struct), a following identifier is the declarator's name even
 * if it is also a typedef name, so typedef names can be redeclared as ordinary names.
 */

import type { CTypeId } from "../ctype";
import { msg, QUAL_CONST, QUAL_VOLATILE, sizeOf } from "../ctype";
import { type Attrs, NO_ATTRS, newAttrs, parseAttributes } from "./attributes";
import type { Lexer } from "./lexer";
import type { Parser } from "./parser";
import { isWord } from "./scanner";
import { enumSpecifier, structSpecifier } from "./tagged-types";
import {
  KEYWORDS,
  T_COMPLEX,
  T_CONST,
  T_ENUM,
  T_FIRST_ATTR,
  T_FIRST_DECL,
  T_IDENT,
  T_INLINE,
  T_LAST_ATTR,
  T_LAST_DECL,
  T_REGISTER,
  T_RESTRICT,
  T_STRUCT,
  T_THREAD,
  T_TYPEDEF,
  T_TYPEPARAM,
  T_UNION,
  T_UNSIGNED,
  T_VOID,
} from "./tokens";

// Storage class bits: 1 << (token - T_TYPEDEF).
export const STORAGE_TYPEDEF = 1;
export const STORAGE_EXTERN = 2;
export const STORAGE_STATIC = 4;
export const STORAGE_REGISTER = 16;

/** What the specifiers of a declaration said. */
export interface DeclSpec {
  /** The base type, qualifiers applied (but see funcQual). */
  base: CTypeId;
  /**
   * Qualifiers written on a function type (`const F *p` with `typedef int F(void)`): C has
   * no qualified function types, and LuaJIT (cp_push_type leaves them pending) puts them on
   * the first pointer the declarator makes of the function, or drops them if there is none:
   * `p` is `int (*const)()`. The base stays unqualified. (LuaJIT ignores restrict.)
   */
  funcQual: number;
  /** STORAGE_* bits. */
  storage: number;
  attrs: Attrs;
  /** The specifiers named or defined a struct/union/enum (so `struct foo;` declares nothing else). */
  tagged: boolean;
  /** They defined a struct/union body without a tag: a transparent member when unnamed. */
  anonymousBody: boolean;
  /** They defined an enum body (its constants become scoped constants of an enclosing struct). */
  enumBody: boolean;
}

// Basic type flags.
const F_VOID = 1;
export const F_BOOL = 2;
const F_CHAR = 4;
const F_INT = 8;
const F_FLOAT = 16;
const F_DOUBLE = 32;
const F_SHORT = 64;
export const F_LONG = 128;
export const F_LONGLONG = 256;
const F_COMPLEX = 512;

/** GCC's interchange float keywords, predefined typedefs to us (Registry.seedBuiltins). */
const GCC_FLOAT_KEYWORDS = new Set([
  "_Float32",
  "_Float64",
  "_Float32x",
  "_Float64x",
  "_Float128",
  "__float128",
]);
const F_SIGNED = 1024;
const F_UNSIGNED = 2048;
/** Flags after which an identifier is a name, not a typedef. */
const F_MODIFIERS = F_SHORT | F_LONG | F_SIGNED | F_UNSIGNED | F_COMPLEX;

/** Parses declaration specifiers; storage classes outside `allowed` are an error. */
export function declSpec(p: Parser, allowed: number): DeclSpec {
  const lx: Lexer = p.lx;
  const reg = p.reg;
  const at = readSimpleSpecifiers(p, allowed);
  if (at >= 0) {
    lx.skipTo(at);
    const { base, qual } = simple;
    const func = qual !== 0 && reg.get(base).kind === "func";
    return {
      base: qual === 0 || func ? base : reg.withQual(base, reg.get(base).qual | qual),
      funcQual: func ? qual & (QUAL_CONST | QUAL_VOLATILE) : 0,
      storage: simple.storage,
      attrs: NO_ATTRS,
      tagged: false,
      anonymousBody: false,
      enumBody: false,
    };
  }
  // Allocated at the first attribute other than a qualifier, which most specifiers lack.
  let attrs: Attrs | undefined;
  let qual = 0;
  const spec: DeclSpec = {
    base: reg.ids.int,
    funcQual: 0,
    storage: 0,
    attrs: NO_ATTRS,
    tagged: false,
    anonymousBody: false,
    enumBody: false,
  };
  let flags = 0;
  /** Size of an explicitly sized keyword (`int` 4, `__int64` 8, `char` 1), 0 if none yet. */
  let size = 0;
  let tdef: CTypeId | undefined;
  for (;;) {
    let tok = lx.tok;
    if (tok >= T_FIRST_ATTR && tok <= T_LAST_ATTR) {
      if (tok <= T_RESTRICT) {
        // T_CONST, T_VOLATILE, T_RESTRICT: QUAL_CONST, QUAL_VOLATILE, QUAL_RESTRICT.
        qual |= 1 << (tok - T_CONST);
        lx.next();
        continue;
      }
      attrs ??= newAttrs();
      parseAttributes(p, attrs);
      tok = lx.tok;
    }
    if (tok >= T_VOID && tok <= T_UNSIGNED) {
      if (tdef !== undefined) {
        // LuaJIT's cp_decl_spec notes the keyword before it stops there, and `complex` then
        // makes the type complex: `struct s complex` is `complex`, the token left unread.
        if (tok === T_COMPLEX) tdef = reg.ids.complexDouble;
        break;
      }
      const sz = KEYWORD_SIZE[tok - T_VOID]!;
      if (sz !== 0) {
        if (size !== 0) break;
        size = sz;
      }
      const bit = KEYWORD_FLAG[tok - T_VOID]!;
      flags |= bit === F_LONG && flags & F_LONG ? F_LONGLONG : bit;
      lx.next();
      continue;
    }
    if (tok === T_INLINE || tok === T_THREAD) {
      // (after a typedef name or tag LuaJIT ends the specifiers at `inline`, as at a type keyword)
      if (tdef !== undefined && tok === T_INLINE) break;
      lx.next();
      continue;
    }
    if (tok >= T_TYPEDEF && tok <= T_REGISTER) {
      const storage = 1 << (tok - T_TYPEDEF);
      if (!(allowed & storage)) lx.raise(msg.badStorageClass());
      spec.storage |= storage;
      lx.next();
      continue;
    }
    if (tok === T_IDENT && flags === F_COMPLEX && size === 0 && tdef === undefined) {
      // gcc's `_Complex _Float32` (glibc's complex.h with _GNU_SOURCE): _FloatN are keywords
      // to gcc and typedefs of float, double or long double to us
      const part = GCC_FLOAT_KEYWORDS.has(lx.str) ? reg.typedef(lx.str) : undefined;
      if (part !== undefined) {
        const size = sizeOf(reg, part);
        tdef =
          size === 4 ? reg.ids.complexFloat : size === 8 ? reg.ids.complexDouble : reg.ids.complexLongDouble;
        flags = 0;
        lx.next();
        continue;
      }
    }
    if (size !== 0 || tdef !== undefined || flags & F_MODIFIERS) break;
    if (tok === T_STRUCT || tok === T_UNION) {
      attrs ??= newAttrs();
      tdef = structSpecifier(p, attrs, tok === T_UNION, spec);
      continue;
    }
    if (tok === T_ENUM) {
      attrs ??= newAttrs();
      tdef = enumSpecifier(p, attrs, spec);
      continue;
    }
    if (tok === T_IDENT) {
      const id = reg.typedef(lx.str);
      if (id === undefined) break;
      tdef = id;
      lx.next();
      continue;
    }
    if (tok === T_TYPEPARAM) {
      tdef = lx.typeParam;
      lx.next();
      continue;
    }
    break;
  }
  const base = tdef ?? basicType(p, flags, size);
  if (attrs !== undefined) {
    qual |= attrs.qual;
    attrs.qual = 0;
    spec.attrs = attrs;
  }
  if (qual !== 0 && reg.get(base).kind === "func") {
    spec.base = base;
    spec.funcQual = qual & (QUAL_CONST | QUAL_VOLATILE);
  } else {
    spec.base = qual === 0 ? base : reg.withQual(base, reg.get(base).qual | qual);
  }
  return spec;
}

// -- Fast path ------------------------------------------------------------------------

/**
 * The parts of a declaration of the simple shape the fast paths read (`readSimpleSpecifiers`
 * here, then the declarator's pointers and name): one record, reused, so they allocate nothing.
 */
export const simple = {
  /** The typedef or keyword type, and the qualifiers and storage classes written with it. */
  base: 0,
  qual: 0,
  storage: 0,
  /** Number of pointers, and their qualifiers: 3 bits each, the first pointer lowest. */
  pointers: 0,
  pointerQuals: 0,
  name: undefined as string | undefined,
  /** The token after what was read (`,` is 44), as `spellingToken` tells it. */
  next: -1,
};

/**
 * Reads the specifiers most declarations have from the lexer's window, consuming nothing:
 * storage classes in `allowed`, qualifiers, and a typedef name or basic type keywords
 * (`extern const char`, `unsigned long int`, `size_t`). Returns the index in the window of
 * the token after them, which `declSpec` would stop at (in `simple.next`), with the parts in
 * `simple`; -1 for anything `declSpec` has to read (attributes, tagged types, `$`, `inline`,
 * a storage class not allowed, an unknown name, combinations it rejects).
 */
export function readSimpleSpecifiers(p: Parser, allowed: number): number {
  const lx: Lexer = p.lx;
  const sp = lx.window;
  const end = sp.length;
  let i = lx.ahead();
  let tok = lx.tok;
  let word = lx.str;
  let qual = 0;
  let storage = 0;
  let tdef = -1;
  // Basic type keywords as `declSpec` collects them.
  let flags = 0;
  let size = 0;
  for (;;) {
    if (tok === T_IDENT) {
      // (`_Complex _Float32` is for declSpec)
      if (flags === F_COMPLEX && GCC_FLOAT_KEYWORDS.has(word)) return -1;
      if (tdef >= 0 || flags !== 0) break;
      const id = p.reg.typedef(word);
      if (id === undefined) return -1;
      tdef = id;
    } else if (tok >= T_CONST && tok <= T_RESTRICT) {
      qual |= 1 << (tok - T_CONST);
    } else if (tok >= T_VOID && tok <= T_UNSIGNED) {
      // After a typedef name, or a second sized keyword (`int char`): for declSpec.
      if (tdef >= 0) return -1;
      const sz = KEYWORD_SIZE[tok - T_VOID]!;
      if (sz !== 0) {
        if (size !== 0) return -1;
        size = sz;
      }
      const bit = KEYWORD_FLAG[tok - T_VOID]!;
      flags |= bit === F_LONG && flags & F_LONG ? F_LONGLONG : bit;
    } else if (tok >= T_TYPEDEF && tok <= T_REGISTER) {
      const bit = 1 << (tok - T_TYPEDEF);
      if (!(allowed & bit)) return -1;
      storage |= bit;
    } else if ((tok >= T_FIRST_DECL && tok <= T_LAST_DECL) || tok === T_TYPEPARAM || skippedByLexer(word)) {
      return -1;
    } else {
      break;
    }
    if (i >= end) return -1;
    word = sp[i++]!;
    tok = spellingToken(word);
  }
  // `_Bool` combined with anything may be an error: declSpec reports it.
  if (flags & F_BOOL && flags !== F_BOOL) return -1;
  const base = tdef >= 0 ? tdef : flags !== 0 ? p.basicTypeOf(flags, size) : -1;
  // The stop must be a token of the window: with no specifiers, declSpec reports the error.
  if (base < 0) return -1;
  simple.base = base;
  simple.qual = qual;
  simple.storage = storage;
  simple.next = tok;
  return i - 1;
}

/**
 * Whether `next` passes over a spelling rather than stopping at it: a line break, a comment,
 * a continued line, NUL. The specifiers may go on after it, so it is no place to stop.
 */
function skippedByLexer(s: string): boolean {
  const c = s.charCodeAt(0);
  return c === 10 || c === 13 || c === 0 || ((c === 47 || c === 92) && s.length > 1);
}

/**
 * The token a spelling in the lexer's window stands for, as far as the fast paths tell them
 * apart: identifiers and keywords, `*`, `,`, `)`, `;`; -1 for anything else.
 */
export function spellingToken(s: string): number {
  if (isWord(s)) return KEYWORDS.get(s) ?? T_IDENT;
  return s === "*" ? 42 : s === "," ? 44 : s === ")" ? 41 : s === ";" ? 59 : -1;
}

/** Resolves basic type keyword flags to a builtin type. */
export function basicType(p: Parser, flags: number, size: number): CTypeId {
  const ids = p.reg.ids;
  const unsigned = (flags & F_UNSIGNED) !== 0;
  if (flags & F_COMPLEX) {
    // As LuaJIT: complex float when a 4-byte keyword came with it (`float`, `int`), else
    // complex double; but `long double complex` is gcc's 32-byte complex long double.
    if (size === 4) return ids.complexFloat;
    return flags & F_LONG && flags & F_DOUBLE ? ids.complexLongDouble : ids.complexDouble;
  }
  if (flags & F_VOID) return ids.void;
  if (flags & F_BOOL) {
    if (flags & ~(F_BOOL | F_INT | F_SIGNED | F_UNSIGNED)) p.lx.fail(msg.invalidType());
    return ids.bool;
  }
  // `long float` is `long double`, as in LuaJIT (gcc refuses it).
  if (flags & F_FLOAT) return flags & F_LONG ? ids.longDouble : ids.float;
  if (flags & F_DOUBLE) return flags & F_LONG ? ids.longDouble : ids.double;
  if (flags & F_CHAR) return unsigned ? ids.uchar : ids.char;
  if (flags & F_SHORT) return unsigned ? ids.ushort : ids.short;
  if (flags & (F_LONG | F_LONGLONG)) return unsigned ? ids.uint64 : ids.int64;
  if (size === 0 && !(flags & (F_SIGNED | F_UNSIGNED))) p.lx.raise(msg.declSpecExpected());
  return p.reg.integer(size === 0 ? 4 : (size as 1 | 2 | 4 | 8), unsigned);
}

// Indexed by token - T_VOID, for T_VOID .. T_UNSIGNED.
export const KEYWORD_SIZE = [
  -1, // void
  1, // bool
  1, // char
  4, // int
  1, // __int8
  2, // __int16
  4, // __int32
  8, // __int64
  4, // float
  8, // double
  0, // long
  0, // short
  0, // complex
  0, // signed
  0, // unsigned
];
export const KEYWORD_FLAG = [
  F_VOID,
  F_BOOL,
  F_CHAR,
  F_INT,
  F_INT,
  F_INT,
  F_INT,
  F_INT,
  F_FLOAT,
  F_DOUBLE,
  F_LONG,
  F_SHORT,
  F_COMPLEX,
  F_SIGNED,
  F_UNSIGNED,
];
