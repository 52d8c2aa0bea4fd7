/*
 * struct, union and enum specifiers: tags, bodies, members, enum constants
 * (lj_cparse.c cp_struct_name, cp_decl_struct, cp_decl_enum, cp_decl_constinit).
 *
 * A tag names one nominal type for good: `struct foo;` creates it incomplete, a later body
 * completes that same id, and a second body is `attempt to redefine 'foo'`. A struct body
 * is collected as MemberSpecs and handed to the layout module, which computes gcc's offsets;
 * the registry journals the completion so a failing cdef undoes it.
 *
 * Unnamed members follow C11 and gcc rather than LuaJIT where they can: an untagged
 * struct/union body is a transparent member and an unnamed tagged struct declares nothing.
 * A typedef name of a struct/union is transparent, as in LuaJIT (plain gcc would declare
 * nothing, gcc -fms-extensions agrees with LuaJIT). An unnamed enum body
 * inside a struct adds its constants both globally and to the struct's scoped constants,
 * as LuaJIT's transparent enums do.
 */

import type { AggregateInfo, ConstantDecl, CType, CTypeId, EnumConstant, MemberSpec } from "../ctype";
import { FfiError, layoutAggregate, msg, QUAL_CONST } from "../ctype";
import { type Attrs, newAttrs, parseAttributes } from "./attributes";
import { constInt, expr } from "./const-expr";
import {
  buildType,
  MODE_ABSTRACT,
  MODE_DIRECT,
  MODE_FIELD,
  parseDeclarator,
  simpleMember,
  simpleMemberName,
} from "./declarator";
import type { Lexer } from "./lexer";
import type { Parser } from "./parser";
import { type DeclSpec, declSpec, STORAGE_STATIC } from "./specifiers";
import { T_IDENT } from "./tokens";

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * `struct|union [attrs] [tag] [{ body }] [attrs]`; the keyword is the current token.
 * Attributes written between the keyword and the body, or after the body, belong to the
 * type, as in gcc: `struct { int x; } __attribute__((aligned(8))) m` aligns the struct, not
 * m on top of it, and without a body they are ignored. Qualifiers there still qualify the
 * declaration (`const struct { int x; } c`), as in LuaJIT. Attributes after a tag without a
 * body are the declaration's: the specifiers' loop reads them.
 */
export function structSpecifier(p: Parser, attrs: Attrs, union: boolean, spec: DeclSpec): CTypeId {
  const lx: Lexer = p.lx;
  const reg = p.reg;
  lx.next();
  const typeAttrs = newAttrs();
  parseAttributes(p, typeAttrs);
  const { id, tag } = taggedType(
    p,
    (t) => t.kind === "struct" && t.info.union === union,
    (name) => reg.newAggregate(union, name),
  );
  spec.tagged = true;
  if (lx.tok === 123) {
    const t = reg.get(id);
    if (t.kind !== "struct") return id;
    if (t.info.complete || p.defining.has(t.info)) lx.fail(msg.redefine(tag ?? ""));
    structBody(p, t.info, typeAttrs);
    spec.anonymousBody = tag === undefined;
  }
  attrs.qual |= typeAttrs.qual;
  return id;
}

/** `{ members }` and the attributes after it (into the type's `attrs`); lays the struct out. */
function structBody(p: Parser, info: AggregateInfo, attrs: Attrs): void {
  const lx: Lexer = p.lx;
  const reg = p.reg;
  lx.next();
  p.enterBody();
  p.defining.add(info);
  const members: MemberSpec[] = [];
  const constants = new Map<string, ConstantDecl>();
  let last = false;
  while (lx.tok !== 125) {
    if (!last) {
      const t = simpleMember(p);
      if (t >= 0) {
        members.push({ name: simpleMemberName(), type: t, packed: false });
        continue;
      }
    }
    const spec = declSpec(p, STORAGE_STATIC);
    do {
      // A VLA or flexible array ends the body: LuaJIT says so at the next declarator, of any kind.
      if (last) lx.expected(125);
      if (spec.storage & STORAGE_STATIC) {
        const d = parseDeclarator(p, MODE_DIRECT, spec.attrs);
        const t = buildType(p, spec.base, d, spec.funcQual);
        const c = constInit(p, t);
        // (the first of a name is the one found, as in LuaJIT's chain of members)
        if (d.name !== undefined && !constants.has(d.name)) constants.set(d.name, c);
        continue;
      }
      const d = parseDeclarator(p, MODE_DIRECT | MODE_ABSTRACT | MODE_FIELD, spec.attrs);
      const t = buildType(p, spec.base, d, spec.funcQual);
      if (d.bits !== undefined) {
        checkBitfield(p, t, d.bits, d.name);
        members.push({ ...member(d.name, t, d.attrs), bitsize: d.bits });
      } else if (d.name === undefined) {
        unnamedMember(p, spec, t, d.attrs, members, constants);
      } else {
        const r = reg.get(t);
        if (r.kind === "array" && (r.length === null || r.flexible)) last = true;
        members.push(member(d.name, t, d.attrs));
      }
    } while (lx.opt(44));
    lx.check(59);
  }
  lx.next();
  parseAttributes(p, attrs);
  reg.guardAggregate(info);
  (info as Mutable<AggregateInfo>).constants = constants;
  try {
    layoutAggregate(reg, info, members, { packed: attrs.packed, alignAttr: attrs.align, pack: p.pack });
  } catch (e) {
    // Layout errors carry no position; give them the line, as LuaJIT's cp_err does.
    if (e instanceof FfiError) lx.fail(e.message);
    throw e;
  }
  p.defining.delete(info);
  p.leaveBody();
}

