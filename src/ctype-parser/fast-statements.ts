/*
 * cdef's statement fast path: most of a big header read a statement at a time with native
 * regular expressions, the rest handed to the general parser one declaration at a time.
 *
 * Why: the first cdef of a header runs in V8's interpreter, where the general parser's cost
 * per token (the lexer's classification, the grammar's calls) adds up to several times
 * LuaJIT's parse, however lean each step. Real headers are mostly a few statement shapes
 * (`extern int close (int __fd);`, `typedef struct x x;`, struct bodies of simple members,
 * enums of literal values), and in those shapes the parts that carry meaning recur: the
 * specifiers `extern int `, the parameter `const char *__restrict __file`. So one native
 * `match` splits the text at `;`, `{` and `}`, one anchored regular expression takes a
 * statement apart, and each part is resolved once per cdef and then found in a map. The
 * parts are resolved by the general parser's own readers (`readSpecifierWords`,
 * `readDeclarationWords` over the part's spellings), and the types are built in the order
 * the general parser builds them, so both paths give the same registry, id for id.
 *
 * Anything else goes to the general parser, from where the statement starts: a shape these
 * expressions do not take, a part the readers refuse, anything that would be an error. A
 * statement the fast path gave up on halfway is rolled back first (each runs in a nested
 * registry transaction). Errors therefore always come from the general parser; and since line
 * numbers are not counted here, a cdef that fails is parsed once more without the fast path
 * (see index.ts), which reports the error with its line, as LuaJIT words it.
 */

import type { AggregateInfo, CTypeId, MemberSpec, Param, Registry } from "../ctype";
import { layoutAggregate, sizeOf } from "../ctype";
import type { Parser } from "./parser";
import { parseInteger } from "./scanner";
import {
  readSpecifierWords,
  STORAGE_EXTERN,
  STORAGE_REGISTER,
  STORAGE_STATIC,
  STORAGE_TYPEDEF,
  simple,
  spellingToken,
} from "./specifiers";
import {
  KEYWORDS,
  T_CONST,
  T_ENUM,
  T_EXTERN,
  T_IDENT,
  T_RESTRICT,
  T_STRUCT,
  T_TYPEDEF,
  T_UNION,
  T_VOLATILE,
} from "./tokens";

// -- The shapes ---------------------------------------------------------------------------

/** Blanks, as the scanner skips them. */
const B = "[ \\t\\n\\r\\v\\f]*";
const NAME = "[A-Za-z_][A-Za-z0-9_]*";
/** Words before the declarator: specifiers, the lazy repetition leaves the name to NAME. */
const WORDS = `((?:${NAME}\\b${B})*?)`;
/** The spellings of `const`, `volatile` and `restrict` (`__restrict`, `__const__`, ...). */
const QUALIFIER_WORDS = [...KEYWORDS]
  .filter(([, tok]) => tok >= T_CONST && tok <= T_RESTRICT)
  .map(([word]) => word)
  .join("|");
const PTRS_PLAIN = `(?:\\*${B}(?:(?:${QUALIFIER_WORDS})\\b${B})*)*`;
const PTRS = `(${PTRS_PLAIN})`;
/** One GCC attribute: a name, and arguments of words, decimal numbers and commas. */
const ATTRIBUTE = `${NAME}\\b${B}(?:\\(${B}(?:(?:${NAME}|0|[1-9][0-9]*)\\b${B}|,${B})*\\)${B})?`;
/** `__attribute__((a, b(1, 2)))` and `__asm__("sym")` groups after a declarator. */
const ATTRS =
  `((?:__attribute__${B}\\(\\(${B}(?:${ATTRIBUTE}(?:,${B}${ATTRIBUTE})*(?:,${B})?)?\\)\\)${B}` +
  `|__asm__${B}\\(${B}(?:"[^"\\\\\\n\\r]*"${B})*\\)${B})*)`;

/**
 * A declaration with one declarator: specifier words, pointers, a name or `(*name)`, maybe a
 * parameter list without nested parentheses, an array size `[n]` / `[(n)]`, a bitfield width,
 * attributes. Groups: 1 words, 2 pointers, 3 name, 4 `(*name)`, 5 parameters, 6/7 array size
 * (6 empty for `[]`), 8 width, 9 attributes.
 */
