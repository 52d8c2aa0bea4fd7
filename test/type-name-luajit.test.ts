/*
 * typeName against LuaJIT itself: each type string is parsed by our parser and by LuaJIT's
 * (`tostring(ffi.typeof(s))`), and the names must be identical. Anonymous aggregates are left
 * out (their names hold ctype ids, which differ). Skipped where `luajit` is not installed.
 */

import { execFileSync } from "node:child_process";
import { describe, expect, test } from "vitest";
import { Registry, typeName } from "../src/ctype";
import { cdef, parseType } from "../src/ctype-parser";

const DECLS = "struct foo { int a; }; union bar { int b; }; enum e { X }; typedef struct foo foo_t;";

const TYPES = [
  "int",
  "unsigned",
  "signed char",
  "unsigned char",
  "short",
  "unsigned short int",
  "long",
  "unsigned long",
  "long long",
  "unsigned long long",
  "int8_t",
  "uint8_t",
  "int16_t",
  "uint32_t",
  "int64_t",
  "size_t",
  "ssize_t",
  "intptr_t",
  "ptrdiff_t",
  "wchar_t",
  "bool",
  "_Bool",
  "float",
  "double",
  "long double",
  "complex",
  "complex float",
  "complex double",
  "void",
  "const void",
  "void *",
  "const void *",
  "char *",
  "const char *",
  "char const *",
  "const char *const",
  "volatile int",
  "const volatile int",
  "int *const",
  "int *volatile",
  "const int *volatile *",
  "int **",
  "int ***const",
  "struct foo",
  "const struct foo",
  "struct foo *",
  "const struct foo *",
  "foo_t",
  "foo_t *",
  "union bar",
  "union bar *",
  "enum e",
  "enum e *",
  "int [10]",
  "int [3][4]",
  "int [?]",
  "int [0]",
  "const int [3]",
  "char [?]",
  "struct foo [2]",
  "int (*)[4]",
  "int (*[2])[4]",
  "struct foo (*[2])[3]",
  "int &",
  "const char &",
  "int (*)(int, double)",
  "void (*)()",
  "void (*)(void)",
  "int (*[3])(void)",
  "int (*const)(void)",
  "int (*(*)(int))(void)",
  "int (*(*)(int))[3]",
  "double (**)(int, ...)",
  "int (&)[2]",
  "float __attribute__((vector_size(16)))",
  "int __attribute__((vector_size(8))) *",
];

function luajitNames(types: readonly string[]): string[] {
  const lua = `local ffi = require("ffi")
ffi.cdef[[${DECLS}]]
for line in io.lines() do
  local ok, ct = pcall(ffi.typeof, line)
  io.write(ok and tostring(ct):match("^ctype<(.*)>$") or ("error: " .. tostring(ct)), "\\n")
end`;
  const out = execFileSync("luajit", ["-e", lua], { input: `${types.join("\n")}\n`, encoding: "utf8" });
  return out.trimEnd().split("\n");
}

describe("typeName matches LuaJIT's tostring(ctype)", () => {
  const want = luajitNames(TYPES);
  const reg = new Registry();
  cdef(reg, DECLS);
  test.each(TYPES.map((t, i) => [t, i] as const))("%s", (text, i) => {
    expect(typeName(reg, parseType(reg, text))).toBe(want[i]);
  });
});
