/*
 * The declaration parser's state and its two entry points: a sequence of declarations for
 * `cdef` (lj_cparse.c cp_decl_multi) and one abstract type for `ffi.typeof` & co.
 * (cp_decl_single). Directives (`#pragma pack`, line markers) are the lexer's business.
 *
 * The grammar lives in sibling files as plain functions over this state (specifiers,
 * declarators, struct/enum bodies, constant expressions); this file holds what they share:
 * the lexer, the registry, the parameter names in scope, the aggregates being defined, and
 * the nesting depths that bound recursion on hostile input.
 */

import type { AggregateInfo, CTypeId, Registry } from "../ctype";
import { msg } from "../ctype";
import type { ExprHost } from "./const-expr";
import { buildType, MODE_ABSTRACT, MODE_DIRECT, parseDeclarator } from "./declarator";
import { Lexer, type TypeParam } from "./lexer";
import {
  basicType,
  type DeclSpec,
  declSpec,
  STORAGE_EXTERN,
  STORAGE_STATIC,
  STORAGE_TYPEDEF,
} from "./specifiers";
import { constInit } from "./tagged-types";
import { T_EOF, T_FIRST_DECL, T_IDENT, T_LAST_DECL, T_TYPEPARAM } from "./tokens";

/** Nesting limit for declarators and expressions, LuaJIT's CPARSE_MAX_DECLDEPTH. */
const MAX_DEPTH = 20;
/** Nesting limit for struct/union bodies (LuaJIT has none; ours bounds the recursion). */
const MAX_BODY_DEPTH = 200;

/** Parser state for one cdef or one type string. */
export class Parser implements ExprHost {
  readonly lx: Lexer;
  readonly reg: Registry;
  /** Type strings may not introduce tags (LuaJIT's CPARSE_MODE_NOIMPLICIT). */
  readonly noImplicitTags: boolean;
  /** struct/union bodies being parsed, to reject a nested redefinition of the same tag. */
  readonly defining = new Set<AggregateInfo>();
  /** Names of the parameters in scope (the first `paramCount`), innermost function last. */
  private readonly paramNames: string[] = [];
  private paramCount = 0;
  private depth = 0;
  private bodyDepth = 0;
  /** See `basicTypeOf`; made on first use. */
  private basicTypes: Map<number, CTypeId> | undefined;

  constructor(
    reg: Registry,
    text: string,
    params: readonly TypeParam[] | undefined,
    noImplicitTags: boolean,
  ) {
    this.reg = reg;
    this.lx = new Lexer(text, params);
    this.noImplicitTags = noImplicitTags;
    this.lx.next();
  }

  /** `#pragma pack` value in force (bytes), undefined for none. */
  get pack(): number | undefined {
    return this.lx.pack;
  }

  /** Enters one nesting level; too deep is LuaJIT's "chunk has too many syntax levels". */
  enter(): void {
    if (++this.depth > MAX_DEPTH) this.lx.fail(msg.tooManyLevels());
  }

  /** `basicType` of the fast paths, cached: the same few combinations recur all through a header. */
  basicTypeOf(flags: number, size: number): CTypeId {
    const key = flags * 16 + size + 1;
    const cache = (this.basicTypes ??= new Map());
    let t = cache.get(key);
    if (t === undefined) {
      t = basicType(this, flags, size);
      cache.set(key, t);
    }
    return t;
  }

  /** Whether entering one more nesting level would be too many (for fast paths that skip it). */
  atMaxDepth(): boolean {
    return this.depth >= MAX_DEPTH;
  }

  /** Leaves a nesting level. */
  leave(): void {
    this.depth--;
  }

  /** Enters a struct/union body, within its own nesting limit. */
  enterBody(): void {
    if (++this.bodyDepth > MAX_BODY_DEPTH) this.lx.fail(msg.tooManyLevels());
  }

  /** Leaves a struct/union body. */
  leaveBody(): void {
    this.bodyDepth--;
  }

  /** Does the current token start a type name? */
  isTypeStart(): boolean {
    const tok = this.lx.tok;
    if (tok >= T_FIRST_DECL && tok <= T_LAST_DECL) return true;
    if (tok === T_TYPEPARAM) return true;
    return tok === T_IDENT && this.reg.typedef(this.lx.str) !== undefined;
  }

