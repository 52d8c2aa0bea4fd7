/*
 * The C lexer (lj_cparse.c cp_next_ and helpers): turns declaration text into tokens one at
 * a time, on demand, with the parser holding exactly one token of lookahead.
 *
 * It scans with charCodeAt and a 128-entry character class table, with no regular
 * expressions. Identifiers are interned through a small open-addressing table keyed by a
 * hash computed while scanning, so a name seen before costs no substring and no Map lookup;
 * keywords are entries of the same table, so recognising `unsigned` is that one probe too.
 *
 * Like LuaJIT's lexer it knows only what declarations need: integer and character literals
 * (32-bit; a float literal is an error, as in LuaJIT), string literals for `asm("sym")`,
 * comments, backslash-newline, and the `$` parameter placeholder. Errors go through
 * `raise`, which appends LuaJIT's ` near 'tok'` and ` at line N` (the latter only past line 1).
 */

import type { CTypeId } from "../ctype";
import { FfiError, msg } from "../ctype";
import {
  KEYWORDS,
  T_ANDAND,
  T_DEREF,
  T_ELLIPSIS,
  T_EOF,
  T_EQ,
  T_GE,
  T_IDENT,
  T_INTEGER,
  T_LE,
  T_NE,
  T_OROR,
  T_SHL,
  T_SHR,
  T_STRING,
  T_TYPEPARAM,
  tokenName,
} from "./tokens";

/** A `$` argument of cdef / parseType. */
export type TypeParam =
  | { readonly kind: "type"; readonly id: CTypeId }
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "number"; readonly value: number };

// Character classes: bit 1 = may start an identifier, bit 2 = may continue one.
const IDENT_START = 1;
const IDENT_PART = 2;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  if (letter) CLASS[c] = IDENT_START | IDENT_PART;
  else if (c >= 48 && c <= 57) CLASS[c] = IDENT_PART;
}

/** Identifier characters: ASCII letters, digits, `_`, and any non-ASCII code unit (as LuaJIT). */
function isIdentPart(c: number): boolean {
  return c >= 128 || (CLASS[c]! & IDENT_PART) !== 0;
}

/**
 * Interned identifier strings with their keyword token (or T_IDENT), keyed by a hash of the
 * characters. Module-level on purpose: it only ever holds spellings, never per-state data,
 * and sharing it keeps a fresh registry's first parse fast.
 */
const NAME_BITS = 14;
const NAME_MASK = (1 << NAME_BITS) - 1;
const nameStrings: (string | undefined)[] = new Array(1 << NAME_BITS);
const nameTokens = new Int32Array(1 << NAME_BITS);
let nameCount = 0;

function internName(src: string, start: number, end: number, hash: number): number {
  let slot = hash & NAME_MASK;
  const len = end - start;
  for (;;) {
    const s = nameStrings[slot];
    if (s === undefined) break;
    if (s.length === len && src.startsWith(s, start)) return slot;
    slot = (slot + 1) & NAME_MASK;
  }
  // Keep the table at most half full: past that, stop interning (a slot of -1 is returned).
  if (nameCount >= 1 << (NAME_BITS - 1)) return -1;
  const s = src.slice(start, end);
  nameStrings[slot] = s;
  nameTokens[slot] = KEYWORDS.get(s) ?? T_IDENT;
  nameCount++;
  return slot;
}

/** Tokenizer over one declaration string, with one token of lookahead in `tok`. */
export class Lexer {
  private readonly src: string;
  private pos = 0;
  /** Current token. */
  tok = T_EOF;
  /** Offset of the current token's first character. */
  private start = 0;
  /** Line of the current position (1-based), adjusted by `#line` markers. */
  line = 1;
  /** Identifier / keyword spelling, or string literal contents. */
  str = "";
  /** Value of a T_INTEGER token, as a uint32 bit pattern. */
  num = 0;
  /** A T_INTEGER token is unsigned (`u` suffix, or too big for int32). */
  numUnsigned = false;
  /** Type of a T_TYPEPARAM token. */
  typeParam: CTypeId = 0;
  /** Set while skipping a function body: malformed numbers are not errors there. */
  skipping = false;
  private readonly params: readonly TypeParam[] | undefined;
  private paramIndex = 0;

