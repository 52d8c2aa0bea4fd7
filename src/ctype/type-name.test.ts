import { describe, expect, test } from "vitest";
import { Registry } from "./registry";
import { typeName } from "./type-name";
import { type CTypeId, QUAL_CONST, QUAL_VOLATILE } from "./types";

// Expected strings are LuaJIT 2.1's own `tostring(ffi.typeof(...))`, minus `ctype<...>`.
describe("typeName", () => {
  const reg = new Registry();
  const { ids } = reg;
  const C = QUAL_CONST;
  const V = QUAL_VOLATILE;
  const foo = reg.newAggregate(false, "foo");
  const bar = reg.newAggregate(true, "bar");
  const anon = reg.newAggregate(false, undefined);
  const e = reg.newEnum("e");
  const anonEnum = reg.newEnum(undefined);
  const fn = (ret: CTypeId, ...params: CTypeId[]) =>
    reg.func(
      ret,
      params.map((type) => ({ name: undefined, type })),
      false,
      "cdecl",
    );

  const cases: [string, CTypeId][] = [
    ["int", ids.int],
    ["unsigned int", ids.uint],
    ["char", ids.char],
    ["unsigned char", ids.uchar],
    ["short", ids.short],
    ["unsigned short", ids.ushort],
    ["int64_t", ids.int64],
    ["uint64_t", ids.uint64],
    ["bool", ids.bool],
    ["float", ids.float],
    ["double", ids.double],
    ["long double", ids.longDouble],
    ["complex", ids.complexDouble],
    ["complex float", ids.complexFloat],
    ["void", ids.void],
    ["const int", reg.withQual(ids.int, C)],
    ["const volatile int *", reg.pointer(reg.withQual(ids.int, C | V))],
    ["const char *", ids.constCharPtr],
    ["int *const", reg.pointer(ids.int, C)],
    ["const int *volatile *", reg.pointer(reg.pointer(reg.withQual(ids.int, C), V))],
    ["struct foo", foo],
    ["const struct foo *", reg.pointer(reg.withQual(foo, C))],
    ["union bar", bar],
    ["enum e", e],
    [`struct ${anon}`, anon],
    [`struct ${anon} *`, reg.pointer(anon)],
    [`const struct ${anon}`, reg.withQual(anon, C)],
    [`enum ${anonEnum}`, anonEnum],
    ["int [10]", reg.array(ids.int, 10)],
    ["int [3][4]", reg.array(reg.array(ids.int, 4), 3)],
    ["int [?]", reg.array(ids.int, null)],
    ["int [0]", reg.array(ids.int, 0)],
    ["int []", reg.array(ids.int, 0, true)],
    ["int (*)[]", reg.pointer(reg.array(ids.int, 0, true))],
    ["const int [3]", reg.array(reg.withQual(ids.int, C), 3)],
    ["int (*)[4]", reg.pointer(reg.array(ids.int, 4))],
    ["struct foo (*[2])[3]", reg.array(reg.pointer(reg.array(foo, 3)), 2)],
    ["char &", reg.reference(ids.char)],
    ["int ()", fn(ids.int)],
    ["int (*)()", reg.pointer(fn(ids.int, ids.int, ids.double))],
    ["int (*[3])()", reg.array(reg.pointer(fn(ids.int)), 3)],
    ["void (*)()", reg.pointer(fn(ids.void))],
    ["int (*const)()", reg.pointer(fn(ids.int), C)],
    ["int (*(*)())()", reg.pointer(fn(reg.pointer(fn(ids.int)), ids.int))],
    ["float __attribute__((vector_size(16)))", reg.vector(ids.float, 16)],
  ];
  test.each(cases)("%s", (expected, id) => {
    expect(typeName(reg, id)).toBe(expected);
  });
});