const DECLARATION = new RegExp(
  `^${B}${WORDS}${PTRS}(?:(${NAME})|\\(${B}\\*${B}(${NAME})${B}\\))${B}` +
    `(?:\\(((?:[^()]|\\([^()]*\\))*)\\)${B})?` +
    `(?:\\[${B}(?:([0-9]*)|\\(${B}([0-9]+)${B}\\))${B}\\]${B})?` +
    `(?::${B}([0-9]+)${B})?${ATTRS};$`,
);

/**
 * One parameter: specifier words, pointers, a name or `(*name)(parameters)`, an array size.
 * Groups: 1 words, 2 pointers, 3 name, 4 `(*name)(...)`, 5 its name, 6 its parameters,
 * 7 array size.
 */
const PARAMETER = new RegExp(
  `^${B}${WORDS}${PTRS}(?:(${NAME})|(\\(${B}\\*${B}(?:(${NAME})${B})?\\)${B}\\(([^()]*)\\)))?${B}` +
    `(?:\\[${B}([0-9]*)${B}\\]${B})?$`,
);
/** A member declaration with several declarators: `int x, *y, z[4];`. Groups: 1 words, 2 the list. */
const MEMBER_LIST = new RegExp(
  `^${B}${WORDS}((?:${PTRS_PLAIN}${NAME}${B}(?:\\[${B}[0-9]+${B}\\]${B})?(?::${B}[0-9]+${B})?,${B})+` +
    `${PTRS_PLAIN}${NAME}${B}(?:\\[${B}[0-9]+${B}\\]${B})?(?::${B}[0-9]+${B})?);$`,
);
/** One declarator of such a list. Groups: 1 pointers, 2 name, 3 array size, 4 width. */
const LIST_ITEM = new RegExp(
  `^${B}${PTRS}(${NAME})${B}(?:\\[${B}([0-9]+)${B}\\]${B})?(?::${B}([0-9]+)${B})?$`,
);
/** `[typedef] struct|union|enum [tag] {`. Groups: 1 typedef, 2 keyword, 3 tag. */
const OPEN_BODY = new RegExp(`^${B}(?:(typedef)\\b${B})?(struct|union|enum)\\b${B}(?:(${NAME})${B})?\\{$`);
/** What follows a body: `;`, or one declarator: pointers and a name. Groups: 1 pointers, 2 name. */
const AFTER_BODY = new RegExp(`^${B}${PTRS}(?:(${NAME})${B})?;$`);
const CLOSE_BODY = new RegExp(`^${B}\\}$`);
const EMPTY = new RegExp(`^${B};$`);
/** `struct|union|enum tag;`. Groups: 1 keyword, 2 tag. */
const FORWARD = new RegExp(`^${B}(struct|union|enum)\\b${B}(${NAME})${B};$`);
/** One enum constant, maybe with a literal value. Groups: 1 name, 2 minus, 3 value. */
const ENUM_ITEM = new RegExp(`^${B}(${NAME})${B}(?:=${B}(-?)${B}(0x[0-9a-fA-F]+|[0-9]+)${B})?$`);
/** Attribute names that mean something (attributes.ts): the general parser applies them. */
const MEANINGFUL = /\b(?:__)?(?:aligned|packed|mode|vector_size|cdecl|stdcall|fastcall|thiscall)(?:__)?\b/;
/** Spellings as the scanner splits them, for the parts of a statement (see scanner.ts). */
const SPELLINGS = /[A-Za-z_\x80-\uffff][\w\x80-\uffff]*|[0-9][\w\x80-\uffff]*|[^ \t\n\r\v\f]/g;
/** The statements: text up to and including each `;`, `{` and `}`. */
const PIECES = /[^;{}]*[;{}]/g;
const BLANK = new RegExp(`^${B}$`);

/** Thrown to roll a statement back and hand it to the general parser. */
const GIVE_UP = new Error("fast path: not this statement");

const ALL_STORAGE = STORAGE_TYPEDEF | STORAGE_EXTERN | STORAGE_STATIC | STORAGE_REGISTER;
/** A `void` parameter, in the parameter cache. */
const VOID_PARAM: Param = { name: undefined, type: -1 };

/** Resolved specifier words: the base type with its qualifiers, and the storage classes. */
interface Specifiers {
  readonly type: CTypeId;
  readonly storage: number;
}

/** Parses a cdef's declarations, the common statements here and the rest by `p`. */
export function parseDeclarationsFast(p: Parser, text: string): void {
  new FastStatements(p, text).run();
}

