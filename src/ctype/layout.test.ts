/*
 * The layout module on hand-built records: sizeof/alignof of every kind of type, what
 * layoutAggregate records, and what it refuses. Layouts written as C live in
 * test/layout-cases.test.ts (through the parser) and are proven by the gcc oracle
 * (layout-gcc.test.ts).
 */

import { describe, expect, test } from "vitest";
import { FfiError } from "./errors";
import {
  alignOf,
  layoutAggregate,
  type MemberSpec,
  objectQualifiers,
  sizeOf,
  sizeOfVariable,
} from "./layout";
import { Registry } from "./registry";
import { type CTypeId, QUAL_CONST, QUAL_VOLATILE } from "./types";

function setup() {
  const reg = new Registry();
  /** Lays out a new struct/union from [type, name, bitsize?] members. */
  const aggregate = (
    members: [CTypeId, string | undefined, number?][],
    opts: { union?: boolean; packed?: boolean; pack?: number } = {},
  ) => {
    const id = reg.newAggregate(opts.union ?? false, undefined);
    const t = reg.get(id);
    if (t.kind !== "struct") throw new Error("not a struct");
    const specs: MemberSpec[] = members.map(([type, name, bitsize]) => ({
      name,
      type,
      bitsize,
      packed: false,
    }));
    layoutAggregate(reg, t.info, specs, { packed: opts.packed ?? false, pack: opts.pack });
    return { id, info: t.info };
  };
  return { reg, ids: reg.ids, aggregate };
}

describe("sizeOf / alignOf", () => {
  const { reg, ids, aggregate } = setup();
  const incomplete = reg.newAggregate(false, "opaque");
  const enumIncomplete = reg.newEnum("later");
  const enumDone = reg.newEnum("done");
  reg.completeEnum(enumDone, [{ name: "A", value: 1 }], ids.uint);
  const fn = reg.func(ids.int, [], false, "cdecl");
  const s = aggregate([
    [ids.char, "c"],
    [ids.double, "d"],
  ]).id;

  test.each<[string, CTypeId, number | undefined, number]>([
    ["void", ids.void, undefined, 1],
    ["bool", ids.bool, 1, 1],
    ["char", ids.char, 1, 1],
    ["short", ids.short, 2, 2],
    ["int", ids.int, 4, 4],
    ["int64_t", ids.int64, 8, 8],
    ["float", ids.float, 4, 4],
    ["double", ids.double, 8, 8],
    ["long double", ids.longDouble, 16, 16],
    ["complex float", ids.complexFloat, 8, 4],
    ["complex", ids.complexDouble, 16, 8],
    ["float vector_size(16)", reg.vector(ids.float, 16), 16, 16],
    ["enum (complete)", enumDone, 4, 4],
    ["enum (incomplete: LuaJIT's has no integer type yet, so alignment 1)", enumIncomplete, undefined, 1],
    ["pointer", ids.voidPtr, 8, 8],
    ["reference", reg.reference(ids.char), 8, 8],
    ["function", fn, undefined, 1],
    ["int[10]", reg.array(ids.int, 10), 40, 4],
    ["int[3][4]", reg.array(reg.array(ids.int, 4), 3), 48, 4],
    ["int[0]", reg.array(ids.int, 0), 0, 4],
    ["int[?]", reg.array(ids.int, null), undefined, 4],
    ["int[] (flexible: unsized, unlike int[0])", reg.array(ids.int, 0, true), undefined, 4],
    ["struct { char; double; }", s, 16, 8],
    ["incomplete struct", incomplete, undefined, 1],
    ["const double", reg.withQual(ids.double, QUAL_CONST), 8, 8],
    ["int aligned(16)", reg.withAlign(ids.int, 16), 4, 16],
    ["int aligned(1), a typedef lowering it", reg.withAlign(ids.int, 1), 4, 1],
  ])("%s", (_, id, size, align) => {
    expect(sizeOf(reg, id)).toBe(size);
    expect(alignOf(reg, id)).toBe(align);
  });
});