  constructor(src: string, params?: readonly TypeParam[]) {
    this.src = src;
    this.params = params;
  }

  /** Throws FfiError(`message near 'tok' at line N`), naming the current token. */
  raise(message: string): never {
    throw new FfiError(this.withLine(`${message} near '${this.tokenText()}'`));
  }

  /** Throws FfiError(`message near 'text' at line N`), naming the given token text. */
  raiseAt(message: string, text: string): never {
    throw new FfiError(this.withLine(`${message} near '${text}'`));
  }

  /** Throws FfiError(`message at line N`) without naming a token (LuaJIT's cp_err). */
  fail(message: string): never {
    throw new FfiError(this.withLine(message));
  }

  /** Throws `'x' expected near 'tok'`. */
  expected(tok: number): never {
    this.raise(msg.tokenExpected(tokenName(tok)));
  }

  /** Consumes `tok` or raises `'tok' expected`. */
  check(tok: number): void {
    if (this.tok !== tok) this.expected(tok);
    this.next();
  }

  /** Is `tok` the current token? (A call, so TypeScript does not narrow `tok` across `next()`.) */
  at(tok: number): boolean {
    return this.tok === tok;
  }

  /** Consumes `tok` if it is the current token. */
  opt(tok: number): boolean {
    if (this.tok !== tok) return false;
    this.next();
    return true;
  }

  /** Whether every `$` argument was used. */
  paramsExhausted(): boolean {
    return this.params === undefined || this.paramIndex === this.params.length;
  }

  private withLine(message: string): string {
    return this.line > 1 ? `${message} at line ${this.line}` : message;
  }

  /** The current token as LuaJIT shows it after `near`. */
  private tokenText(): string {
    switch (this.tok) {
      case T_IDENT:
      case T_STRING:
        return this.str === "" ? "$" : this.str;
      case T_INTEGER:
        return this.src.slice(this.start, this.pos) || "$";
      case T_EOF:
        return "<eof>";
      default:
        return this.tok > T_ELLIPSIS ? this.str : tokenName(this.tok);
    }
  }

  /** Advances to the next token and returns it. */
  next(): number {
    const src = this.src;
    const n = src.length;
    let p = this.pos;
    for (;;) {
      if (p >= n) {
        this.start = this.pos = p;
        return (this.tok = T_EOF);
      }
      const c = src.charCodeAt(p);
      if (c < 128) {
        const cls = CLASS[c]!;
        if (cls & IDENT_START) return this.ident(p);
        if (cls & IDENT_PART) return this.number(p);
      } else {
        return this.ident(p);
      }
      this.start = p;
      switch (c) {
        case 10: // \n
          this.line++;
          p++;
          continue;
        case 13: // \r, \r\n
          this.line++;
          p += src.charCodeAt(p + 1) === 10 ? 2 : 1;
          continue;
        case 32:
        case 9:
        case 11:
        case 12:
          p++;
          continue;
        case 92: // backslash-newline continues a line
          if (src.charCodeAt(p + 1) === 10 || src.charCodeAt(p + 1) === 13) {
            p++;
            continue;
          }
          break;
        case 47: // '/'
          if (src.charCodeAt(p + 1) === 42) {
            p = this.blockComment(p + 2);
            continue;
          }
          if (src.charCodeAt(p + 1) === 47) {
            while (p < n && src.charCodeAt(p) !== 10 && src.charCodeAt(p) !== 13) p++;
            continue;
          }
          break;
        case 34: // '"'
        case 39: // "'"
          return this.string(p, c);
        case 36: // '$'
          return this.param(p);
        case 124: // '|'
          if (src.charCodeAt(p + 1) === 124) return this.op(p + 2, T_OROR);
          break;
        case 38: // '&'
          if (src.charCodeAt(p + 1) === 38) return this.op(p + 2, T_ANDAND);
          break;
        case 61: // '='
          if (src.charCodeAt(p + 1) === 61) return this.op(p + 2, T_EQ);
          break;
        case 33: // '!'
          if (src.charCodeAt(p + 1) === 61) return this.op(p + 2, T_NE);
          break;
        case 60: {
          // '<'
          const d = src.charCodeAt(p + 1);
          if (d === 61) return this.op(p + 2, T_LE);
          if (d === 60) return this.op(p + 2, T_SHL);
          break;
        }
        case 62: {
          // '>'
          const d = src.charCodeAt(p + 1);
          if (d === 61) return this.op(p + 2, T_GE);
          if (d === 62) return this.op(p + 2, T_SHR);
          break;
        }
        case 45: // '-'
          if (src.charCodeAt(p + 1) === 62) return this.op(p + 2, T_DEREF);
          break;
        case 46: // '.'
          if (src.charCodeAt(p + 1) === 46 && src.charCodeAt(p + 2) === 46) return this.op(p + 3, T_ELLIPSIS);
          break;
      }
      return this.op(p + 1, c);
    }
  }