/**
 * A member without a name: of a struct/union or enum type (else `'<identifier>' expected`,
 * as in LuaJIT, which takes any of these as a transparent member and reads on to `,` or `;`),
 * it is a transparent member, an enum's constants, or (gcc) nothing at all. A struct/union
 * named by a typedef (or `$`) is transparent too, as in LuaJIT.
 */
function unnamedMember(
  p: Parser,
  spec: DeclSpec,
  t: CTypeId,
  attrs: Attrs,
  members: MemberSpec[],
  constants: Map<string, ConstantDecl>,
): void {
  const r = p.reg.get(t);
  if ((r.kind !== "struct" && r.kind !== "enum") || (r.kind === "struct" && r.info.vls))
    p.lx.expected(T_IDENT);
  if (spec.anonymousBody || (!spec.tagged && r.kind === "struct")) members.push(member(undefined, t, attrs));
  else if (spec.enumBody) scopeEnumConstants(p, t, constants);
}

function member(name: string | undefined, type: CTypeId, a: Attrs): MemberSpec {
  return a.align === undefined
    ? { name, type, packed: a.packed }
    : { name, type, packed: a.packed, alignAttr: a.align };
}

/** Bitfields need an integer, bool or enum type at least as wide as the field (gcc's rule). */
function checkBitfield(p: Parser, t: CTypeId, bits: number, name: string | undefined): void {
  const r = p.reg.get(t);
  const max =
    r.kind === "int" ? r.size * 8 : r.kind === "enum" ? r.info.size * 8 : r.kind === "bool" ? 1 : -1;
  if (bits > max || (bits === 0 && name !== undefined)) p.lx.raiseAt(msg.badValue(), ":");
}

/** Copies an enum's constants into a struct's scoped constants. */
function scopeEnumConstants(p: Parser, enumId: CTypeId, into: Map<string, ConstantDecl>): void {
  const t = p.reg.get(enumId);
  if (t.kind !== "enum") return;
  for (const c of t.info.constants) {
    const decl = p.reg.declaration(c.name);
    if (decl?.kind === "const" && !into.has(c.name)) into.set(c.name, decl);
  }
}

/**
 * `= value` of a `static const` integer: only const integers up to 32 bits, the value
 * truncated and sign- or zero-extended to the type, as LuaJIT does.
 */
export function constInit(p: Parser, t: CTypeId): ConstantDecl {
  const lx: Lexer = p.lx;
  const r = p.reg.get(t);
  // Only plain integers of up to 32 bits, as LuaJIT's cp_decl_constinit (ctype_isinteger):
  // not bool (which would want true/false) and not an enum type.
  if (r.kind !== "int" || !(r.qual & QUAL_CONST) || r.size > 4) lx.fail(msg.invalidType());
  lx.check(61);
  const k = expr(p);
  const shift = 32 - 8 * r.size;
  const value = r.unsigned ? (k.v << shift) >>> shift : (k.v << shift) >> shift;
  return { kind: "const", type: t, value };
}

/**
 * `enum [attrs] [tag] [{ A, B = expr, ... }] [attrs]`; the keyword is the current token.
 * Attributes written there belong to the enum type, as gcc reads them: `packed` makes it the
 * smallest integer type that holds its constants, `aligned` is ignored (gcc warns and drops
 * it), qualifiers still qualify the declaration.
 */