describe("variable-length types", () => {
  const { reg, ids, aggregate } = setup();

  test("a VLA has a size once it has a count", () => {
    const vla = reg.array(ids.double, null);
    expect(sizeOfVariable(reg, vla, 5)).toBe(40);
    expect(sizeOfVariable(reg, vla, 2 ** 30)).toBeUndefined();
  });

  test("a struct ending in a VLA is a VLS: sized with a count, the fixed part padded", () => {
    const { id, info } = aggregate([
      [ids.int, "n"],
      [ids.char, "c"],
      [reg.array(ids.short, null), "v"],
    ]);
    expect(info.vls).toBe(true);
    expect(info.size).toBe(8);
    expect(info.fields.at(-1)?.offset).toBe(6);
    expect(sizeOf(reg, id)).toBeUndefined();
    expect(sizeOfVariable(reg, id, 3)).toBe(14);
  });

  test("a trailing flexible array takes no room and leaves the struct fixed-size (gcc)", () => {
    const { id, info } = aggregate([
      [ids.char, "c"],
      [reg.array(ids.double, 0, true), "d"],
    ]);
    expect(info.vls).toBe(false);
    expect(info.fields.at(-1)?.offset).toBe(8);
    expect(sizeOf(reg, id)).toBe(8);
  });

  test("sizeOfVariable of a fixed-size type is its size", () => {
    expect(sizeOfVariable(reg, ids.int, 7)).toBe(4);
  });
});

describe("layoutAggregate records", () => {
  const { reg, ids, aggregate } = setup();

  test("every member in order, unnamed bitfields as padding fields", () => {
    const { info } = aggregate([
      [ids.char, "c"],
      [ids.int, undefined, 0],
      [ids.short, undefined, 3],
      [ids.uint, "x", 5],
      [ids.uint, "full", 32],
    ]);
    expect(info.complete).toBe(true);
    expect(info.fields).toEqual([
      { name: "c", type: ids.char, offset: 0 },
      { name: undefined, type: ids.int, offset: 4, bitpos: 0, bitsize: 0 },
      { name: undefined, type: ids.short, offset: 4, bitpos: 0, bitsize: 3 },
      { name: "x", type: ids.uint, offset: 4, bitpos: 3, bitsize: 5 },
      { name: "full", type: ids.uint, offset: 8 },
    ]);
  });

  test("a bitfield's container is a unit of its type's size; bits may run past it when packed", () => {
    const { info } = aggregate(
      [
        [ids.char, "c"],
        [ids.short, "s", 14],
      ],
      { packed: true },
    );
    expect(info.fields[1]).toEqual({ name: "s", type: ids.short, offset: 0, bitpos: 8, bitsize: 14 });
    expect(info.size).toBe(3);
  });

  test("the qualifiers of its members at any depth (cp_struct_layout's merged info)", () => {
    const inner = aggregate([[reg.array(reg.withQual(ids.int, QUAL_VOLATILE), 2), "v"]]);
    const outer = aggregate([
      [ids.char, "c"],
      [reg.withQual(ids.int, QUAL_CONST), "k"],
      [inner.id, "in"],
    ]);
    expect(aggregate([[ids.int, "n"]]).info.memberQual).toBe(0);
    expect(inner.info.memberQual).toBe(QUAL_VOLATILE);
    expect(outer.info.memberQual).toBe(QUAL_CONST | QUAL_VOLATILE);
    expect(objectQualifiers(reg, reg.get(reg.array(outer.id, 3)))).toBe(QUAL_CONST | QUAL_VOLATILE);
  });
});

describe("layoutAggregate refuses", () => {
  const { reg, ids, aggregate } = setup();
  const opaque = reg.newAggregate(false, "opaque");
  test.each<[string, [CTypeId, string | undefined, number?][], boolean]>([
    ["an incomplete member", [[opaque, "o"]], false],
    ["a void member", [[ids.void, "v"]], false],
    ["a function member", [[reg.func(ids.int, [], false, "cdecl"), "f"]], false],
    [
      "a VLA before the end",
      [
        [reg.array(ids.int, null), "v"],
        [ids.int, "n"],
      ],
      false,
    ],
    ["a VLA in a union", [[reg.array(ids.int, null), "v"]], true],
    [
      "a flexible array before the end",
      [
        [reg.array(ids.int, 0, true), "v"],
        [ids.int, "n"],
      ],
      false,
    ],
    ["a flexible array in a union", [[reg.array(ids.int, 0, true), "v"]], true],
    ["a bitfield of a float", [[ids.float, "f", 3]], false],
    ["a bitfield wider than its type", [[ids.char, "c", 9]], false],
    ["a bool bitfield wider than 1", [[ids.bool, "b", 2]], false],
  ])("%s", (_, members, union) => {
    expect(() => aggregate(members, { union })).toThrow(FfiError);
  });
});
