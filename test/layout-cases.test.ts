/*
 * Hand-written layouts through `cdef`, one line each: the rules of gcc's x86-64 layout as
 * readable examples (the random gcc oracle in layout-gcc.test.ts is what proves them).
 * Members are checked as LuaJIT's ffi.offsetof reports them: [offset] for an ordinary member,
 * [container offset, bit position, bit width] for a bitfield. Lives outside src/ because it
 * spans ctype and ctype-parser.
 */

import { describe, expect, test } from "vitest";
import { findField, Registry, sizeOf, sizeOfVariable } from "../src/ctype";
import { cdef } from "../src/ctype-parser";

interface Expected {
  size: number;
  align: number;
  [member: string]: number | number[];
}

/** Lays out `decl` (preceded by `before`: typedefs, `#pragma pack`) and checks it. */
function expectLayout(decl: string, expected: Expected, before = ""): void {
  const reg = new Registry();
  cdef(reg, `${before}\ntypedef ${decl} T;`);
  const id = reg.typedef("T")!;
  const t = reg.get(id);
  if (t.kind !== "struct") throw new Error("not a struct");
  const got: Record<string, number | number[]> = { size: t.info.size, align: t.info.align };
  for (const name of Object.keys(expected)) {
    if (name === "size" || name === "align") continue;
    const f = findField(reg, id, name);
    if (f === undefined) continue;
    got[name] = f.field.bitsize === undefined ? [f.offset] : [f.offset, f.field.bitpos!, f.field.bitsize];
  }
  expect(got).toEqual(expected);
}

describe("ordinary members", () => {
  test.each<[string, Expected]>([
    ["struct { char a; int b; }", { size: 8, align: 4, b: [4] }],
    ["struct { char a; short b; char c; }", { size: 6, align: 2, b: [2], c: [4] }],
    ["struct { char a; double b; }", { size: 16, align: 8, b: [8] }],
    ["struct { long double x; char c; }", { size: 32, align: 16, c: [16] }],
    ["struct { int a[3][2]; char c; }", { size: 28, align: 4, c: [24] }],
    ["struct { char c; struct { char d; int e; } s; }", { size: 12, align: 4, s: [4] }],
    ["struct { char c; union { int i; float f; }; }", { size: 8, align: 4, i: [4], f: [4] }],
    ["union { char a; int b; double c; }", { size: 8, align: 8, a: [0], c: [0] }],
    ["struct { }", { size: 0, align: 1 }],
    ["struct { char c; int a[0]; }", { size: 4, align: 4, a: [4] }],
    ["struct { int n; char s[]; }", { size: 4, align: 4, s: [4] }],
  ])("%s", (decl, expected) => expectLayout(decl, expected));
});

describe("bitfields", () => {
  test.each<[string, Expected]>([
    ["struct { int a:3; int b:5; }", { size: 4, align: 4, a: [0, 0, 3], b: [0, 3, 5] }],
    // A bitfield shares the unit of the member before it when it fits in its own type's unit.
    ["struct { char a; int b:4; }", { size: 4, align: 4, b: [0, 8, 4] }],
    ["struct { char a:7; char b:2; }", { size: 2, align: 1, b: [1, 0, 2] }],
    ["struct { int a:31; int b:2; }", { size: 8, align: 4, b: [4, 0, 2] }],
    ["struct { long long a:40; long long b:30; }", { size: 16, align: 8, b: [8, 0, 30] }],
    ["struct { char c; long long a:40; }", { size: 8, align: 8, a: [0, 8, 40] }],
    ["struct { _Bool a:1; _Bool b:1; }", { size: 1, align: 1, b: [0, 1, 1] }],
    // A full, aligned container is an ordinary member, as LuaJIT reports it.
    ["struct { unsigned long long a:64; }", { size: 8, align: 8, a: [0] }],
    // `:0` aligns the next member to its type but raises nothing; unnamed bitfields neither.
    ["struct { char c; int :0; char d; }", { size: 5, align: 1, d: [4] }],
    ["struct { char c; int :3; }", { size: 2, align: 1 }],
    ["struct { char c; int x:3; }", { size: 4, align: 4, x: [0, 8, 3] }],
    ["union { char c; int :9; }", { size: 2, align: 1 }],
    ["union { int x:3; }", { size: 4, align: 4, x: [0, 0, 3] }],
  ])("%s", (decl, expected) => expectLayout(decl, expected));
});