  /** Parses an abstract type name (casts, sizeof, `ffi.typeof`). */
  abstractType(): CTypeId {
    const spec = declSpec(this, 0);
    const d = parseDeclarator(this, MODE_ABSTRACT, spec.attrs);
    const t = buildType(this, spec.base, d, spec.funcQual);
    // `char __attribute__((aligned(8)))` is a type of its own, as a typedef of it would be
    // (LuaJIT's cp_decl_intern keeps the alignment in the interned type).
    return this.aligned(t, d.attrs.align);
  }

  /**
   * `t` with the alignment attribute of its declaration, if any. A function or reference type
   * takes none: LuaJIT drops it (cp_push_attributes, cp_decl_intern), and gcc gives a
   * function type alignment 1 whatever its typedef says.
   */
  private aligned(t: CTypeId, align: number | undefined): CTypeId {
    if (align === undefined) return t;
    const kind = this.reg.get(t).kind;
    return kind === "func" || kind === "ref" ? t : this.reg.withAlign(t, align);
  }

  /** Opens the parameter scope of a function declarator; returns the mark to close it with. */
  openParamScope(): number {
    return this.paramCount;
  }

  /** Puts a parameter name in scope. */
  addParamName(name: string): void {
    this.paramNames[this.paramCount++] = name;
  }

  /**
   * Closes the parameter scope opened at `mark`. (The array keeps its length: truncating it
   * would let V8 shrink its storage and grow it again for the next function.)
   */
  closeParamScope(mark: number): void {
    this.paramCount = mark;
  }

  /** Is `name` a parameter of a function being declared? */
  isParamName(name: string): boolean {
    const names = this.paramNames;
    for (let i = 0; i < this.paramCount; i++) if (names[i] === name) return true;
    return false;
  }

  /** Parses the whole text as one abstract type; the text must end there. */
  parseSingleType(): CTypeId {
    const id = this.abstractType();
    if (this.lx.tok !== T_EOF) this.lx.expected(T_EOF);
    this.checkParamsUsed();
    return id;
  }

  /** Parses the whole text as a sequence of declarations into the registry. */
  parseDeclarations(): void {
    const lx: Lexer = this.lx;
    let first = true;
    while (lx.tok !== T_EOF) {
      if (lx.opt(59)) {
        first = false;
        continue;
      }
      if (lx.tok === 35) {
        // A directive not at the start of its line (the lexer handles those itself).
        lx.directive(false);
        continue;
      }
      const spec = declSpec(this, STORAGE_TYPEDEF | STORAGE_EXTERN | STORAGE_STATIC);
      // `struct foo;`, `enum e { A };`, and as in LuaJIT a typedef name of a struct/union or
      // enum alone (`foo_t;`): the specifiers were the whole declaration.
      if (!((lx.tok === 59 || lx.tok === T_EOF) && (spec.tagged || this.isNominal(spec.base)))) {
        this.declarators(spec);
      }
      if (lx.tok === T_EOF && first) break;
      first = false;
      lx.check(59);
    }
    this.checkParamsUsed();
  }

  /** Is `t` a struct, union or enum? */
  private isNominal(t: CTypeId): boolean {
    const kind = this.reg.get(t).kind;
    return kind === "struct" || kind === "enum";
  }

  /** The declarators after one set of specifiers. */
  private declarators(spec: DeclSpec): void {
    const lx: Lexer = this.lx;
    const reg = this.reg;
    for (;;) {
      const d = parseDeclarator(this, MODE_DIRECT, spec.attrs);
      const t = buildType(this, spec.base, d, spec.funcQual);
      const isFunc = reg.get(t).kind === "func";
      const name = d.name;
      // A name already declared (typedef, function, variable, constant) is declared again to
      // no effect, as in LuaJIT, which does not even read a static constant's `= value` then.
      if (name !== undefined && !reg.hasName(name)) {
        if (spec.storage & STORAGE_TYPEDEF) {
          reg.addTypedef(name, this.aligned(t, d.attrs.align));
        } else if (isFunc) {
          // static and inline functions are declared like extern ones, as in LuaJIT.
          reg.declare(name, { kind: "func", type: t, symbol: d.attrs.redirect ?? name });
        } else if (spec.storage & STORAGE_STATIC) {
          reg.declare(name, constInit(this, t));
        } else {
          reg.declare(name, { kind: "var", type: t, symbol: d.attrs.redirect ?? name });
        }
      }
      if (!lx.opt(44)) return;
    }
  }

  private checkParamsUsed(): void {
    if (!this.lx.paramsExhausted()) this.lx.fail(msg.typeParamCount());
  }
}
