/*
 * Integer constant expressions, as they appear in enum bodies, array sizes, bitfield widths
 * and attribute arguments (lj_cparse.c cp_expr_*).
 *
 * Precedence climbing: `binary(minPrec)` parses a unary operand, then folds every infix
 * operator that binds tighter than `minPrec`, recursing for its right operand with that
 * operator's precedence. Values follow LuaJIT's model: 32-bit integers kept as uint32 bit
 * patterns, signed unless an operand has an unsigned type of 32 bits or more (the usual
 * arithmetic conversions, reduced to what header constants need). Unlike LuaJIT's, a cast
 * converts, as in C: `(unsigned char)300` is 44 (LuaJIT keeps the value and only retypes it),
 * and narrower types promote to int (LuaJIT compares unsigned unless both sides are int).
 * Each value also carries its C type (for `sizeof expr` and the final integer check) and
 * whether it is a compile-time constant: an extern variable, a function parameter name or
 * `&x` gives a non-constant, as in LuaJIT since 2023, which makes an array a VLA and is an
 * error anywhere else.
 */

import type { CTypeId, Registry } from "../ctype";
import { alignOf, findConstant, findField, msg, sizeOf, typeName } from "../ctype";
import type { Lexer } from "./lexer";
import {
  T_ALIGNOF,
  T_ANDAND,
  T_DEREF,
  T_EQ,
  T_GE,
  T_IDENT,
  T_INTEGER,
  T_LE,
  T_NE,
  T_OROR,
  T_SHL,
  T_SHR,
  T_SIZEOF,
  T_STRING,
} from "./tokens";

/** A value during evaluation: uint32 bits, its C type, and whether it is a constant. */
export interface CValue {
  v: number;
  t: CTypeId;
  imm: boolean;
}

/** What the evaluator needs from the parser. */
export interface ExprHost {
  readonly lx: Lexer;
  readonly reg: Registry;
  /** The current token starts a type name (for casts and `sizeof(type)`). */
  isTypeStart(): boolean;
  /** Parses an abstract type name such as `unsigned long *`. */
  abstractType(): CTypeId;
  /** `name` is a parameter of the function being declared (usable as a VLA size). */
  isParamName(name: string): boolean;
  /** Enters / leaves a nesting level (bounded, as deep input must not overflow the stack). */
  enter(): void;
  leave(): void;
}

/** Binding strength of each infix operator; 0 = not an infix operator. */
function precedence(tok: number): number {
  switch (tok) {
    case 63: // ?
      return 1;
    case T_OROR:
      return 2;
    case T_ANDAND:
      return 3;
    case 124: // |
      return 4;
    case 94: // ^
      return 5;
    case 38: // &
      return 6;
    case T_EQ:
    case T_NE:
      return 7;
    case 60: // <
    case 62: // >
    case T_LE:
    case T_GE:
      return 8;
    case T_SHL:
    case T_SHR:
      return 9;
    case 43: // +
    case 45: // -
      return 10;
    case 42: // *
    case 47: // /
    case 37: // %
      return 11;
    default:
      return 0;
  }
}

/** Parses an integer constant expression (cp_expr_kint). */
export function constInt(h: ExprHost): CValue {
  const k = expr(h);
  if (!isIntegral(h.reg, k.t) || !k.imm) h.lx.fail(msg.badValue());
  return k;
}

/** Parses a non-negative size (cp_expr_ksize). */
export function constSize(h: ExprHost): number {
  const k = constInt(h);
  if (k.v >= 0x80000000) h.lx.fail(msg.sizeUnknown());
  return k.v;
}

/** Parses a full conditional expression without the comma operator (cp_expr_sub(k, 0)). */
export function expr(h: ExprHost): CValue {
  return binary(h, 0);
}

function comma(h: ExprHost): CValue {
  let k = expr(h);
  while (h.lx.opt(44)) k = expr(h);
  return k;
}

