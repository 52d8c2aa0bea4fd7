/*
 * Struct and union layout, exactly as gcc lays them out for x86-64 System V (C, not C++).
 *
 * Follows LuaJIT's cp_struct_layout (lj_cparse.c) for the shape of the job: one pass over
 * the members with a running bit offset, bitfields recorded as (container offset, bit
 * position, width), a full aligned container turned into a plain field. The rules are gcc's
 * (stor-layout.c: layout_decl, update_alignment_for_field, place_field), which differ from
 * LuaJIT's where LuaJIT refuses or simplifies:
 *
 * - A member's alignment: `aligned(n)` on the member only raises its type's alignment,
 *   except on a packed member, where it sets it (packing supersedes alignment inherited from
 *   a typedef, not alignment written on the member). `#pragma pack(n)` then caps the result,
 *   user alignment included.
 * - A bitfield is placed at the next free bit. Only when neither packing nor `#pragma pack`
 *   is in force does gcc move it to the next unit of its type's alignment if it would
 *   otherwise span more such units than its type has (PCC_BITFIELD_TYPE_MATTERS). So packed
 *   and pragma-packed bitfields are bit-contiguous and may cross containers, and 64-bit
 *   bitfields follow the same rule as the others: LuaJIT rejects both.
 * - Named bitfields raise the aggregate's alignment to their type's alignment (capped by
 *   `#pragma pack`, else by packing); unnamed ones don't raise it at all.
 * - `:0` aligns the next member to its type's alignment whatever packing is in force, and
 *   raises nothing.
 * - A bitfield whose width is exactly 8/16/32/64 and that lands on a boundary of that size
 *   becomes an ordinary member of that width for gcc, which can raise the alignment of a
 *   type whose typedef lowered its alignment below its size.
 * - A union's size is its largest member in whole bytes, bitfields rounded up to a byte.
 * - Aggregate alignment: its own `aligned(n)` (never capped by `#pragma pack`), raised by its
 *   members; size rounded up to it. An empty struct has size 0 (gcc's C extension).
 *
 * Alignment written on a typedef (record.alignAttr) replaces the natural alignment, as gcc
 * does: `typedef int i1 __attribute__((aligned(1)))` is a 4-byte int aligned to 1.
 */

import { FfiError, msg } from "./errors";
import type { Registry } from "./registry";
import { type AggregateInfo, type CType, type CTypeId, type Field, QUAL_CONST, QUAL_VOLATILE } from "./types";

/** One member of a struct/union body, as the parser hands it over. */
export interface MemberSpec {
  name: string | undefined;
  type: CTypeId;
  /** Bitfield width; undefined for an ordinary member. */
  bitsize?: number;
  /** `__attribute__((packed))` on the member. */
  packed: boolean;
  /** `__attribute__((aligned(n)))` on the member, in bytes. */
  alignAttr?: number;
}

/** Attributes of the struct/union itself and the `#pragma pack` state at its definition. */
export interface AggregateAttrs {
  packed: boolean;
  alignAttr?: number;
  /** `#pragma pack(n)` in force, undefined = none. */
  pack?: number;
}

/** Largest size LuaJIT accepts for a type (CTSIZE limit), in bytes. */
const MAX_SIZE = 0x7fffffff;
/** Size from which LuaJIT refuses a struct/union member, in bytes: 2^32 bits. */
const MAX_MEMBER_SIZE = 0x20000000;

/** Lays out a struct/union body: sets info.fields, size, align, vls, memberQual, complete. */
export function layoutAggregate(
  reg: Registry,
  info: AggregateInfo,
  members: readonly MemberSpec[],
  attrs: AggregateAttrs,
): void {
  const c: Cursor = {
    union: info.union,
    pack: attrs.pack === undefined ? undefined : attrs.pack * 8,
    pos: 0,
    align: Math.max(8, (attrs.alignAttr ?? 1) * 8),
    unionBytes: 0,
  };
  let vls = false;
  const fields = members.map((m, i): Field => {
    if (m.bitsize !== undefined) return placeBitfield(reg, c, m, attrs.packed);
    let size = sizeOf(reg, m.type);
    if (size === undefined) {
      // A trailing `T[]` takes no room; a trailing `T[?]` makes a variable-length struct;
      // anything else unsized is an error (as in LuaJIT, also `T[]` in a union).
      const t = reg.get(m.type);
      const last = i === members.length - 1;
      if (
        t.kind !== "array" ||
        (t.length !== null && !t.flexible) ||
        info.union ||
        !last ||
        sizeOf(reg, t.elem) === undefined
      ) {
        throw new FfiError(msg.sizeUnknown());
      }
      if (t.length === null) vls = true;
      size = 0;
    }
    // LuaJIT counts a struct's bits in 32 bits: a member of 512 MiB or more, or one ending
    // past that, is too large (cp_struct_layout).
    if (size >= MAX_MEMBER_SIZE || (!c.union && c.pos + size * 8 >= 2 ** 32)) {
      throw new FfiError(msg.sizeUnknown());
    }
    return placeMember(reg, c, m, attrs.packed, size);
  });

  const bytes = info.union ? c.unionBytes : Math.ceil(c.pos / 8);
  const align = c.align / 8;
  const size = roundUp(bytes, align);
  if (size > MAX_SIZE) throw new FfiError(msg.sizeUnknown());
  info.fields = fields;
  info.size = size;
  info.align = align;
  info.vls = vls;
  let memberQual = 0;
  for (const f of fields) memberQual |= objectQualifiers(reg, reg.get(f.type));
  info.memberQual = memberQual;
  info.complete = true;
}

