/*
 * Builds generated declarations straight into a registry through layoutAggregate, without
 * the C parser: the layout half of the gcc oracle stands on its own this way, and a
 * mismatch found through `cdef` can be told apart from a layout bug.
 */

import { layoutAggregate, type MemberSpec } from "../layout";
import type { Registry } from "../registry";
import type { CTypeId } from "../types";
import type { RecordDesc, Scalar, TopDecl, TypeDesc } from "./random-decls";

/** Declares the prelude's and `decls`' types in `reg`; top-level ids by tag. */
export function buildDecls(reg: Registry, decls: readonly TopDecl[]): Map<string, CTypeId> {
  const scalars = scalarIds(reg);
  const built = new Map<RecordDesc, CTypeId>();
  const typeId = (t: TypeDesc): CTypeId => {
    switch (t.kind) {
      case "scalar": {
        const id = scalars.get(t.scalar.name);
        if (id === undefined) throw new Error(`no type for ${t.scalar.name}`);
        return id;
      }
      case "array":
        return reg.array(typeId(t.elem), t.length);
      case "record":
        return built.get(t.record) ?? record(t.record);
      case "alias":
        return reg.withAlign(built.get(t.record)!, t.record.alias!);
    }
  };
  const record = (d: RecordDesc): CTypeId => {
    const id = reg.newAggregate(d.union, d.tag);
    const t = reg.get(id);
    if (t.kind !== "struct") throw new Error("newAggregate made no struct");
    const members: MemberSpec[] = d.members.map((m) => {
      let type = typeId(m.type);
      if (m.variable !== undefined) type = reg.array(type, m.variable === "vla" ? null : 0);
      return { name: m.name, type, bitsize: m.bits, packed: m.packed, alignAttr: m.align };
    });
    layoutAggregate(reg, t.info, members, { packed: d.packed, alignAttr: d.align, pack: d.pack });
    built.set(d, id);
    return id;
  };
  const tags = new Map<string, CTypeId>();
  for (const d of decls) tags.set(d.tag, record(d));
  return tags;
}

/** Registry ids for every Scalar of the generator, prelude typedefs included. */
function scalarIds(reg: Registry): Map<string, CTypeId> {
  const { ids } = reg;
  const e = reg.newEnum("E");
  reg.completeEnum(
    e,
    [
      { name: "E0", value: 0 },
      { name: "E1", value: 1000 },
    ],
    ids.uint,
  );
  // packed enums get their smallest integer type, and an enum's aligned attribute is dropped
  const packed = (tag: string, values: number[], underlying: CTypeId): CTypeId => {
    const id = reg.newEnum(tag);
    reg.completeEnum(
      id,
      values.map((value, i) => ({ name: `${tag}_${i}`, value })),
      underlying,
    );
    return id;
  };
  const entries: [Scalar["name"], CTypeId][] = [
    ["char", ids.char],
    ["signed char", ids.char],
    ["unsigned char", ids.uchar],
    ["short", ids.short],
    ["unsigned short", ids.ushort],
    ["int", ids.int],
    ["unsigned int", ids.uint],
    ["long", ids.int64],
    ["unsigned long", ids.uint64],
    ["long long", ids.int64],
    ["unsigned long long", ids.uint64],
    ["_Bool", ids.bool],
    ["int8_t", ids.char],
    ["uint16_t", ids.ushort],
    ["int32_t", ids.int],
    ["uint64_t", ids.uint64],
    ["size_t", ids.uint64],
    ["float", ids.float],
    ["double", ids.double],
    ["long double", ids.longDouble],
    ["void *", ids.voidPtr],
    ["char *", ids.charPtr],
    ["enum E", e],
    ["enum EPU8", packed("EPU8", [0, 255], ids.uchar)],
    ["enum EPS8", packed("EPS8", [-128, 127], ids.char)],
    ["enum EPS16", packed("EPS16", [-129], ids.short)],
    ["enum EPU32", packed("EPU32", [65536], ids.uint)],
    ["enum EA8", packed("EA8", [0], ids.uint)],
    ["_Complex float", ids.complexFloat],
    ["_Complex double", ids.complexDouble],
    ["v4sf", reg.vector(ids.float, 16)],
    ["v2si", reg.vector(ids.int, 8)],
    ["v8sf", reg.vector(ids.float, 32)],
    ["v4qi", reg.vector(ids.char, 4)],
    ["_Complex long double", ids.complexLongDouble],
    ["a_i8", reg.withAlign(ids.int, 8)],
    ["a_s1", reg.withAlign(ids.short, 1)],
    ["a_ll4", reg.withAlign(ids.int64, 4)],
    ["a_u16", reg.withAlign(ids.uint, 16)],
    ["a_c4", reg.withAlign(ids.char, 4)],
  ];
  return new Map(entries);
}
