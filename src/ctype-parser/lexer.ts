/*
 * The lexer the parser reads from (lj_cparse.c cp_next_, cp_param, cp_errmsg): one token of
 * lookahead in `tok` and its value in `str` / `num`, classified on demand from the scanner's
 * spellings. It counts lines, handles directives (line markers renumber lines, `#pragma
 * pack` sets the packing: cp_line, cp_pragma) at the start of any line, binds `$`
 * placeholders to the cdef / typeof arguments in order, and formats every parse error: the
 * message, ` near 'tok'` naming the current token, and ` at line N` past the first line.
 * Lexical errors (a malformed number, an unfinished string) surface only when the parser
 * reaches them, so a malformed number inside a skipped function body is no error, as in
 * LuaJIT.
 */

import type { CTypeId } from "../ctype";
import { FfiError, msg } from "../ctype";
import { CLASS, decodeString, IDENT_START, parseInteger, scanChunk, twoCharToken } from "./scanner";
import {
  KEYWORDS,
  T_EOF,
  T_FIRST_DECL,
  T_IDENT,
  T_INTEGER,
  T_STRING,
  T_TYPEPARAM,
  tokenName,
} from "./tokens";

/** `#pragma pack(push)` depth limit, as LuaJIT's CPARSE_MAX_PACKSTACK. */
const MAX_PACK_STACK = 7;

/** A `$` argument of cdef / parseType. */
export type TypeParam =
  | { readonly kind: "type"; readonly id: CTypeId }
  | { readonly kind: "name"; readonly name: string }
  | { readonly kind: "number"; readonly value: number };

/** Cursor over the tokens of one declaration string, with one token of lookahead in `tok`. */
export class Lexer {
  private readonly src: string;
  /** Spellings of the chunk being read, and the index of the next one. */
  private spellings: string[] = [];
  private r = 0;
  /** Where the next chunk starts. */
  private scanned = 0;
  /** Physical line of the current token. */
  private physicalLine = 1;
  /** Added to physical line numbers since the last `#line` marker. */
  private lineDelta = 0;
  /** Spelling of the current token. */
  private cur = "";
  /** No token has been read on the current physical line yet. */
  private lineStart = true;
  /** A directive is being read: a `#` starting a line ends it (see `directive`). */
  private inDirective = false;
  /** That `#` was put back, to be read again once the directive is done. */
  private hashPending = false;
  /** `#pragma pack` stack; the last entry is in force (bytes; undefined = none). */
  private readonly packStack: (number | undefined)[] = [undefined];
  /** Current token. */
  tok = T_EOF;
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

  // -- Lookahead window -----------------------------------------------------------------
  // The parser's fast paths read the spellings after the current token directly, up to the
  // end of the chunk, and jump over what they understood with `skipTo`. They give up, having
  // consumed nothing, at anything that needs the lexer (a line break or comment, which
  // count lines; a number, literal, `$` or `#`) and at the chunk's end.

  /** The spellings of the chunk being read; the token after the current one is at `ahead()`. */
  get window(): readonly string[] {
    return this.spellings;
  }

  /** Index in `window` of the token after the current one. */
  ahead(): number {
    return this.r;
  }

  /** Makes the token spelled at `i` in `window` the current one (no line break before it). */
  skipTo(i: number): number {
    this.r = i;
    return this.next();
  }

  /** Scans the next chunk of the text; false at its end. */
  private refill(): boolean {
    if (this.scanned >= this.src.length) return false;
    const chunk = scanChunk(this.src, this.scanned);
    this.spellings = chunk.spellings;
    this.r = 0;
    this.scanned = chunk.end;
    return true;
  }

  /** `#pragma pack` value in force (bytes), undefined for none. */
  get pack(): number | undefined {
    return this.packStack[this.packStack.length - 1];
  }

  /** Line of the current token (1-based), as renumbered by `#line` markers. */
  get line(): number {
    return this.physicalLine + this.lineDelta;
  }