/** The running state of one layout pass; positions and alignments in bits, as in gcc. */
interface Cursor {
  readonly union: boolean;
  /** `#pragma pack` in force, in bits. */
  readonly pack: number | undefined;
  /** Next free bit (structs). */
  pos: number;
  /** Alignment of the aggregate so far. */
  align: number;
  /** Largest member so far, in bytes (unions). */
  unionBytes: number;
}

/** Places an ordinary member of `size` bytes (gcc's layout_decl + place_field). */
function placeMember(reg: Registry, c: Cursor, m: MemberSpec, structPacked: boolean, size: number): Field {
  const typeAlign = alignOf(reg, m.type) * 8;
  const packed = m.packed || structPacked;
  const userAlign = m.alignAttr === undefined ? undefined : m.alignAttr * 8;
  let desired = packed && userAlign !== undefined ? userAlign : Math.max(userAlign ?? 1, typeAlign);
  if (packed && userAlign === undefined) desired = Math.min(desired, 8);
  if (c.pack !== undefined) desired = Math.min(desired, c.pack);
  c.align = Math.max(c.align, desired);
  const at = c.union ? 0 : roundUp(c.pos, desired);
  if (c.union) c.unionBytes = Math.max(c.unionBytes, size);
  else c.pos = at + size * 8;
  return { name: m.name, type: m.type, offset: at / 8 };
}

/** Places a bitfield (gcc's layout_decl + update_alignment_for_field + place_field). */
function placeBitfield(reg: Registry, c: Cursor, m: MemberSpec, structPacked: boolean): Field {
  const bits = m.bitsize ?? 0;
  const typeBits = bitfieldTypeBits(reg.get(m.type), bits);
  const typeAlign = alignOf(reg, m.type) * 8;
  // Packed even when the type is byte-aligned: that exempts a char bitfield from the span
  // rule below (gcc's "still pack bitfields").
  const packed = m.packed || structPacked;
  const start = c.union ? 0 : c.pos;
  let desired = m.alignAttr === undefined ? 1 : m.alignAttr * 8;
  let ordinary = false;
  if (bits === 0) {
    desired = typeAlign;
  } else {
    // An exact 8/16/32/64-bit width already on a boundary of that size is an ordinary
    // member to gcc: aligned to its width, and exempt from the span rule.
    if ((bits & (bits - 1)) === 0 && bits >= 8 && !(bits > 8 && packed) && start % bits === 0) {
      desired = Math.max(desired, bits);
      ordinary = true;
    }
    if (c.pack !== undefined) desired = Math.min(desired, c.pack);
  }
  let at = roundUp(start, desired);
  if (
    !ordinary &&
    bits > 0 &&
    !packed &&
    c.pack === undefined &&
    spansTooMany(at, bits, typeAlign, typeBits)
  ) {
    at = roundUp(at, typeAlign);
  }
  if (m.name !== undefined && bits > 0) {
    const capped =
      c.pack !== undefined ? Math.min(typeAlign, c.pack) : packed ? Math.min(typeAlign, 8) : typeAlign;
    c.align = Math.max(c.align, desired, capped);
  }
  if (c.union) c.unionBytes = Math.max(c.unionBytes, Math.ceil(bits / 8));
  else c.pos = at + bits;
  return bitfield(m, at, typeBits);
}

/**
 * sizeof: undefined for void, functions, incomplete types, flexible arrays `T[]`, VLA and VLS
 * (no count).
 */