function binary(h: ExprHost, minPrec: number): CValue {
  const lx: Lexer = h.lx;
  const reg = h.reg;
  let k = unary(h);
  for (;;) {
    const op = lx.tok;
    const prec = precedence(op);
    if (prec <= minPrec) return k;
    lx.next();
    if (op === 63) {
      // Right-associative; both arms are evaluated (they have no side effects).
      const a = comma(h);
      lx.check(58);
      const b = binary(h, 0);
      const chosen = k.v !== 0 ? a : b;
      k = { v: chosen.v, t: wider(reg, a.t, b.t), imm: k.imm && chosen.imm };
      continue;
    }
    const r = binary(h, prec);
    const imm = k.imm && r.imm;
    const t = wider(reg, k.t, r.t);
    const u = isUnsigned(reg, t);
    const a = k.v;
    const b = r.v;
    const int = reg.ids.int;
    switch (op) {
      case T_OROR:
        k = { v: a !== 0 || b !== 0 ? 1 : 0, t: int, imm };
        break;
      case T_ANDAND:
        k = { v: a !== 0 && b !== 0 ? 1 : 0, t: int, imm };
        break;
      case 124:
        k = { v: (a | b) >>> 0, t, imm };
        break;
      case 94:
        k = { v: (a ^ b) >>> 0, t, imm };
        break;
      case 38:
        k = { v: (a & b) >>> 0, t, imm };
        break;
      case T_EQ:
        k = { v: a === b ? 1 : 0, t: int, imm };
        break;
      case T_NE:
        k = { v: a !== b ? 1 : 0, t: int, imm };
        break;
      case 60:
      case 62:
      case T_LE:
      case T_GE: {
        const x = u ? a : a | 0;
        const y = u ? b : b | 0;
        const res = op === 60 ? x < y : op === 62 ? x > y : op === T_LE ? x <= y : x >= y;
        k = { v: res ? 1 : 0, t: int, imm };
        break;
      }
      case T_SHL:
        k = { v: (a << (b & 31)) >>> 0, t: k.t, imm };
        break;
      case T_SHR:
        k = { v: (isUnsigned(reg, k.t) ? a >>> (b & 31) : (a | 0) >> (b & 31)) >>> 0, t: k.t, imm };
        break;
      case 43:
        k = { v: (a + b) >>> 0, t, imm };
        break;
      case 45:
        k = { v: (a - b) >>> 0, t, imm };
        break;
      case 42:
        k = { v: Math.imul(a, b) >>> 0, t, imm };
        break;
      default: {
        // '/' and '%': division by zero and INT_MIN / -1 are errors, as in LuaJIT.
        let v = 0;
        if (imm) {
          if (b === 0 || (!u && a === 0x80000000 && b === 0xffffffff)) lx.fail(msg.badValue());
          if (u) v = op === 47 ? Math.floor(a / b) : a % b;
          else v = op === 47 ? Math.trunc((a | 0) / (b | 0)) : (a | 0) % (b | 0);
        }
        k = { v: v >>> 0, t, imm };
      }
    }
  }
}

function unary(h: ExprHost): CValue {
  h.enter();
  const k = postfix(h, prefix(h));
  h.leave();
  return k;
}

/**
 * `a[i]`, `s.m`, `p->m` (cp_expr_postfix): they only compute a type, for `sizeof`; the value
 * is no constant, except a struct's scoped constant reached through `.`.
 */
function postfix(h: ExprHost, k: CValue): CValue {
  const lx: Lexer = h.lx;
  const reg = h.reg;
  for (;;) {
    if (lx.opt(91)) {
      const index = comma(h);
      let t = pointee(reg, k.t);
      if (t === undefined) t = pointee(reg, index.t);
      // (LuaJIT names the index's type: it was the last one tried)
      if (t === undefined) lx.fail(msg.notIndexable(typeName(reg, index.t)));
      lx.check(93);
      k = { v: 0, t, imm: false };
    } else if (lx.tok === 46 || lx.tok === T_DEREF) {
      let t: CTypeId | undefined = k.t;
      if (lx.tok === T_DEREF) {
        t = pointee(reg, k.t);
        if (t === undefined) lx.fail(msg.notIndexable(typeName(reg, k.t)));
      }
      if (lx.next() !== T_IDENT) lx.expected(T_IDENT);
      const name = lx.str;
      const r = reg.get(t);
      const ref = r.kind === "struct" && r.info.complete ? findField(reg, t, name) : undefined;
      const constant = ref === undefined ? findConstant(reg, t, name) : undefined;
      if (constant !== undefined) k = { v: constant.value >>> 0, t: constant.type, imm: true };
      else if (ref !== undefined && ref.field.bitsize === undefined)
        k = { v: 0, t: ref.field.type, imm: false };
      else lx.fail(msg.noMember(typeName(reg, t), name));
      lx.next();
    } else {
      return k;
    }
  }
}

/** The type a pointer or array points to / holds; undefined for anything else. */
function pointee(reg: Registry, t: CTypeId): CTypeId | undefined {
  const r = reg.get(t);
  return r.kind === "ptr" ? r.target : r.kind === "array" ? r.elem : undefined;
}