describe("packed and aligned", () => {
  test.each<[string, Expected]>([
    ["struct __attribute__((packed)) { char c; int x; }", { size: 5, align: 1, x: [1] }],
    ["struct { char c; int x __attribute__((packed)); }", { size: 5, align: 1, x: [1] }],
    ["struct { char c; int x __attribute__((aligned(8))); }", { size: 16, align: 8, x: [8] }],
    // On a packed member `aligned` sets the alignment, even below the type's.
    ["struct { char c; int x __attribute__((packed, aligned(2))); }", { size: 6, align: 2, x: [2] }],
    ["struct __attribute__((aligned(16))) { char c; }", { size: 16, align: 16 }],
    ["struct __attribute__((packed, aligned(4))) { char c; int x; }", { size: 8, align: 4, x: [1] }],
    // Packed bitfields run on bit by bit across container boundaries (LuaJIT refuses these).
    [
      "struct __attribute__((packed)) { char c; int x:30; int y:4; }",
      { size: 6, align: 1, x: [0, 8, 30], y: [4, 6, 4] },
    ],
    [
      "struct __attribute__((packed)) { char a; char b:5; char c:5; int d:5; int e:30; }",
      { size: 7, align: 1, b: [1, 0, 5], c: [1, 5, 5], d: [0, 18, 5], e: [0, 23, 30] },
    ],
    // Attributes at a nested body belong to its type, not to the member declared with it.
    [
      "struct __attribute__((packed)) { char c; struct { int x; } __attribute__((aligned(8))) m; }",
      { size: 9, align: 1, m: [1] },
    ],
    [
      "struct { char c; struct __attribute__((packed)) { char d; int x __attribute__((aligned(4))); } m; }",
      { size: 12, align: 4, m: [4] },
    ],
    // After a tag without a body they are the member's; before the tag gcc ignores them.
    ["struct { char c; struct s4 __attribute__((aligned(8))) m; }", { size: 16, align: 8, m: [8] }],
    ["struct { char c; struct __attribute__((packed)) s4 m; }", { size: 8, align: 4, m: [4] }],
  ])("%s", (decl, expected) => expectLayout(decl, expected, "struct s4 { int x; };"));
});

describe("typedef alignment", () => {
  const i1 = "typedef int i1 __attribute__((aligned(1)));";
  const i8 = "typedef int i8 __attribute__((aligned(8)));";
  const s1 = "typedef short s1 __attribute__((aligned(1)));";
  test.each<[string, Expected, string]>([
    // A typedef can lower alignment as well as raise it.
    ["struct { char c; i1 x; }", { size: 5, align: 1, x: [1] }, i1],
    ["struct { char c; i8 x; }", { size: 16, align: 8, x: [8] }, i8],
    // A bitfield may span no more units of its type's alignment than the type has: here none.
    ["struct { char c; i8 x:3; }", { size: 16, align: 8, x: [8, 0, 3] }, i8],
    // Packing overrides alignment that comes from the type.
    ["struct __attribute__((packed)) { char c; i8 x; }", { size: 5, align: 1, x: [1] }, i8],
    // A full-width bitfield on its own boundary is an ordinary member to gcc, aligned to its width.
    ["struct { s1 x:16; }", { size: 2, align: 2, x: [0] }, s1],
    ["struct { char c; s1 x:16; }", { size: 3, align: 1, x: [0, 8, 16] }, s1],
  ])("%s", (decl, expected, before) => expectLayout(decl, expected, before));
});

describe("#pragma pack", () => {
  test.each<[string, Expected, number]>([
    ["struct { char c; double d; }", { size: 10, align: 2, d: [2] }, 2],
    // It caps alignment written on members too, but not the aggregate's own.
    ["struct { char c; int x __attribute__((aligned(8))); }", { size: 5, align: 1, x: [1] }, 1],
    ["struct __attribute__((aligned(16))) { char c; }", { size: 16, align: 16 }, 1],
    // Any pack, even a large one, makes bitfields bit-contiguous; named ones align the struct.
    ["struct { char c; int x:30; int y:4; }", { size: 8, align: 4, x: [0, 8, 30], y: [4, 6, 4] }, 16],
    ["struct { char c; int x:30; }", { size: 5, align: 1, x: [0, 8, 30] }, 1],
    // `:0` is not capped.
    ["struct { char c; long :0; char d; }", { size: 9, align: 1, d: [8] }, 1],
    // Over a packed attribute, the pack value still aligns named bitfields.
    ["struct __attribute__((packed)) { char a; int b:3; }", { size: 4, align: 4, b: [0, 8, 3] }, 4],
    ["struct __attribute__((packed)) { char a; int b; }", { size: 5, align: 1, b: [1] }, 4],
  ])("%s (pack %i)", (decl, expected, pack) => expectLayout(decl, expected, `#pragma pack(${pack})`));
});

describe("variable-length structs", () => {
  test("a trailing [?] has no size of its own; sizeof with a count adds its elements", () => {
    const reg = new Registry();
    cdef(reg, "struct vls { int n; char c; double d[?]; };");
    const id = reg.tag("vls")!;
    expect(sizeOf(reg, id)).toBeUndefined();
    expect(findField(reg, id, "d")?.offset).toBe(8);
    // As LuaJIT's lj_ctype_vlsize: the padded fixed part plus n elements.
    expect(sizeOfVariable(reg, id, 3)).toBe(8 + 3 * 8);
  });
});