class FastStatements {
  private readonly reg: Registry;
  private pieces: string[];
  /** The next piece, and its offset in the text. */
  private k = 0;
  private offset = 0;
  /** Parts resolved so far in this cdef (see the file comment). */
  private readonly specCache = new Map<string, Specifiers>();
  private readonly paramCache = new Map<string, Param>();
  private readonly pointerCache = new Map<string, number[]>();
  /** `statement` as a function for `reg.transaction`, made once. */
  private readonly statementFn = () => this.statement();
  /** Cache keys added by the statement being read (forgotten if it is rolled back). */
  private readonly added: string[] = [];
  /** Pieces `statement` consumed. */
  private used = 0;

  constructor(
    private readonly p: Parser,
    private readonly text: string,
  ) {
    this.reg = p.reg;
    this.pieces = text.match(PIECES) ?? [];
  }

  run(): void {
    const text = this.text;
    let first = true;
    while (this.k < this.pieces.length) {
      if (this.tryStatement()) {
        first = false;
        continue;
      }
      const item = this.p.parseItemAt(this.offset, first);
      if (item.declaration) first = false;
      this.resync(item.end);
    }
    if (this.offset < text.length && !BLANK.test(text.slice(this.offset))) {
      // Text after the last `;`: the first declaration may end the text without one.
      while (this.offset < text.length) {
        const item = this.p.parseItemAt(this.offset, first);
        if (item.declaration) first = false;
        this.offset = item.end;
      }
    }
    this.p.checkParamsUsed();
  }

  /** Moves to the piece starting at `end`, where the general parser stopped. */
  private resync(end: number): void {
    const pieces = this.pieces;
    while (this.k < pieces.length && this.offset + pieces[this.k]!.length <= end) {
      this.offset += pieces[this.k]!.length;
      this.k++;
    }
    if (this.offset < end && this.k < pieces.length) {
      // It stopped inside a piece: after blanks or a directive that followed a `;`, or at a
      // `;` of a comment or string that split the text wrongly. The rest of the piece is
      // where to go on.
      pieces[this.k] = pieces[this.k]!.slice(end - this.offset);
      this.offset = end;
    }
  }

  /** Reads the statement at the current piece; false, with nothing changed, to leave it. */
  private tryStatement(): boolean {
    try {
      this.reg.transaction(this.statementFn);
    } catch (e) {
      if (e !== GIVE_UP) throw e;
      // Parts resolved inside the rolled-back statement may name types that are gone.
      for (const key of this.added) {
        this.specCache.delete(key);
        this.paramCache.delete(key);
      }
      this.added.length = 0;
      this.p.defining.clear();
      return false;
    }
    for (let j = 0; j < this.used; j++) this.offset += this.pieces[this.k++]!.length;
    this.added.length = 0;
    return true;
  }

  /** The piece `j` after the current one, or give up at the end. */
  private piece(j: number): string {
    const s = this.pieces[this.k + j];
    if (s === undefined) throw GIVE_UP;
    return s;
  }

  /** One top-level statement; sets `used`. */
  private statement(): void {
    const s = this.piece(0);
    const last = s.charCodeAt(s.length - 1);
    if (last === 59) {
      this.used = 1;
      if (EMPTY.test(s)) return;
      const forward = FORWARD.exec(s);
      if (forward !== null) {
        // `struct foo;`: the specifiers are the whole declaration.
        const keyword = forward[1] === "struct" ? T_STRUCT : forward[1] === "union" ? T_UNION : T_ENUM;
        this.tag(keyword, forward[2]!);
        return;
      }
      this.topDeclaration(s);
      return;
    }
    if (last !== 123) throw GIVE_UP;
    const open = OPEN_BODY.exec(s);
    if (open === null) throw GIVE_UP;
    const storage = open[1] === undefined ? 0 : STORAGE_TYPEDEF;
    const [id, used] = this.taggedBody(open[2]!, open[3], 1);
    this.used = used + 1;
    // The declarator after the body, if any.
    const after = AFTER_BODY.exec(this.piece(used));
    if (after === null) throw GIVE_UP;
    const name = after[2];
    if (name === undefined) {
      if (after[1] !== "") throw GIVE_UP;
      return;
    }
    if (spellingToken(name) !== T_IDENT) throw GIVE_UP;
    const t = this.pointers(id, after[1]!);
    if (storage & STORAGE_TYPEDEF) this.reg.addTypedef(name, t);
    else this.reg.declare(name, { kind: "var", type: t, symbol: name });
  }