export function sizeOf(reg: Registry, id: CTypeId): number | undefined {
  const t = reg.get(id);
  switch (t.kind) {
    case "void":
    case "func":
      return undefined;
    case "bool":
    case "int":
    case "float":
    case "complex":
    case "vector":
      return t.size;
    case "enum":
      return t.info.complete ? t.info.size : undefined;
    case "ptr":
    case "ref":
      return 8;
    case "array": {
      if (t.length === null || t.flexible) return undefined;
      const elem = sizeOf(reg, t.elem);
      return elem === undefined ? undefined : elem * t.length;
    }
    case "struct":
      return t.info.complete && !t.info.vls ? t.info.size : undefined;
  }
}

/** sizeof of a VLA/VLS with `n` elements in its variable part. */
export function sizeOfVariable(reg: Registry, id: CTypeId, n: number): number | undefined {
  const t = reg.get(id);
  let fixed = 0;
  let vla: CType = t;
  if (t.kind === "struct" && t.info.vls) {
    // As LuaJIT's lj_ctype_vlsize: the padded fixed part plus the elements, no re-rounding.
    const last = t.info.fields[t.info.fields.length - 1];
    if (last === undefined) return undefined;
    fixed = t.info.size;
    vla = reg.get(last.type);
  }
  if (vla.kind !== "array" || vla.length !== null) return sizeOf(reg, id);
  const elem = sizeOf(reg, vla.elem);
  if (elem === undefined) return undefined;
  const size = fixed + elem * n;
  return size <= MAX_SIZE ? size : undefined;
}

/**
 * The qualifiers (const, volatile) an object of type `t` is written and pointed to with: its
 * own and, as LuaJIT's pseudo-qualifiers, those of its elements and members at any depth
 * (cp_struct_layout merges the members' into the struct's info, an array inherits its
 * element's). So a struct with a const field cannot be assigned as a whole, and a pointer to it
 * does not convert implicitly to `void *`.
 */
export function objectQualifiers(reg: Registry, t: CType): number {
  const q = t.qual & (QUAL_CONST | QUAL_VOLATILE);
  switch (t.kind) {
    case "array":
    case "vector":
      return q | objectQualifiers(reg, reg.get(t.elem));
    case "struct":
      return q | t.info.memberQual;
    default:
      return q;
  }
}

/** alignof in bytes: the natural x86-64 alignment, or the typedef's `aligned(n)`. */
export function alignOf(reg: Registry, id: CTypeId): number {
  const t = reg.get(id);
  if (t.alignAttr !== undefined) return t.alignAttr;
  switch (t.kind) {
    case "void":
    case "func":
    case "bool":
      return 1;
    case "int":
    case "vector":
      return t.size;
    case "float":
      return t.size;
    case "complex":
      return alignOf(reg, t.part);
    case "enum":
      // An incomplete enum is LuaJIT's CT_ENUM of void, aligned 1; a complete one its
      // underlying integer (4 bytes, or fewer when packed).
      return t.info.complete ? t.info.size : 1;
    case "ptr":
    case "ref":
      return 8;
    case "array":
      return alignOf(reg, t.elem);
    case "struct":
      return t.info.align;
  }
}

/** Size in bits of a bitfield's declared type; throws when it can't hold a bitfield that wide. */
function bitfieldTypeBits(t: CType, bitsize: number): number {
  const size = t.kind === "int" || t.kind === "bool" ? t.size : t.kind === "enum" ? t.info.size : 0;
  const max = t.kind === "bool" ? 1 : size * 8;
  if (size === 0 || bitsize < 0 || bitsize > max) throw new FfiError(msg.invalidType());
  return size * 8;
}

/**
 * gcc's excess_unit_span: would a bitfield of `bits` at bit `at` touch more units of
 * `align` bits than its type of `typeBits` holds?
 */
function spansTooMany(at: number, bits: number, align: number, typeBits: number): boolean {
  return Math.floor(((at % align) + bits + align - 1) / align) > Math.floor(typeBits / align);
}

/**
 * The Field of a bitfield placed at absolute bit `at`: its container is the unit of the
 * declared type's size that holds its first bit (what LuaJIT's ffi.offsetof reports). A
 * named bitfield filling a whole aligned container is an ordinary field, as in LuaJIT.
 */
function bitfield(m: MemberSpec, at: number, typeBits: number): Field {
  const bitpos = at % typeBits;
  const offset = (at - bitpos) / 8;
  if (m.name !== undefined && bitpos === 0 && m.bitsize === typeBits) {
    return { name: m.name, type: m.type, offset };
  }
  return { name: m.name, type: m.type, offset, bitpos, bitsize: m.bitsize };
}

function roundUp(n: number, align: number): number {
  return Math.ceil(n / align) * align;
}
