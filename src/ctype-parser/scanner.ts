/*
 * The scanner: declaration text to token spellings (the character-level half of
 * lj_cparse.c cp_next_, cp_number, cp_ident, cp_string), plus the helpers that read a
 * spelling's value.
 *
 * The character-level work happens in native code: one global regular expression splits the
 * text, a chunk of lines at a time, into spellings (`String.prototype.match`, which V8 runs
 * as compiled irregexp code, skipping blanks without returning to JavaScript), and the lexer
 * classifies each spelling as the parser asks for it. That is what makes the first cdef of a
 * big header fast: V8 runs fresh JavaScript in its interpreter until it has run hot, so a
 * loop per character would crawl through the whole first parse, while the regular expression
 * is native from its first use and the per-token lexer function is small and gets compiled
 * early. Newlines and comments come out of the match too, to count lines.
 */

import { T_ANDAND, T_DEREF, T_EQ, T_GE, T_LE, T_NE, T_OROR, T_SHL, T_SHR } from "./tokens";

/**
 * One token spelling per match, in the order of the alternatives: identifiers (LuaJIT lets
 * any non-ASCII character into them), numbers (letters included, so `1x` is one malformed
 * number), comments, string and character literals (the closing quote optional, so an
 * unfinished one is still one token), newlines, backslash-newlines, the multi-character
 * operators, `$` with what follows it, and any other single non-blank character (`...` is
 * three dots, as for LuaJIT's lexer, which has no ellipsis token).
 */
const TOKEN_RE =
  /[A-Za-z_\x80-\uffff][\w\x80-\uffff]*|[0-9][\w\x80-\uffff]*|\/\*[\s\S]*?(?:\*\/|$)|\/\/[^\n\r]*|"(?:[^"\\\n\r]|\\[^\n\r])*"?|'(?:[^'\\\n\r]|\\[^\n\r])*'?|\r\n?|\n|\\(?:\r\n?|\n)|->|<<|>>|<=|>=|==|!=|&&|\|\||\$[\w$\x80-\uffff]?|[^ \t\v\f]/g;

/**
 * TOKEN_RE with identifiers and numbers that may run across a backslash-newline (`ch\⏎ar` is
 * `char`, as in C and LuaJIT's cp_get_bs); used only for a chunk that has one inside or right
 * after a word.
 */
const SPLICED_TOKEN_RE = new RegExp(
  TOKEN_RE.source.replace(
    "[A-Za-z_\\x80-\\uffff][\\w\\x80-\\uffff]*|[0-9][\\w\\x80-\\uffff]*",
    "[A-Za-z_\\x80-\\uffff](?:[\\w\\x80-\\uffff]|\\\\(?:\\r\\n?|\\n))*|[0-9](?:[\\w\\x80-\\uffff]|\\\\(?:\\r\\n?|\\n))*",
  ),
  "g",
);
const SPLICE_IN_WORD = /[\w\x80-\uffff]\\(?:\r\n?|\n)/;
const SPLICE = /\\(?:\r\n?|\n)/g;

/**
 * The spellings of a chunk with a backslash-newline inside a word: each such word without
 * its splices, after one newline spelling per splice so that lines are still counted (an
 * error at the word reports the line it ends on, as LuaJIT's does: it has read the splice).
 */
function splicedSpellings(text: string): string[] {
  const out: string[] = [];
  for (const s of text.match(SPLICED_TOKEN_RE) ?? []) {
    const c = s.charCodeAt(0);
    if (c === 92 || c === 34 || c === 39 || c === 47 || !s.includes("\\")) {
      out.push(s);
      continue;
    }
    for (let i = s.match(SPLICE)?.length ?? 0; i > 0; i--) out.push("\n");
    out.push(s.replace(SPLICE, ""));
  }
  return out;
}

/** Characters per chunk: the spellings of one chunk are live at a time, not the whole text's. */
const CHUNK = 16384;

/**
 * Splits the next chunk of `src` from `start` into token spellings, newlines and comments
 * included, and returns them with where the chunk ended. Chunks end after a newline (not one
 * continuing a line), so no token crosses a boundary; a block comment still open at the end
 * of a chunk extends it to the comment's end. Scanning chunk by chunk keeps the young
 * generation small, so the garbage collector has little to copy during a big first cdef.
 */
export function scanChunk(src: string, start: number): { spellings: string[]; end: number } {
  let end = lineEnd(src, start + CHUNK);
  for (;;) {
    const text = start === 0 && end === src.length ? src : src.slice(start, end);
    // (`includes` first: a fast search, where the regular expression would try every word)
    const spliced = text.includes("\\") && SPLICE_IN_WORD.test(text);
    const spellings = spliced ? splicedSpellings(text) : (text.match(TOKEN_RE) ?? []);
    const last = spellings[spellings.length - 1];
    if (end < src.length && last?.startsWith("/*") && !(last.length >= 4 && last.endsWith("*/"))) {
      const close = src.indexOf("*/", end - 1);
      end = close < 0 ? src.length : lineEnd(src, close + 2);
      continue;
    }
    return { spellings, end };
  }
}

