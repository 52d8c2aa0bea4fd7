import { describe, expect, test } from "vitest";
import { findConstant, findField } from "./fields";
import { layoutAggregate } from "./layout";
import { Registry } from "./registry";
import { type ConstantDecl, type CTypeId, QUAL_CONST } from "./types";

describe("findField", () => {
  const reg = new Registry();
  const { ids } = reg;
  const aggregate = (
    members: [CTypeId, string | undefined, number?][],
    constants: [string, number][] = [],
    union = false,
  ) => {
    const id = reg.newAggregate(union, undefined);
    const t = reg.get(id);
    if (t.kind !== "struct") throw new Error("not a struct");
    t.info.constants = new Map(
      constants.map(([name, value]): [string, ConstantDecl] => [
        name,
        { kind: "const", type: ids.int, value },
      ]),
    );
    layoutAggregate(
      reg,
      t.info,
      members.map(([type, name, bitsize]) => ({ name, type, bitsize, packed: false })),
      { packed: false },
    );
    return id;
  };
  // struct { char c; union { int i; const struct { short a; int b:3; }; }; int :4; double d; }
  const deepest = aggregate(
    [
      [ids.short, "a"],
      [ids.int, "b", 3],
    ],
    [["K", 7]],
  );
  const middle = aggregate(
    [
      [ids.int, "i"],
      [reg.withQual(deepest, QUAL_CONST), undefined],
    ],
    [],
    true,
  );
  const outer = aggregate([
    [ids.char, "c"],
    [middle, undefined],
    [ids.int, undefined, 4],
    [ids.double, "d"],
  ]);

  test("direct members", () => {
    expect(findField(reg, outer, "c")).toMatchObject({ offset: 0, qual: 0, field: { name: "c" } });
    expect(findField(reg, outer, "d")).toMatchObject({ offset: 16, qual: 0 });
  });

  test("through transparent members, offsets added up, qualifiers collected", () => {
    expect(findField(reg, outer, "i")).toMatchObject({ offset: 4, qual: 0 });
    expect(findField(reg, outer, "a")).toMatchObject({ offset: 4, qual: QUAL_CONST });
    expect(findField(reg, outer, "b")).toMatchObject({
      offset: 4,
      qual: QUAL_CONST,
      field: { bitpos: 16, bitsize: 3 },
    });
  });

  test("missing names and non-aggregates", () => {
    expect(findField(reg, outer, "nope")).toBeUndefined();
    expect(findField(reg, ids.int, "c")).toBeUndefined();
  });

  test("scoped constants, also through transparent members", () => {
    expect(findConstant(reg, deepest, "K")?.value).toBe(7);
    expect(findConstant(reg, outer, "K")?.value).toBe(7);
    expect(findConstant(reg, outer, "c")).toBeUndefined();
  });
});
