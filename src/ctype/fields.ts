/*
 * Member lookup in structs and unions, through transparent (unnamed struct/union) members,
 * as LuaJIT's lj_ctype_getfieldq does: a depth-first search in declaration order, the
 * offsets of the transparent members on the way added up. Scoped constants (`static const`
 * members and enum constants declared inside the body) are found the same way.
 */

import type { Registry } from "./registry";
import type { ConstantDecl, CTypeId, Field } from "./types";

/** A member found by name, with its byte offset from the start of the outermost aggregate. */
export interface FieldRef {
  readonly field: Field;
  /** For a bitfield, the offset of its container; `field.bitpos` is relative to it. */
  readonly offset: number;
  /**
   * QUAL_* bits of the transparent members it was found through (a member of a
   * `const struct { ... };` member is const, as in LuaJIT); the field's own are on its type.
   */
  readonly qual: number;
}

/** The member `name` of struct/union `structId`, searching transparent members too. */
export function findField(reg: Registry, structId: CTypeId, name: string): FieldRef | undefined {
  const t = reg.get(structId);
  if (t.kind !== "struct") return undefined;
  for (const field of t.info.fields) {
    if (field.name === name) return { field, offset: field.offset, qual: 0 };
    if (field.name === undefined && field.bitsize === undefined) {
      const inner = findField(reg, field.type, name);
      if (inner !== undefined) {
        const qual = inner.qual | reg.get(field.type).qual;
        return { field: inner.field, offset: field.offset + inner.offset, qual };
      }
    }
  }
  return undefined;
}

/** The scoped constant `name` of struct/union `structId`, searching transparent members too. */
export function findConstant(reg: Registry, structId: CTypeId, name: string): ConstantDecl | undefined {
  const t = reg.get(structId);
  if (t.kind !== "struct") return undefined;
  const own = t.info.constants.get(name);
  if (own !== undefined) return own;
  for (const field of t.info.fields) {
    if (field.name === undefined && field.bitsize === undefined) {
      const inner = findConstant(reg, field.type, name);
      if (inner !== undefined) return inner;
    }
  }
  return undefined;
}