function prefix(h: ExprHost): CValue {
  const lx: Lexer = h.lx;
  const reg = h.reg;
  switch (lx.tok) {
    case T_INTEGER: {
      const k = { v: lx.num, t: lx.numUnsigned ? reg.ids.uint : reg.ids.int, imm: true };
      lx.next();
      return k;
    }
    case 43: // +
      lx.next();
      return unary(h);
    case 45: {
      // -
      lx.next();
      const k = unary(h);
      return { v: -k.v >>> 0, t: k.t, imm: k.imm };
    }
    case 126: {
      // ~
      lx.next();
      const k = unary(h);
      return { v: ~k.v >>> 0, t: k.t, imm: k.imm };
    }
    case 33: {
      // !
      lx.next();
      const k = unary(h);
      return { v: k.v === 0 ? 1 : 0, t: reg.ids.int, imm: k.imm };
    }
    case 40: {
      // ( cast ) or ( subexpression )
      lx.next();
      if (h.isTypeStart()) {
        const t = h.abstractType();
        lx.check(41);
        const k = unary(h);
        return { v: castValue(reg, k.v, t), t, imm: k.imm };
      }
      const k = comma(h);
      lx.check(41);
      return k;
    }
    case 42: {
      // *p: indirection, typed only
      lx.next();
      const k = unary(h);
      const t = pointee(reg, k.t);
      if (t === undefined) lx.fail(msg.notIndexable(typeName(reg, k.t)));
      return { v: 0, t, imm: false };
    }
    case 38: {
      // &x: address, typed only (its value unchanged, as LuaJIT leaves it)
      lx.next();
      const k = unary(h);
      return { v: k.v, t: reg.pointer(k.t), imm: false };
    }
    case T_SIZEOF:
    case T_ALIGNOF: {
      const wantSize = lx.tok === T_SIZEOF;
      lx.next();
      let t: CTypeId;
      let k: CValue | undefined;
      if (lx.opt(40)) {
        if (h.isTypeStart()) t = h.abstractType();
        else t = (k = comma(h)).t;
        lx.check(41);
      } else {
        t = (k = unary(h)).t;
      }
      let v: number;
      if (!wantSize) v = alignOf(reg, t);
      else {
        // A struct ending in a VLA counts its fixed part, as in LuaJIT.
        const r = reg.get(t);
        const size = r.kind === "struct" && r.info.complete && r.info.vls ? r.info.size : sizeOf(reg, t);
        // A string's size is its value (see T_STRING).
        if (size !== undefined) v = size;
        else if (k !== undefined && t === stringType(reg)) v = k.v;
        else lx.fail(msg.sizeUnknown());
      }
      return { v, t: reg.ids.uint, imm: true };
    }
    case T_STRING:
      // A string is a `const char []` whose value is its size, as in LuaJIT (no integer).
      return { v: stringLiteralBytes(h), t: stringType(reg), imm: true };
    case T_IDENT: {
      const name = lx.str;
      const decl = reg.declaration(name);
      let k: CValue;
      if (decl?.kind === "const") k = { v: decl.value >>> 0, t: decl.type, imm: true };
      else if (decl !== undefined) k = { v: 0, t: decl.type, imm: false };
      else if (h.isParamName(name)) k = { v: 0, t: reg.ids.int, imm: false };
      else lx.raise(msg.unexpectedSymbol());
      lx.next();
      return k;
    }
    default:
      lx.raise(msg.unexpectedSymbol());
  }
}

/** The type of a string literal, `const char []` (LuaJIT's CTID_A_CCHAR). */
function stringType(reg: Registry): CTypeId {
  return reg.array(reg.ids.constChar, 0, true);
}

/** The size of a string literal: adjacent literals concatenate, plus the terminating NUL. */
function stringLiteralBytes(h: ExprHost): number {
  let n = 0;
  while (h.lx.tok === T_STRING) {
    n += h.lx.str.length;
    h.lx.next();
  }
  return n + 1;
}

/** An integer cast: truncate to the target's width and sign-extend or zero-extend. */
function castValue(reg: Registry, v: number, t: CTypeId): number {
  const r = reg.get(t);
  const size = r.kind === "int" ? r.size : r.kind === "bool" ? 1 : 0;
  if (r.kind === "bool") return v !== 0 ? 1 : 0;
  if (size === 1) return (r.kind === "int" && r.unsigned ? v & 0xff : (v << 24) >> 24) >>> 0;
  if (size === 2) return (r.kind === "int" && r.unsigned ? v & 0xffff : (v << 16) >> 16) >>> 0;
  return v;
}

function isIntegral(reg: Registry, t: CTypeId): boolean {
  const k = reg.get(t).kind;
  return k === "int" || k === "enum" || k === "bool";
}

/** Unsigned in expressions: an unsigned type at least as wide as int (narrower ones promote). */
function isUnsigned(reg: Registry, t: CTypeId): boolean {
  const r = reg.get(t);
  if (r.kind === "enum") return isUnsigned(reg, r.info.underlying);
  return r.kind === "int" && r.unsigned && r.size >= 4;
}

/**
 * The type of a binary arithmetic result: the wider operand, unsigned winning a tie. An
 * operand of no integer type (a string, pointer, float) makes the result that type, so no
 * integer, as LuaJIT's "higher type id wins" does.
 */
function wider(reg: Registry, a: CTypeId, b: CTypeId): CTypeId {
  if (!isIntegral(reg, a)) return a;
  if (!isIntegral(reg, b)) return b;
  const x = reg.get(a);
  const y = reg.get(b);
  if (x.kind !== "int") return y.kind === "int" ? promote(reg, b) : reg.ids.int;
  if (y.kind !== "int") return promote(reg, a);
  if (x.size !== y.size) return promote(reg, x.size > y.size ? a : b);
  return promote(reg, x.unsigned ? a : b);
}

/** Integer promotion: types narrower than int become int. */
function promote(reg: Registry, t: CTypeId): CTypeId {
  const r = reg.get(t);
  return r.kind === "int" && r.size < 4 ? reg.ids.int : reg.unqualified(t);
}
