import { describe, expect, test } from "vitest";
import { FfiError, Registry } from "../ctype";
import { cdef, parseType, type TypeParam } from ".";
import { describeType } from "./test-describe";

function expectType(text: string, expected: string, setup?: string, params?: TypeParam[]) {
  test(text, () => {
    const reg = new Registry();
    if (setup !== undefined) cdef(reg, setup);
    expect(describeType(reg, parseType(reg, text, params))).toBe(expected);
  });
}

describe("base types in any specifier order", () => {
  expectType("int", "int");
  expectType("unsigned", "unsigned int");
  expectType("signed", "int");
  expectType("unsigned long long int", "uint64_t");
  expectType("long unsigned", "uint64_t");
  expectType("long int unsigned long", "uint64_t");
  expectType("long", "int64_t");
  expectType("long long", "int64_t");
  expectType("short unsigned int", "unsigned short");
  expectType("char", "char");
  expectType("signed char", "char");
  expectType("char unsigned", "unsigned char");
  expectType("__int8", "char");
  expectType("unsigned __int16", "unsigned short");
  expectType("__int32", "int");
  expectType("unsigned __int64", "uint64_t");
  expectType("_Bool", "bool");
  expectType("bool", "bool");
  expectType("float", "float");
  expectType("double", "double");
  expectType("long double", "long double");
  expectType("double long", "long double");
  expectType("complex", "complex(double)");
  expectType("float _Complex", "complex(float)");
  expectType("__complex__ double", "complex(double)");
  expectType("long double complex", "complex(long double)");
  expectType("void", "void");
});

describe("predefined typedefs", () => {
  expectType("int8_t", "char");
  expectType("uint8_t", "unsigned char");
  expectType("int16_t", "short");
  expectType("uint32_t", "unsigned int");
  expectType("int64_t", "int64_t");
  expectType("size_t", "uint64_t");
  expectType("ssize_t", "int64_t");
  expectType("intptr_t", "int64_t");
  expectType("uintptr_t", "uint64_t");
  expectType("ptrdiff_t", "int64_t");
  expectType("wchar_t", "int");
  expectType("va_list", "array[1](struct __va_list_tag)");
  expectType("__builtin_va_list", "array[1](struct __va_list_tag)");
  expectType("__gnuc_va_list", "array[1](struct __va_list_tag)");
});

describe("qualifiers in every position", () => {
  expectType("const int", "const int");
  expectType("int const", "const int");
  expectType("const char *", "ptr(const char)");
  expectType("char const *", "ptr(const char)");
  expectType("char * const", "const ptr(char)");
  expectType("const char * const * volatile", "volatile ptr(const ptr(const char))");
  expectType("__const__ int", "const int");
  expectType("__volatile int", "volatile int");
  expectType("int * __restrict", "restrict ptr(int)");
  expectType("int * restrict __restrict__", "restrict ptr(int)");
  expectType("const int [3]", "array[3](const int)");
  expectType("T", "array[2](const int)", "typedef int A[2]; typedef const A T;");
  expectType("const T *", "ptr(const struct s)", "typedef struct s { int x; } T;");
  expectType("int __ptr64 *", "ptr(int)");
});

describe("declarators", () => {
  expectType("int *", "ptr(int)");
  expectType("int **", "ptr(ptr(int))");
  expectType("int &", "ref(int)");
  expectType("int [3]", "array[3](int)");
  expectType("int [2][3]", "array[2](array[3](int))");
  expectType("int *[4]", "array[4](ptr(int))");
  expectType("int (*)[4]", "ptr(array[4](int))");
  expectType("int [?]", "array[?](int)");
  expectType("int []", "array[](int)");
  expectType("int [0]", "array[0](int)");
  expectType("int (*)(int)", "ptr(func(int)->int)");
  expectType("int (*)(void)", "ptr(func()->int)");
  expectType("int (*)()", "ptr(func()->int)");
  expectType("int (*)(const char *, ...)", "ptr(func(ptr(const char), ...)->int)");
  expectType("void (*[2])(int)", "array[2](ptr(func(int)->void))");
  expectType("int (*(*)(int))(void)", "ptr(func(int)->ptr(func()->int))");
  expectType("int (*(*)(int))[3]", "ptr(func(int)->ptr(array[3](int)))");
  expectType("void (__stdcall *)(int)", "ptr(stdcall func(int)->void)");
  expectType("void (*)(int) __attribute__((fastcall))", "ptr(fastcall func(int)->void)");
  expectType("int (*)(int a[3], int f(int))", "ptr(func(ptr(int), ptr(func(int)->int))->int)");
  expectType("int (*)(int n, int a[n])", "ptr(func(int, ptr(int))->int)");
  expectType("int (*)(register int)", "ptr(func(int)->int)");
  expectType("void (*)(int a[static 3], char b[const])", "ptr(func(ptr(int), ptr(char))->void)");
  expectType("char [sizeof(int) * 2]", "array[8](char)");
  expectType("int __attribute__((vector_size(16)))", "vector16(int)");
  expectType("float __attribute__((mode(V4SF)))", "vector16(float)");
  expectType("int __attribute__((mode(DI)))", "int64_t");
  expectType("unsigned __attribute__((__mode__(__QI__)))", "unsigned char");
  expectType("int __attribute__((mode(word)))", "int64_t");
});

test("128- and 256-bit machine modes are refused, not read as a plain int", () => {
  for (const mode of ["TI", "__TI__", "OI"]) {
    expect(() => parseType(new Registry(), `int __attribute__((mode(${mode})))`)).toThrow(
      new FfiError("invalid C type"),
    );
  }
});

describe("tagged types and parameters", () => {
  expectType("struct foo", "struct foo", "struct foo;");
  expectType("struct foo *", "ptr(struct foo)", "struct foo { int x; };");
  expectType("union u", "union u", "union u { int a; float b; };");
  expectType("enum e", "enum e", "enum e { A };");
  expectType("struct { int x; }", "struct {}");
  expectType("uint8_t[$][$]", "array[2](array[3](unsigned char))", undefined, [
    { kind: "number", value: 2 },
    { kind: "number", value: 3 },
  ]);
});

test("$ binds a type parameter", () => {
  const reg = new Registry();
  expect(describeType(reg, parseType(reg, "$ *", [{ kind: "type", id: reg.ids.int }]))).toBe("ptr(int)");
});

test("anonymous structs in type strings are a new type each time", () => {
  const reg = new Registry();
  expect(parseType(reg, "struct { int x; }")).not.toBe(parseType(reg, "struct { int x; }"));
});

test("structural types are interned", () => {
  const reg = new Registry();
  cdef(reg, "struct s { int x; }; typedef int (*fp)(int);");
  for (const text of ["const char *", "int (*)(int)", "struct s *[3]", "int [?]", "fp"]) {
    expect(parseType(reg, text)).toBe(parseType(reg, text));
  }
  expect(parseType(reg, "fp")).toBe(parseType(reg, "int (*)(int)"));
});
