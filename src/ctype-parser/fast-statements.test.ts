/*
 * The statement fast path must build exactly what the general parser builds: the same types
 * under the same ids, the same typedefs, tags and declarations, and fail where it fails with
 * the same error. Each case runs a text through `cdef` (fast path and general parser
 * together) and through `cdefGeneral` (the general parser alone) and compares the registries
 * written out whole.
 */

import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { Registry } from "../ctype";
import { cdef, cdefGeneral } from ".";
import { dumpRegistry } from "./registry-dump";
import { preprocessedSystemHeaders } from "./system-headers";

/** The registry each way fills it, or the error each way gives. */
function both(text: string): { fast: string[] | string; general: string[] | string } {
  const run = (parse: (reg: Registry, text: string) => void) => {
    const reg = new Registry();
    try {
      parse(reg, text);
    } catch (e) {
      return `error: ${(e as Error).message}`;
    }
    return dumpRegistry(reg);
  };
  return { fast: run(cdef), general: run(cdefGeneral) };
}

function expectSame(text: string): void {
  const { fast, general } = both(text);
  expect(fast).toEqual(general);
}

describe("statement fast path against the general parser", () => {
  test("the preprocessed system headers, with and without line markers", () => {
    expectSame(preprocessedSystemHeaders());
    expectSame(preprocessedSystemHeaders(true));
  }, 60_000);

  test.each([
    // The shapes the fast path takes.
    "extern int close (int __fd);",
    "extern char *strcpy (char *__restrict __dest, const char *__restrict __src) __attribute__ ((__nothrow__ , __leaf__)) __attribute__ ((__nonnull__ (1, 2)));",
    'extern int aio_read (struct aiocb *__aiocbp) __asm__ ("" "aio_read64") __attribute__ ((__nothrow__));',
    "int f(void); int g(); int h(int, ...); int k(unsigned long, unsigned, long long int x);",
    "typedef struct s s; typedef struct s *sp; struct s { int a; s *next; };",
    "int sqlite3_exec(void*, const char *sql, int (*callback)(void*,int,char**,char**), void *, char **errmsg);",
    "void qsort(void *, unsigned long, unsigned long, int (*)(const void *, const void *));",
    "int main(int argc, char *argv[], char *const envp[]); int pipe(int fds[2]);",
    "typedef int (*cmp)(const void *, const void *); cmp table[4];",
    "struct a { int x, *y, z[3]; unsigned b : 3, c : 4; const char *const name; };",
    "typedef struct { unsigned int a : 1, : 0; int b; } T;",
    "typedef union { int i; struct { short lo, hi; } parts; struct { char c; }; } U;",
    "struct outer { struct inner { int v; } in; struct inner *p; union { int u; }; };",
    "enum { A, B = 5, C, D = -2, E }; enum e { X = 0x7fffffff }; typedef enum { P, Q, } pq;",
    "extern const char version[]; extern int counts[8]; extern double m[(4)];",
    "struct fwd; union ufwd; enum efwd; struct fwd *use(struct fwd *);",
    "__extension__ typedef long long int i64; typedef const volatile int cvi;",
    "typedef int size_t; int size_t2(size_t size_t); typedef unsigned u; u f(u);",
    // Statements it hands to the general parser, among ones it takes.
    "#pragma pack(push, 1)\nstruct p1 { char a; int b; };\n#pragma pack(2)\nstruct p2 { char a; int b; };\n#pragma pack(pop)\nstruct p3 { char a; int b; };",
    "int a; /* a comment; with { braces } */ int b; // and; this\nint c;",
    'int f(int) __asm__("f;g"); int x;',
    "static const int K = 3; struct s { static const int N = 4; int a[N]; }; enum { Y = 1 << 4, Z = Y | 1 };",
    "struct v { int n; double d[?]; }; struct fl { int n; char c[]; };",
    "typedef int i4 __attribute__((mode(SI))); struct q { char c; int x __attribute__((aligned(8))); };",
    "static inline int twice(int x) { return x * 2; } int after;",
    "int x",
    "  \n\t ",
    "int a;;; ;int b;",
    // Errors: the same message, with its line.
    "int f(int a,, int b);",
    "struct s { int a; };\nstruct s { int b; };",
    "enum { A, A };",
    "extern int x[2147483648];",
    "struct bad { int x : 33; };",
    "int f(void, int);",
    "unknown_t f(int);",
    "int f(int x\n",
    "struct s { int a; int b[]; int c; };",
    "typedef struct node { int v; } node;\nint g(struct node *, union node *);",
  ])("%s", (text) => {
    expectSame(text);
  });

  test("random declarations from the common shapes, whole and cut", () => {
    const type = fc.constantFrom(
      "int",
      "unsigned long",
      "const char *",
      "char **",
      "struct s *",
      "union u",
      "size_t",
      "T",
      "void *",
      "double",
      "long long int",
      "enum e",
      "int (*)(int, ...)",
    );
    const name = fc.constantFrom("a", "b", "x", "__fd", "T", "int", "s", "A");
    const param = fc
      .tuple(type, fc.option(name), fc.constantFrom("", "[]", "[4]"))
      .map(([t, n, a]) => `${t} ${n ?? ""}${a}`);
    const declaration = fc.oneof(
      fc
        .tuple(type, name, fc.array(param, { maxLength: 4 }))
        .map(([t, n, ps]) => `extern ${t} ${n}(${ps.join(", ") || "void"});`),
      fc.tuple(type, name).map(([t, n]) => `typedef ${t} ${n};`),
      fc
        .tuple(
          fc.constantFrom("struct", "union"),
          fc.option(name),
          fc.array(fc.tuple(type, name), { maxLength: 4 }),
          fc.option(name),
        )
        .map(
          ([k, tag, ms, d]) =>
            `typedef ${k} ${tag ?? ""} { ${ms.map(([t, n]) => `${t} ${n};`).join(" ")} } ${d ?? ""};`,
        ),
      fc
        .tuple(
          fc.option(name),
          fc.array(fc.tuple(name, fc.option(fc.integer({ min: -5, max: 5 }))), {
            minLength: 1,
            maxLength: 4,
          }),
        )
        .map(
          ([tag, items]) =>
            `enum ${tag ?? ""} { ${items.map(([n, v]) => (v === null ? n : `${n} = ${v}`)).join(", ")} };`,
        ),
      fc.tuple(fc.constantFrom("struct", "union", "enum"), name).map(([k, n]) => `${k} ${n};`),
    );
    fc.assert(
      fc.property(fc.array(declaration, { maxLength: 6 }), fc.nat(), (decls, cut) => {
        const text = decls.join("\n");
        expectSame(text);
        expectSame(text.slice(0, cut % (text.length + 1)));
      }),
      { numRuns: 400 },
    );
  });
});