  /** Gives the current token line number `line` (a `#line` marker). */
  renumber(line: number): void {
    this.lineDelta += line - this.line;
  }

  /** Advances to the next token and returns it. */
  next(): number {
    let spellings = this.spellings;
    for (;;) {
      const r = this.r;
      if (r >= spellings.length) {
        if (this.refill()) {
          spellings = this.spellings;
          continue;
        }
        this.cur = "<eof>";
        return (this.tok = T_EOF);
      }
      this.r = r + 1;
      const s = spellings[r]!;
      const c = s.charCodeAt(0);
      if (c === 10 || c === 13) {
        this.physicalLine++;
        this.lineStart = true;
        continue;
      }
      if (c === 35 && this.lineStart && s.length === 1) {
        if (!this.inDirective) return this.directive(true);
        this.r = r;
        this.hashPending = true;
        this.cur = "#";
        return (this.tok = 35);
      }
      this.lineStart = false;
      this.cur = s;
      if (c < 128 ? CLASS[c] === IDENT_START : true) {
        this.str = s;
        return (this.tok = KEYWORDS.get(s) ?? T_IDENT);
      }
      if (c >= 48 && c <= 57) return this.integer(s);
      if (s.length === 1) {
        if (c === 36) return this.param();
        if (c === 34 || c === 39) return this.unfinishedString();
        if (c === 0) {
          // NUL ends the text, as in LuaJIT.
          this.r = spellings.length;
          this.scanned = this.src.length;
          continue;
        }
        return (this.tok = c);
      }
      switch (c) {
        case 47: // a comment
          for (let k = s.indexOf("\n"); k >= 0; k = s.indexOf("\n", k + 1)) this.physicalLine++;
          continue;
        case 92: // backslash-newline
          this.physicalLine++;
          continue;
        case 34:
        case 39:
          return this.literal(s, c);
        case 36: // `$x`: LuaJIT reserves it
          this.tok = T_STRING;
          this.str = s.slice(1);
          return this.raise(msg.syntaxError());
        default:
          return (this.tok = twoCharToken(c, s.charCodeAt(1)));
      }
    }
  }

  /**
   * A directive; its `#` was just read, at the start of a line (the lexer calls this) or
   * where a declaration may start (the parser does). It is read token by token, as LuaJIT's
   * cp_decl_multi reads one, so it ends where LuaJIT's does: `# N` and `#line N` renumber
   * the lines after theirs, `#pragma pack(...)` sets the packing and the tokens after its `)`
   * go on as usual, other pragmas end with their line, anything else is an error. Unlike
   * LuaJIT we read directives at the start of any line, even inside a declaration, and take a
   * `#` alone on its line for a null directive, as a preprocessor does. Returns the token
   * after the directive, now the current one.
   */
  directive(startsLine: boolean): number {
    if (startsLine && this.blankRestOfLine()) return this.next();
    const hashLine = this.physicalLine;
    this.inDirective = true;
    let tok = this.next();
    if (tok === T_INTEGER) {
      tok = this.lineMarker(hashLine);
    } else if (tok === T_IDENT && this.str === "line") {
      // (LuaJIT names the token it has just read, not the number it wants.)
      if (this.next() !== T_INTEGER) this.expected(T_IDENT);
      tok = this.lineMarker(hashLine);
    } else if (tok === T_IDENT && this.str === "pragma") {
      tok = this.pragma(hashLine);
    } else {
      this.raise(msg.unexpectedSymbol());
    }
    this.inDirective = false;
    if (!this.hashPending) return tok;
    // The next line is a directive too.
    this.hashPending = false;
    return this.next();
  }

  /** Only blanks and comments follow on this line. */
  private blankRestOfLine(): boolean {
    const spellings = this.spellings;
    for (let r = this.r; r < spellings.length; r++) {
      const s = spellings[r]!;
      const c = s.charCodeAt(0);
      if (c === 10 || c === 13) return true;
      if (!(c === 47 && s.length > 1)) return false;
    }
    return true;
  }