  /**
   * A struct/union/enum body whose `{` ends the piece before piece `at`; returns the type and
   * the number of pieces up to the one after the body's `}`.
   */
  private taggedBody(keyword: string, tag: string | undefined, at: number): [CTypeId, number] {
    const reg = this.reg;
    const isEnum = keyword === "enum";
    const union = keyword === "union";
    let id: CTypeId;
    if (tag === undefined) {
      id = isEnum ? reg.newEnum(undefined) : reg.newAggregate(union, undefined);
    } else {
      id = this.tag(isEnum ? T_ENUM : union ? T_UNION : T_STRUCT, tag);
    }
    const t = reg.get(id);
    if (isEnum) {
      if (t.kind !== "enum" || t.info.complete) throw GIVE_UP;
      this.enumBody(id, this.piece(at));
      return [id, at + 1];
    }
    if (t.kind !== "struct" || t.info.union !== union || t.info.complete || this.p.defining.has(t.info)) {
      throw GIVE_UP;
    }
    return [id, this.structBody(t.info, at)];
  }

  /** Members from piece `at` up to the `}`; returns the number of the piece after it. */
  private structBody(info: AggregateInfo, at: number): number {
    const reg = this.reg;
    const p = this.p;
    p.defining.add(info);
    const members: MemberSpec[] = [];
    let lastMember = false;
    for (;;) {
      const s = this.piece(at);
      const end = s.charCodeAt(s.length - 1);
      if (end === 125) {
        if (!CLOSE_BODY.test(s)) throw GIVE_UP;
        at++;
        break;
      }
      if (lastMember) throw GIVE_UP;
      if (end === 123) {
        // A nested struct/union: a member, or (untagged, without a name) a transparent one.
        const open = OPEN_BODY.exec(s);
        if (open === null || open[1] !== undefined || open[2] === "enum") throw GIVE_UP;
        const [id, next] = this.taggedBody(open[2]!, open[3], at + 1);
        const after = AFTER_BODY.exec(this.piece(next));
        if (after === null) throw GIVE_UP;
        const name = after[2];
        if (name === undefined) {
          if (after[1] !== "") throw GIVE_UP;
          if (open[3] === undefined) members.push({ name: undefined, type: id, packed: false });
        } else {
          if (spellingToken(name) !== T_IDENT) throw GIVE_UP;
          members.push({ name, type: this.pointers(id, after[1]!), packed: false });
        }
        at = next + 1;
        continue;
      }
      const m = DECLARATION.exec(s);
      if (m === null) {
        this.memberList(s, members);
        at++;
        continue;
      }
      // Attributes, function members (not pointers to functions) and flexible array members
      // (which must come last, see layout.ts) are the general path's.
      if (m[9] !== "" || (m[5] !== undefined && m[4] === undefined) || m[6] === "") throw GIVE_UP;
      const name = m[3] ?? m[4]!;
      const t = this.declarator(this.specifiers(m[1]!, 0), m);
      const bits = m[8];
      if (bits !== undefined) {
        members.push({ name, type: t, packed: false, bitsize: this.width(t, bits) });
      } else {
        const r = reg.get(t);
        if (r.kind === "array" && (r.length === null || r.flexible)) lastMember = true;
        members.push({ name, type: t, packed: false });
      }
      at++;
    }
    reg.guardAggregate(info);
    (info as { constants: AggregateInfo["constants"] }).constants = new Map();
    layoutAggregate(reg, info, members, { packed: false, alignAttr: undefined, pack: p.pack });
    p.defining.delete(info);
    return at;
  }

  /** `int x, *y, z[4];`: each declarator built in turn from the same specifiers. */
  private memberList(s: string, members: MemberSpec[]): void {
    const m = MEMBER_LIST.exec(s);
    if (m === null) throw GIVE_UP;
    const spec = this.specifiers(m[1]!, 0);
    for (const item of m[2]!.split(",")) {
      const d = LIST_ITEM.exec(item)!;
      const name = d[2]!;
      if (spellingToken(name) !== T_IDENT) throw GIVE_UP;
      let t = this.pointers(spec.type, d[1]!);
      if (d[3] !== undefined) t = this.arrayOf(t, d[3]);
      if (d[4] !== undefined) members.push({ name, type: t, packed: false, bitsize: this.width(t, d[4]) });
      else members.push({ name, type: t, packed: false });
    }
  }