  private op(end: number, tok: number): number {
    this.pos = end;
    return (this.tok = tok);
  }

  private blockComment(p: number): number {
    const src = this.src;
    const n = src.length;
    for (; p < n; p++) {
      const c = src.charCodeAt(p);
      if (c === 42 && src.charCodeAt(p + 1) === 47) return p + 2;
      if (c === 10 || (c === 13 && src.charCodeAt(p + 1) !== 10)) this.line++;
    }
    return p;
  }

  private ident(p: number): number {
    const src = this.src;
    const n = src.length;
    const start = p;
    let h = 0;
    let c = src.charCodeAt(p);
    do {
      h = (Math.imul(h, 31) + c) | 0;
      if (++p >= n) break;
      c = src.charCodeAt(p);
    } while (isIdentPart(c));
    this.start = start;
    this.pos = p;
    const slot = internName(src, start, p, h ^ (h >>> NAME_BITS));
    if (slot < 0) {
      const s = src.slice(start, p);
      this.str = s;
      return (this.tok = KEYWORDS.get(s) ?? T_IDENT);
    }
    this.str = nameStrings[slot]!;
    return (this.tok = nameTokens[slot]!);
  }

  /** An integer literal: decimal, octal, hex or binary, with u/l/ll suffixes (lj_strscan, C mode). */
  private number(p: number): number {
    const src = this.src;
    const n = src.length;
    const start = p;
    while (p < n && isIdentPart(src.charCodeAt(p))) p++;
    this.start = start;
    this.pos = p;
    this.tok = T_INTEGER;
    const text = src.slice(start, p);
    let body = text;
    let suffixU = false;
    for (;;) {
      const last = body.charCodeAt(body.length - 1) | 32;
      if (last === 117 /* u */ && !suffixU) suffixU = true;
      else if (last !== 108 /* l */) break;
      body = body.slice(0, -1);
    }
    const lower = text.slice(body.length).toLowerCase();
    const suffixOk = /^(u?(l|ll)?|(l|ll)u)$/.test(lower);
    let value = Number.NaN;
    let decimal = false;
    if (body.length > 2 && (body.charCodeAt(1) | 32) === 120 && body.charCodeAt(0) === 48) {
      if (/^0[xX][0-9a-fA-F]+$/.test(body)) value = Number.parseInt(body.slice(2), 16);
    } else if (body.length > 2 && (body.charCodeAt(1) | 32) === 98 && body.charCodeAt(0) === 48) {
      if (/^0[bB][01]+$/.test(body)) value = Number.parseInt(body.slice(2), 2);
    } else if (body.charCodeAt(0) === 48) {
      if (/^0[0-7]*$/.test(body)) value = Number.parseInt(body, 8);
    } else if (/^[0-9]+$/.test(body)) {
      value = Number.parseInt(body, 10);
      decimal = true;
    }
    if (!suffixOk || !(value <= 0xffffffff)) {
      if (!this.skipping) this.raise(msg.malformedNumber());
      value = 0;
    }
    this.num = value;
    this.numUnsigned = suffixU || value > 0x7fffffff;
    // A decimal literal is never implicitly unsigned in C; LuaJIT keeps it as uint32 anyway.
    if (decimal && !suffixU && value > 0x7fffffff) this.numUnsigned = true;
    return T_INTEGER;
  }