export function enumSpecifier(p: Parser, attrs: Attrs, spec: DeclSpec): CTypeId {
  const lx: Lexer = p.lx;
  const reg = p.reg;
  lx.next();
  const typeAttrs = newAttrs();
  parseAttributes(p, typeAttrs);
  const { id, tag } = taggedType(
    p,
    (t) => t.kind === "enum",
    (name) => reg.newEnum(name),
  );
  spec.tagged = true;
  if (lx.opt(123)) {
    const t = reg.get(id);
    if (t.kind === "enum" && t.info.complete) lx.fail(msg.redefine(tag ?? ""));
    const constants = enumBody(p);
    parseAttributes(p, typeAttrs);
    reg.completeEnum(id, constants, enumUnderlying(p, constants, typeAttrs.packed));
    spec.enumBody = true;
  }
  attrs.qual |= typeAttrs.qual;
  return id;
}

/**
 * The underlying type of an enum with these constants: `unsigned int`, or `int` when one is
 * negative (LuaJIT's cp_decl_enum); packed, the smallest of char, short and int of that
 * signedness that holds them all (gcc's finish_enum).
 */
function enumUnderlying(p: Parser, constants: readonly EnumConstant[], packed: boolean): CTypeId {
  const reg = p.reg;
  let min = 0;
  let max = 0;
  for (const c of constants) {
    if (c.value < min) min = c.value;
    if (c.value > max) max = c.value;
  }
  const signed = min < 0;
  if (!packed) return signed ? reg.ids.int : reg.ids.uint;
  const fits = (bits: number) =>
    signed ? min >= -(2 ** (bits - 1)) && max < 2 ** (bits - 1) : max < 2 ** bits;
  return reg.integer(fits(8) ? 1 : fits(16) ? 2 : 4, !signed);
}

/**
 * Reads an enum's constants, declaring each: int, except values from 0x80000000 up that came
 * from an unsigned expression, which stay unsigned (LuaJIT's rules, see cp_decl_enum).
 */
function enumBody(p: Parser): EnumConstant[] {
  const lx: Lexer = p.lx;
  const reg = p.reg;
  const ids = reg.ids;
  const constants: EnumConstant[] = [];
  let value = 0;
  let unsigned = false;
  do {
    if (lx.tok !== T_IDENT) lx.expected(T_IDENT);
    const name = lx.str;
    if (reg.hasName(name)) lx.fail(msg.redefine(name));
    lx.next();
    if (lx.opt(61)) {
      const k = constInt(p);
      const r = reg.get(k.t);
      unsigned = r.kind === "int" && r.unsigned && r.size >= 4 && (k.v | 0) < 0;
      value = k.v;
    }
    const v = unsigned ? value >>> 0 : value | 0;
    reg.declare(name, { kind: "const", type: unsigned ? ids.uint : ids.int, value: v });
    constants.push({ name, value: v });
    value = (value + 1) >>> 0;
    if (value === 0x80000000) unsigned = true;
  } while (lx.opt(44) && !lx.at(125));
  lx.check(125);
  return constants;
}

/**
 * The type a `struct`/`union`/`enum` keyword names (the keyword and attributes are consumed): an
 * existing tag of the same kind (`fits`), a new tag declared implicitly (refused for abstract
 * type strings when tags must be declared), or a new anonymous type when a body follows.
 */
function taggedType(
  p: Parser,
  fits: (t: CType) => boolean,
  create: (tag: string | undefined) => CTypeId,
): { id: CTypeId; tag: string | undefined } {
  const lx: Lexer = p.lx;
  const reg = p.reg;
  if (lx.tok === 123) return { id: create(undefined), tag: undefined };
  if (lx.tok !== T_IDENT) lx.expected(T_IDENT);
  const tag = lx.str;
  // A tag bound by `$` names no existing type: LuaJIT's cp_param leaves it unresolved, so
  // `ffi.typeof("struct $", "foo")` is an implicit tag even when `struct foo` exists, and in
  // a cdef `struct $` makes a new type that hides the old one from then on (whatever its
  // kind), as LuaJIT's cp_struct_name does.
  if (isParam(lx)) {
    if (p.noImplicitTags) lx.fail(msg.undeclaredTag(tag));
    const id = create(tag);
    reg.shadowTag(tag, id);
    lx.next();
    return { id, tag };
  }
  let id = reg.tag(tag);
  if (id !== undefined) {
    if (!fits(reg.get(id))) lx.fail(msg.redefine(tag));
  } else {
    if (p.noImplicitTags) lx.fail(msg.undeclaredTag(tag));
    id = create(tag);
    reg.addTag(tag, id);
  }
  lx.next();
  return { id, tag };
}

/** Whether the current token is a `$` argument (its spelling in the lexer's window). */
function isParam(lx: Lexer): boolean {
  return lx.window[lx.ahead() - 1] === "$";
}