  /** A bitfield's width, checked as tagged-types.ts `checkBitfield` checks it. */
  private width(t: CTypeId, bits: string): number {
    const width = parseInteger(bits);
    const r = this.reg.get(t);
    const max = r.kind === "int" ? r.size * 8 : r.kind === "enum" ? 32 : r.kind === "bool" ? 1 : -1;
    if (width <= 0 || width > max) throw GIVE_UP;
    return width;
  }

  /** `A, B = 2, C = -1 }` (the piece ending the body), as tagged-types.ts `enumBody`. */
  private enumBody(id: CTypeId, s: string): void {
    const reg = this.reg;
    const ids = reg.ids;
    const items = s.slice(0, -1).split(",");
    const constants: { name: string; value: number }[] = [];
    let underlying = ids.uint;
    let value = 0;
    let unsigned = false;
    for (let i = 0; i < items.length; i++) {
      const m = ENUM_ITEM.exec(items[i]!);
      if (m === null) {
        // A trailing comma leaves one blank item.
        if (i > 0 && i === items.length - 1 && BLANK.test(items[i]!)) break;
        throw GIVE_UP;
      }
      const name = m[1]!;
      if (spellingToken(name) !== T_IDENT || reg.hasName(name)) throw GIVE_UP;
      const literal = m[3];
      if (literal !== undefined) {
        const v = parseInteger(literal);
        if (v < 0 || v >= 0x80000000) throw GIVE_UP;
        value = m[2] === "-" ? -v : v;
        unsigned = false;
        if ((value | 0) < 0) underlying = ids.int;
      }
      const v = unsigned ? value >>> 0 : value | 0;
      reg.declare(name, { kind: "const", type: unsigned ? ids.uint : ids.int, value: v });
      constants.push({ name, value: v });
      value = (value + 1) >>> 0;
      if (value === 0x80000000) unsigned = true;
    }
    reg.completeEnum(id, constants, underlying);
  }

  /** A declaration statement at the top level: a function, an extern variable, a typedef. */
  private topDeclaration(s: string): void {
    const m = DECLARATION.exec(s);
    if (m === null || m[8] !== undefined) throw GIVE_UP;
    const spec = this.specifiers(m[1]!, STORAGE_TYPEDEF | STORAGE_EXTERN);
    const attrs = m[9]!;
    let redirect: string | undefined;
    if (attrs !== "") {
      if (MEANINGFUL.test(attrs)) throw GIVE_UP;
      if (attrs.includes("__asm__")) redirect = asmSymbol(attrs, undefined);
    }
    const t = this.declarator(spec, m);
    const name = m[3] ?? m[4]!;
    const reg = this.reg;
    if (spec.storage & STORAGE_TYPEDEF) reg.addTypedef(name, t);
    else if (reg.get(t).kind === "func")
      reg.declare(name, { kind: "func", type: t, symbol: redirect ?? name });
    else reg.declare(name, { kind: "var", type: t, symbol: redirect ?? name });
  }

  /**
   * The type a DECLARATION match declares, built as declarator.ts `buildType` builds it: the
   * parameters' types first (as they are parsed), then the pointers, the array or function,
   * the `(*name)` pointer.
   */
  private declarator(spec: Specifiers, m: RegExpExecArray): CTypeId {
    const reg = this.reg;
    const name = m[3] ?? m[4]!;
    if (spellingToken(name) !== T_IDENT) throw GIVE_UP;
    const paramText = m[5];
    const size = m[6] ?? m[7];
    const fnPointer = m[4] !== undefined;
    if (fnPointer && paramText === undefined) throw GIVE_UP;
    if (paramText !== undefined && size !== undefined) throw GIVE_UP;
    let params: Param[] | undefined;
    let varargs = false;
    if (paramText !== undefined) {
      params = [];
      varargs = this.parameters(paramText, params);
    }
    let t = this.pointers(spec.type, m[2]!);
    if (params !== undefined) {
      const r = reg.get(t);
      if (r.kind === "func" || r.kind === "array" || r.kind === "ref") throw GIVE_UP;
      t = reg.func(t, params, varargs, "cdecl");
      if (fnPointer) t = reg.pointer(t);
    } else if (size !== undefined) {
      t = this.arrayOf(t, size);
    }
    return t;
  }