  /** The rest of a line marker (cp_line): the token after it is on line N. */
  private lineMarker(hashLine: number): number {
    const n = this.num;
    let tok = this.next();
    while (tok !== T_EOF && this.physicalLine === hashLine) tok = this.next();
    this.lineDelta = n - this.physicalLine;
    return tok;
  }

  /**
   * The rest of a pragma (cp_pragma): `pack(n)`, `pack()`, `pack(push[, n])`, `pack(pop)`
   * (as gcc: n = 0 means the default); any other pragma ends with its line.
   */
  private pragma(hashLine: number): number {
    let tok = this.next();
    if (tok !== T_IDENT || this.str !== "pack") {
      while (tok !== T_EOF && this.physicalLine === hashLine) tok = this.next();
      return tok;
    }
    const stack = this.packStack;
    this.next();
    this.check(40);
    if (this.tok === T_IDENT) {
      const word: string = this.str;
      if (word === "push") {
        if (stack.length >= MAX_PACK_STACK) this.raise(msg.tooManyLevels());
        stack.push(this.pack);
      } else if (word === "pop") {
        if (stack.length > 1) stack.pop();
      } else {
        this.raise(msg.unexpectedSymbol());
      }
      this.next();
      if (!this.opt(44)) {
        this.check(41);
        return this.tok;
      }
    }
    let n: number | undefined;
    if (this.tok === T_INTEGER) {
      n = this.num > 0 ? this.num : undefined;
      this.next();
    }
    stack[stack.length - 1] = n;
    this.check(41);
    return this.tok;
  }

  /** An integer literal; a malformed one is an error unless a function body is being skipped. */
  private integer(s: string): number {
    this.tok = T_INTEGER;
    const v = parseInteger(s);
    if (v < 0) {
      if (!this.skipping) this.raise(msg.malformedNumber());
      this.num = 0;
      this.numUnsigned = false;
    } else {
      this.num = v >= 0x100000000 ? v - 0x100000000 : v;
      this.numUnsigned = v >= 0x80000000;
    }
    return T_INTEGER;
  }

  /** A string literal, or a character constant (an int holding the signed char). */
  private literal(s: string, delim: number): number {
    const text = decodeString(s, delim);
    if (text === undefined) return this.unfinishedString();
    if (delim === 34) {
      this.str = text;
      return (this.tok = T_STRING);
    }
    if (text.length !== 1) {
      this.tok = T_STRING;
      this.str = text;
      return this.raise(msg.tokenExpected("'"));
    }
    const ch = text.charCodeAt(0) & 0xff;
    this.num = ch >= 128 ? ch + 0xffffff00 : ch;
    this.numUnsigned = false;
    // LuaJIT names a character constant by its character, not its spelling.
    this.cur = text;
    return (this.tok = T_INTEGER);
  }

  private unfinishedString(): never {
    this.tok = T_EOF;
    return this.raise(msg.unfinishedString());
  }

  /** Binds `$` to the next argument: a type, a name or a number (lj_cparse.c cp_param). */
  private param(): number {
    this.cur = "$";
    const param = this.params?.[this.paramIndex];
    if (param === undefined) {
      this.tok = T_TYPEPARAM;
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
    const line = this.line;
    return line > 1 ? `${message} at line ${line}` : message;
  }

  /** The current token as LuaJIT shows it after `near`: its spelling, `$` for a parameter. */
  private tokenText(): string {
    const tok = this.tok;
    if (tok === T_EOF) return "<eof>";
    // LuaJIT's message is a C string: a literal's text ends at a NUL.
    if (tok === T_STRING) return cutAtNul(this.str);
    if (tok === T_IDENT || tok === T_INTEGER || tok === T_TYPEPARAM || tok >= T_FIRST_DECL)
      return cutAtNul(this.cur);
    return tokenName(tok);
  }
}

function cutAtNul(s: string): string {
  const nul = s.indexOf("\0");
  return nul < 0 ? s : s.slice(0, nul);
}