  /** A string or character literal with LuaJIT's escapes (lj_cparse.c cp_string). */
  private string(p: number, delim: number): number {
    const src = this.src;
    const n = src.length;
    this.start = p;
    p++;
    let out = "";
    for (;;) {
      if (p >= n) {
        this.pos = p;
        this.tok = T_EOF;
        this.raise(msg.unfinishedString());
      }
      let c = src.charCodeAt(p);
      if (c === delim) break;
      if (c === 10 || c === 13) this.line++;
      if (c === 92) {
        p++;
        if (p >= n) continue;
        c = src.charCodeAt(p);
        switch (c) {
          case 97:
            c = 7;
            break;
          case 98:
            c = 8;
            break;
          case 102:
            c = 12;
            break;
          case 110:
            c = 10;
            break;
          case 114:
            c = 13;
            break;
          case 116:
            c = 9;
            break;
          case 118:
            c = 11;
            break;
          case 101:
            c = 27;
            break;
          case 120: {
            let v = 0;
            p++;
            while (p < n && /[0-9a-fA-F]/.test(src[p]!)) v = (v << 4) + Number.parseInt(src[p++]!, 16);
            out += String.fromCharCode(v & 0xff);
            continue;
          }
          default:
            if (c >= 48 && c <= 57) {
              let v = c - 48;
              p++;
              for (let k = 0; k < 2 && p < n; k++) {
                const d = src.charCodeAt(p);
                if (d < 48 || d > 57) break;
                v = v * 8 + (d - 48);
                p++;
              }
              out += String.fromCharCode(v & 0xff);
              continue;
            }
        }
      }
      out += String.fromCharCode(c);
      p++;
    }
    this.pos = p + 1;
    this.str = out;
    if (delim === 34) return (this.tok = T_STRING);
    this.tok = T_INTEGER;
    if (out.length !== 1) this.expected(39);
    // A character constant is an int holding the (signed) char.
    const ch = out.charCodeAt(0) & 0xff;
    this.num = (ch >= 128 ? ch - 256 : ch) >>> 0;
    this.numUnsigned = false;
    return T_INTEGER;
  }

  /** `$`: the next cdef/typeof argument, as a type, a name or a number (lj_cparse.c cp_param). */
  private param(p: number): number {
    this.start = p;
    this.pos = p + 1;
    this.str = "";
    const c = this.src.charCodeAt(p + 1);
    if (c === 36 || (p + 1 < this.src.length && isIdentPart(c))) {
      this.tok = 36;
      this.raise(msg.syntaxError());
    }
    const param = this.params?.[this.paramIndex];
    if (param === undefined) {
      this.tok = 36;
      this.fail(msg.typeParamCount());
    }
    this.paramIndex++;
    switch (param.kind) {
      case "name":
        this.str = param.name;
        return (this.tok = T_IDENT);
      case "number":
        this.num = param.value >>> 0;
        this.numUnsigned = false;
        return (this.tok = T_INTEGER);
      case "type":
        this.typeParam = param.id;
        return (this.tok = T_TYPEPARAM);
    }
  }
}