  /** Resolves specifier words (cached); storage classes outside `allowed` give up. */
  private specifiers(words: string, allowed: number): Specifiers {
    let spec = this.specCache.get(words);
    if (spec === undefined) {
      spec = this.resolveSpecifiers(words);
      this.specCache.set(words, spec);
      this.added.push(words);
    }
    if (spec.storage & ~allowed) throw GIVE_UP;
    return spec;
  }

  private resolveSpecifiers(words: string): Specifiers {
    const reg = this.reg;
    let sp: string[] | null = words.match(SPELLINGS);
    // `__extension__` means nothing here (attributes.ts skips it).
    if (sp?.includes("__extension__")) sp = sp.filter((w) => w !== "__extension__");
    if (sp === null || sp.length === 0) throw GIVE_UP;
    const tagged = taggedSpecifier(sp);
    if (tagged !== undefined) {
      const { keyword, tag, qual, storage } = tagged;
      const id = this.tag(keyword, tag);
      return { type: qual === 0 ? id : reg.withQual(id, reg.get(id).qual | qual), storage };
    }
    sp.push(";");
    const at = readSpecifierWords(this.p, sp, 1, spellingToken(sp[0]!), sp[0]!, ALL_STORAGE);
    if (at !== sp.length - 1) throw GIVE_UP;
    const { base, qual } = simple;
    return {
      type: qual === 0 ? base : reg.withQual(base, reg.get(base).qual | qual),
      storage: simple.storage,
    };
  }

  /** The type `struct|union|enum tag` names, declared if new (tagged-types.ts `taggedType`). */
  private tag(keyword: number, tag: string): CTypeId {
    const reg = this.reg;
    if (spellingToken(tag) !== T_IDENT) throw GIVE_UP;
    let id = reg.tag(tag);
    if (id === undefined) {
      id = keyword === T_ENUM ? reg.newEnum(tag) : reg.newAggregate(keyword === T_UNION, tag);
      reg.addTag(tag, id);
      return id;
    }
    const t = reg.get(id);
    const fits =
      keyword === T_ENUM ? t.kind === "enum" : t.kind === "struct" && t.info.union === (keyword === T_UNION);
    if (!fits) throw GIVE_UP;
    return id;
  }

  /** `t` with the pointers spelled `stars` (`*`, `*const *`, cached) applied. */
  private pointers(t: CTypeId, stars: string): CTypeId {
    if (stars === "") return t;
    let quals = this.pointerCache.get(stars);
    if (quals === undefined) {
      quals = pointerQualifiers(stars);
      this.pointerCache.set(stars, quals);
    }
    const reg = this.reg;
    for (let i = 0; i < quals.length; i++) {
      if (reg.get(t).kind === "ref") throw GIVE_UP;
      t = reg.pointer(t, quals[i]!);
    }
    return t;
  }

  /** A parameter list without parentheses into `out`; returns whether it ends in `...`. */
  private parameters(text: string, out: Param[]): boolean {
    if (BLANK.test(text)) return false;
    const parts = text.includes("(") ? splitOutside(text) : text.split(",");
    const n = parts.length;
    for (let i = 0; i < n; i++) {
      const part = parts[i]!;
      let param = this.paramCache.get(part);
      if (param === undefined) {
        if (i === n - 1 && part.includes("...")) {
          if (i === 0 || part.trim() !== "...") throw GIVE_UP;
          return true;
        }
        param = this.resolveParameter(part);
        this.paramCache.set(part, param);
        this.added.push(part);
      }
      if (param === VOID_PARAM) {
        // `(void)`; a void parameter ends the list (funcSuffix).
        if (i !== n - 1) throw GIVE_UP;
        return false;
      }
      out.push(param);
    }
    return false;
  }

