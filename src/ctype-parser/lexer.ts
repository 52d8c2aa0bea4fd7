/*
 * The lexer the parser reads from (lj_cparse.c cp_next_, cp_param, cp_errmsg): one token of
 * lookahead in `tok` and its value in `str` / `num`, classified on demand from the scanner's
 * spellings. It counts lines, handles directive lines (line markers renumber them, `#pragma
 * pack` sets the packing: cp_line, cp_pragma) like a preprocessor would, binds `$`
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
        this.directive();
        continue;
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
   * A preprocessor line (the `#` was just read), as LuaJIT handles them: `# N "file"` and
   * `#line N` renumber the following lines, `#pragma pack(...)` sets the packing, other
   * pragmas are ignored, anything else is an error. Called by the lexer for a `#` that starts
   * a line, and by the parser for one where a declaration may start.
   */
  directive(): void {
    const spellings = this.spellings;
    const words: string[] = [];
    let r = this.r;
    for (; r < spellings.length; r++) {
      const s = spellings[r]!;
      const c = s.charCodeAt(0);
      if (c === 10 || c === 13) break;
      if (c === 92 && s.length > 1) this.physicalLine++;
      else if (!(c === 47 && s.length > 1)) words.push(s);
    }
    this.r = r;
    const first = words[0];
    if (first === undefined) return; // the null directive
    if (first === "line" || CLASS[first.charCodeAt(0)] !== IDENT_START) {
      const number = first === "line" ? words[1] : first;
      const n = number === undefined ? -1 : parseInteger(number);
      if (n < 0 || n >= 0x80000000) this.raiseIn(msg.tokenExpected("<integer>"), number);
      // The line after the marker is line n.
      this.lineDelta = n - (this.physicalLine + 1);
    } else if (first === "pragma") {
      if (words[1] === "pack") this.pragmaPack(words);
    } else {
      this.raiseIn(msg.unexpectedSymbol(), first);
    }
  }

  /** `pack(n)`, `pack()`, `pack(push[, n])`, `pack(pop)` (as gcc: n = 0 means the default). */
  private pragmaPack(words: string[]): void {
    const stack = this.packStack;
    let i = 2;
    if (words[i] !== "(") this.raiseIn(msg.tokenExpected("("), words[i]);
    i++;
    const word = words[i];
    if (word !== undefined && CLASS[word.charCodeAt(0)] === IDENT_START) {
      if (word === "push") {
        if (stack.length >= MAX_PACK_STACK) this.raiseIn(msg.tooManyLevels(), word);
        stack.push(this.pack);
      } else if (word === "pop") {
        if (stack.length > 1) stack.pop();
      } else {
        this.raiseIn(msg.unexpectedSymbol(), word);
      }
      i++;
      if (words[i] === ",") i++;
      else if (words[i] === ")") return;
      else this.raiseIn(msg.tokenExpected(")"), words[i]);
    }
    const n = words[i] === undefined ? -1 : parseInteger(words[i]!);
    if (n >= 0) i++;
    stack[stack.length - 1] = n > 0 ? n : undefined;
    if (words[i] !== ")") this.raiseIn(msg.tokenExpected(")"), words[i]);
  }

  /** An error inside a directive, near one of its words (or the end of its line). */
  private raiseIn(message: string, near: string | undefined): never {
    this.lineStart = false;
    return this.raiseAt(message, near ?? "<eof>");
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
    if (tok === T_STRING) return this.str;
    if (tok === T_IDENT || tok === T_INTEGER || tok === T_TYPEPARAM || tok >= T_FIRST_DECL) return this.cur;
    return tokenName(tok);
  }
}
