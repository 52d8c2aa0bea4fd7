/*
 * Properties of the parser on hostile input (fast-check): arbitrary text and mutated valid
 * declarations never make cdef or parseType throw anything but FfiError, never take long,
 * and a failed cdef leaves the registry exactly as it was.
 */

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { FfiError, Registry } from "../ctype";
import { cdef, parseType } from ".";

const SETUP = `
  typedef struct node { int v; struct node *next; } node_t;
  enum color { RED, GREEN = 4, BLUE };
  struct later;
  typedef int (*cmp_fn)(const void *, const void *);
`;

/** Valid declarations to mutate. */
const CORPUS = [
  "struct s { int a; char b[3]; unsigned long c:3; union { int d; float e; }; };",
  "typedef int (*fp)(const char *, ...);",
  "enum e { A = 1 << 2, B, C = sizeof(struct node) * 2, D = (unsigned char)'x' };",
  'extern int foo(int x) __attribute__((nothrow)) __asm__("bar");',
  "int (*(*f)(int))(void);",
  "#pragma pack(push, 2)\nstruct p { char a; double b; } __attribute__((aligned(16)));\n#pragma pack(pop)",
  "static const int K = 3 ? 4 : 5; struct later { node_t n[2]; enum color c; };",
  "static __inline int f(int x) { return x * 2; } void g(int a[static 3]);",
  "struct v { int n; double d[?]; }; typedef struct v *vp;",
  "typedef float v4 __attribute__((vector_size(16))); long double ld; _Complex double cd;",
];

const TOKENS = [
  "int",
  "char",
  "unsigned",
  "long",
  "struct",
  "union",
  "enum",
  "typedef",
  "static",
  "const",
  "extern",
  "__attribute__",
  "((",
  "))",
  "packed",
  "aligned",
  "(",
  ")",
  "[",
  "]",
  "{",
  "}",
  ";",
  ",",
  "*",
  "&",
  ":",
  "?",
  "=",
  "...",
  "$",
  "#",
  "pragma",
  "pack",
  "x",
  "node_t",
  "RED",
  "0",
  "1",
  "0x7fffffff",
  "-",
  "<<",
  "sizeof",
  "'a'",
  '"s"',
  "/*",
  "*/",
  "//",
  "\n",
  "__asm__",
  "void",
];

/** A JSON picture of everything a cdef can change. */
function snapshot(reg: Registry): string {
  const types = Array.from({ length: reg.count }, (_, i) => reg.get(i));
  return JSON.stringify(
    { types, t: [...reg.typedefs], g: [...reg.tags], d: [...reg.declarations] },
    (_k, v) => (v instanceof Map ? [...v] : v),
  );
}

/** Runs one input through cdef and parseType, checking the properties. */
function check(text: string): void {
  const reg = new Registry();
  cdef(reg, SETUP);
  const before = snapshot(reg);
  const start = performance.now();
  try {
    cdef(reg, text);
  } catch (e) {
    expect(e).toBeInstanceOf(FfiError);
    expect(snapshot(reg)).toBe(before);
  }
  const afterCdef = snapshot(reg);
  try {
    parseType(reg, text);
  } catch (e) {
    expect(e).toBeInstanceOf(FfiError);
    expect(snapshot(reg)).toBe(afterCdef);
  }
  expect(performance.now() - start).toBeLessThan(1000);
}

const tokenText = fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join(" "));

const mutated = fc
  .tuple(
    fc.constantFrom(...CORPUS),
    fc.array(fc.tuple(fc.nat(), fc.nat(8), fc.constantFrom(...TOKENS, "")), { minLength: 1, maxLength: 4 }),
  )
  .map(([text, edits]) => {
    let s = text;
    for (const [at, len, insert] of edits) {
      const i = at % (s.length + 1);
      s = s.slice(0, i) + insert + s.slice(i + len);
    }
    return s;
  });

describe("hostile input", () => {
  test("the corpus itself parses", () => {
    for (const text of CORPUS) {
      const reg = new Registry();
      cdef(reg, SETUP);
      cdef(reg, text);
    }
  });

  test("arbitrary strings", () => {
    fc.assert(fc.property(fc.string({ maxLength: 200 }), check), { numRuns: 500 });
  });

  test("arbitrary unicode", () => {
    fc.assert(fc.property(fc.string({ unit: "binary", maxLength: 100 }), check), { numRuns: 300 });
  });

  test("sequences of C tokens", () => {
    fc.assert(fc.property(tokenText, check), { numRuns: 1500 });
  });

  test("mutated valid declarations", () => {
    fc.assert(fc.property(mutated, check), { numRuns: 2000 });
  });

  test("deep nesting is an error, not a stack overflow", () => {
    for (const text of [
      "(".repeat(5000),
      "int " + "*".repeat(100000) + "x;",
      `enum { A = ${"-".repeat(100000)}1 };`,
    ]) {
      check(text);
    }
    check(`enum { A = ${"(".repeat(3000)}1${")".repeat(3000)} };`);
    check(`struct a { ${"struct { ".repeat(500)}int x;${" };".repeat(500)} };`);
  });
});