  /**
   * One parameter, as declarator.ts `funcSuffix` reads it: the specifiers, then (for a
   * pointer to a function) its parameters, then the derivations in `buildType`'s order.
   */
  private resolveParameter(text: string): Param {
    const m = PARAMETER.exec(text);
    if (m === null) throw GIVE_UP;
    const reg = this.reg;
    let words = m[1]!;
    const stars = m[2]!;
    let name = m[3] ?? m[5];
    // With no pointers, the last word may be a specifier yet (`unsigned long`, `size_t`).
    if (stars === "" && m[3] !== undefined && (spellingToken(name!) !== T_IDENT || !this.resolves(words))) {
      words += name;
      name = undefined;
    }
    if (name !== undefined && spellingToken(name) !== T_IDENT) throw GIVE_UP;
    const spec = this.specifiers(words, 0);
    let t = spec.type;
    if (m[4] !== undefined) {
      const params: Param[] = [];
      const varargs = this.parameters(m[6]!, params);
      t = this.pointers(t, stars);
      const r = reg.get(t);
      if (r.kind === "func" || r.kind === "array" || r.kind === "ref") throw GIVE_UP;
      t = reg.pointer(reg.func(t, params, varargs, "cdecl"));
    } else {
      t = this.pointers(t, stars);
    }
    if (m[7] !== undefined) t = this.arrayOf(t, m[7]);
    const r = reg.get(t);
    if (r.kind === "void") return VOID_PARAM;
    if (r.kind === "ref") throw GIVE_UP;
    // Array parameters decay to pointers, function parameters to function pointers.
    if (r.kind === "array") t = reg.pointer(r.elem);
    else if (r.kind === "func") t = reg.pointer(t);
    return { name, type: t };
  }

  /** Whether specifier words resolve to a type (with a base type, not qualifiers alone). */
  private resolves(words: string): boolean {
    if (this.specCache.has(words)) return true;
    try {
      this.specifiers(words, ALL_STORAGE);
      return true;
    } catch (e) {
      if (e !== GIVE_UP) throw e;
      return false;
    }
  }

  /** `t[n]` (or `t[]` for an empty size), checked as `buildType` checks it. */
  private arrayOf(t: CTypeId, size: string): CTypeId {
    const reg = this.reg;
    const flexible = size === "";
    const length = flexible ? 0 : parseInteger(size);
    if (length < 0 || length >= 0x80000000 || reg.get(t).kind === "ref") throw GIVE_UP;
    const elem = sizeOf(reg, t);
    if (elem === undefined || elem * length >= 0x80000000) throw GIVE_UP;
    return reg.array(t, length, flexible);
  }
}

/**
 * `[storage] [qualifiers] struct|union|enum tag [qualifiers]` without a body, as `declSpec`
 * reads it; undefined for other words.
 */
function taggedSpecifier(
  sp: readonly string[],
): { keyword: number; tag: string; qual: number; storage: number } | undefined {
  let keyword = 0;
  let tag: string | undefined;
  let qual = 0;
  let storage = 0;
  for (let i = 0; i < sp.length; i++) {
    const tok = spellingToken(sp[i]!);
    if (tok === T_STRUCT || tok === T_UNION || tok === T_ENUM) {
      if (keyword !== 0 || i + 1 >= sp.length) return undefined;
      keyword = tok;
      tag = sp[++i];
      if (spellingToken(tag!) !== T_IDENT) return undefined;
    } else if (tok >= T_CONST && tok <= T_RESTRICT) {
      qual |= 1 << (tok - T_CONST);
    } else if ((tok === T_TYPEDEF || tok === T_EXTERN) && keyword === 0) {
      storage |= 1 << (tok - T_TYPEDEF);
    } else {
      return undefined;
    }
  }
  return tag === undefined ? undefined : { keyword, tag, qual, storage };
}

/** The qualifier bits of each pointer in `*`, `**`, `*const *__restrict `. */
function pointerQualifiers(stars: string): number[] {
  const sp = stars.match(SPELLINGS)!;
  const quals: number[] = [];
  for (const s of sp) {
    if (s === "*") {
      quals.push(0);
      continue;
    }
    const tok = spellingToken(s);
    if (tok !== T_CONST && tok !== T_VOLATILE && tok !== T_RESTRICT) throw GIVE_UP;
    quals[quals.length - 1]! |= 1 << (tok - T_CONST);
  }
  return quals;
}

/** The symbol of the last `__asm__("a" "b")` among a declarator's attributes (none for `()`). */
function asmSymbol(attrs: string, redirect: string | undefined): string | undefined {
  for (const group of attrs.match(/__asm__[^(]*\([^)]*\)/g)!) {
    const strings = group.match(/"[^"]*"/g);
    if (strings === null) continue;
    redirect = "";
    for (const s of strings) redirect += s.slice(1, -1);
  }
  return redirect;
}

/** Splits a parameter list at the commas outside parentheses (one level of them). */
function splitOutside(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41) depth--;
    else if (c === 44 && depth === 0) {
      parts.push(text.slice(from, i));
      from = i + 1;
    }
  }
  parts.push(text.slice(from));
  return parts;
}