/** Offset just past the newline ending the line at `from` (not a backslash-continued one). */
function lineEnd(src: string, from: number): number {
  if (from >= src.length) return src.length;
  let nl = src.indexOf("\n", from);
  while (nl > 0 && continued(src, nl)) nl = src.indexOf("\n", nl + 1);
  return nl < 0 ? src.length : nl + 1;
}

function continued(src: string, nl: number): boolean {
  const before = src.charCodeAt(nl - 1) === 13 ? nl - 2 : nl - 1;
  return src.charCodeAt(before) === 92;
}

// ASCII characters that start an identifier: letters and `_`.
export const IDENT_START = 1;
export const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) CLASS[c] = IDENT_START;
}

/** Whether a spelling is an identifier or keyword. */
export function isWord(s: string): boolean {
  const c = s.charCodeAt(0);
  return c < 128 ? CLASS[c] === IDENT_START : true;
}

/** Whether a spelling is a well-formed integer literal. */
export function isInteger(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 48 && c <= 57 && parseInteger(s) >= 0;
}

const INTEGER_SUFFIXES = new Set(["u", "l", "ul", "lu", "ll", "ull", "llu"]);

/** `||`, `&&`, `==`, `!=`, `<=`, `<<`, `>=`, `>>`, `->` from their two characters. */
export function twoCharToken(c: number, d: number): number {
  switch (c) {
    case 124:
      return T_OROR;
    case 38:
      return T_ANDAND;
    case 61:
      return T_EQ;
    case 33:
      return T_NE;
    case 60:
      return d === 61 ? T_LE : T_SHL;
    case 62:
      return d === 61 ? T_GE : T_SHR;
    default:
      return T_DEREF;
  }
}

/**
 * The value of an integer literal: decimal, octal, hex or binary, with
 * u / l / ll suffixes; -1 when malformed or beyond 32 bits (LuaJIT's lj_strscan in C mode
 * accepts only int32 / uint32 too, and on LP64 no `l`: `1UL` is a malformed number to it).
 */
export function parseInteger(src: string): number {
  const end = src.length;
  let i = 0;
  let base = 10;
  if (src.charCodeAt(i) === 48 && end - i > 1) {
    const x = src.charCodeAt(i + 1) | 32;
    if (x === 120) base = 16;
    else if (x === 98) base = 2;
    else base = 8;
    if (base !== 8) i += 2;
  }
  const digitsStart = i;
  let v = 0;
  for (; i < end; i++) {
    const c = src.charCodeAt(i);
    let d = 99;
    if (c >= 48 && c <= 57) d = c - 48;
    else if (base === 16 && (c | 32) >= 97 && (c | 32) <= 102) d = (c | 32) - 87;
    if (d >= base) break;
    v = v * base + d;
  }
  if (i === digitsStart || v > 0xffffffff) return -1;
  let u = false;
  if (i < end) {
    const suffix = src.slice(i, end).toLowerCase();
    if (!INTEGER_SUFFIXES.has(suffix)) return -1;
    u = suffix.includes("u");
  }
  // A `u` suffix makes it unsigned; so does not fitting int32 (LuaJIT keeps such values uint32).
  return u && v < 0x80000000 ? v + 0x100000000 : v;
}

/**
 * The contents of a string or character literal spelled `s` (quotes included), with
 * LuaJIT's escapes (lj_cparse.c cp_string); undefined when the closing quote is missing.
 */
export function decodeString(s: string, delim: number): string | undefined {
  const n = s.length;
  let out = "";
  let p = 1;
  for (;;) {
    if (p >= n) return undefined;
    let c = s.charCodeAt(p);
    if (c === delim) break;
    if (c === 92 && p + 1 < n) {
      c = s.charCodeAt(++p);
      const simple = ESCAPES[c];
      if (simple !== undefined) {
        c = simple;
      } else if (c === 120) {
        let v = 0;
        for (;;) {
          const d = s.charCodeAt(p + 1) | 32;
          const digit = d >= 48 && d <= 57 ? d - 48 : d >= 97 && d <= 102 ? d - 87 : -1;
          if (digit < 0) break;
          v = (v << 4) + digit;
          p++;
        }
        c = v & 0xff;
      } else if (c >= 48 && c <= 57) {
        let v = c - 48;
        for (let k = 0; k < 2; k++) {
          const d = s.charCodeAt(p + 1);
          if (!(d >= 48 && d <= 57)) break;
          v = v * 8 + (d - 48);
          p++;
        }
        c = v & 0xff;
      }
    }
    out += String.fromCharCode(c);
    p++;
  }
  return p === n - 1 ? out : undefined;
}

const ESCAPES: Record<number, number> = {
  97: 7, // \a
  98: 8, // \b
  102: 12, // \f
  110: 10, // \n
  114: 13, // \r
  116: 9, // \t
  118: 11, // \v
  101: 27, // \e
};
