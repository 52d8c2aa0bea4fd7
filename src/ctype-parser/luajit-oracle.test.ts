/*
 * LuaJIT as the oracle for what the parser says: the same cdef / typeof inputs go through
 * LuaJIT's own ffi and through ours, and the error messages (or type names) must match
 * word for word. Skipped when `luajit` is not installed (CI installs it).
 */

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe, expect, test } from "vitest";
import { Registry, sizeOf, typeName } from "../ctype";
import { cdef, parseType } from ".";

const LUAJIT = ["/usr/bin/luajit", "/usr/local/bin/luajit"].find((p) => existsSync(p));

/** Declarations LuaJIT and we both reject, with the same message. */
const CDEF_ERRORS = [
  "struct { int } x;",
  "struct s {\n  int a;\n  int b\n  int c;\n};",
  "int x y;",
  "foo x;",
  "int x[1.5];",
  "int x[-1];",
  "int x[1/0];",
  "enum { A = 1 +* 2 };",
  "int x = 5;",
  "static int k = 5;",
  "static const double d = 5;",
  "struct s { int a:40; };",
  "struct s { float f:3; };",
  "struct s { int named:0; };",
  "struct s { int a[?]; int b; };",
  "struct incomplete; struct s { struct incomplete x; };",
  "void v[3];",
  "int f(void)(int);",
  "int a[2](int);",
  "int x[0x];",
  "int x[0x100000000];",
  'int f() __asm__("abc);',
  "#define X 1\nint x;",
  "typedef int T;\ntypedef T;\nint",
  "int a;\n\nint",
  "extern static int x;",
  "int f(typedef int x);",
  "int $x;",
  "struct s { int a; } x; garbage",
  "int a; int b",
  "struct foo { int x; }; struct foo { int x; };",
  "enum e1 { A1 }; enum e2 { A1 };",
  "struct foo2; union foo2 *p;",
  "struct s3 { struct s3 { int x; } a; };",
  "typedef int X3; enum { X3 };",
  "enum { Z = some_undefined };",
  "enum { Y = (1 };",
  "enum { Y2 = 1 ? 2 };",
  "enum { Y3 = sizeof(void) };",
  "enum { Y4 = 1e5 };",
  "enum { Y5 = 08 };",
  "enum { Y6 = 1uu };",
  "enum { Y7 = 1 % 0 };",
  "enum { Y8 = sizeof(((struct incomplete2 *)0)->x) };",
  "int ((((((((((((((((((((((((((((x;",
  "int f(int, ...) }",
  "struct { int a; } __attribute__((packed x;",
  "typedef int (*fp)(int) x;",
  '"abc',
  "int x;\n#pragma pack(foo)",
  "#pragma pack 4",
  "#pragma pack(push, 4",
  "#line x",
  "#line\nint a;",
  "# # pragma pack(1)",
  "# foo",
  "#(",
  "#pragma pack(push, 2\nstruct pk1 { char a; };",
  "#pragma pack(1) ]\nint x;",
  "#pragma pack(2) struct pk2 { char a; int b; } pk2s; int pk2[sizeof(struct pk2) == 6 ? 1 : -1];",
  '#pragma pack(4)\n#pragma pack(push, 1)\n# 7 "x.h"\nstruct pk3 { char a; int b; }; int pk3[sizeof(struct pk3) == 5 ? 1 : -1] x;',
  "#pragma pack(push 4)",
  '# 7 "x.h" 1\n\n\nint x y;',
  "#pragma once garbage\nint x y;",
  "#pragma pack(1) #\ntypedef union { } hsh1;",
  "int hsh2; #\nint hsh3;",
  "int hsh4; #\n#pragma pack(1)\n",
  "union u {\n  int a[?];\n};",
  "struct flex1 { int a[]; int b; };",
  "union flex2 { int n; int a[]; };",
  "int flex3[3][];",
  "struct flex4 { int n; int a[]; } flex4s[2]; int flex5[][];",
  // A VLA or flexible array is last: checked at the next declarator, whatever it declares.
  "union fl1 { int *m3[]; static const int fl1K = 1; };",
  "struct fl2 { int m1[]; enum { fl2E }; short m3; };",
  "struct fl3 { int a[]; struct fl3x; };",
  // A member declarator without a name, of a struct or enum type, reads on to `,` or `;`.
  "union { struct { } } ; } ;",
  "struct un1 { struct aligned int m2; };",
  "struct un2 { enum un2E = 'a', un2F; };",
  "struct un3 { struct { int a; }, b; }; int un3[sizeof(struct un3) == 8 ? 1 : -1];",
  "struct un4 { struct { int a; } *; };",
  "struct un5 { int; };",
  // A name declared again is skipped, a static constant's `= value` unread.
  "static const int rd1 = 1; static const int rd1 = 1;",
  "static const uint32_t uint32_t rd2 = 12;",
  "typedef int rd3; static const int rd3 = 2;",
  "static inline const int8_t int8_t rd4();",
  // A character constant is named by its character; literals end at a NUL.
  "int cc1[2 'a'];",
  "int cc2[2 '\\0'];",
  "int cc3[2 '\\n'];",
  'int cc4[2 "ab\\0cd"];',
  // A string in a constant expression is a `const char []` valued at its size.
  'int sx1["x"];',
  'enum { sx2 = "ab" };',
  'enum { sx3 = "ab" == 3 }; int sx3[sx3 == 1 ? 1 : -1];',
  'int sx5[sizeof("ab") + "c"];',
  "enum { ix1 = 1[7U] };",
  "enum { nx1 = (double)1 + 1 };",
  // sizeof a struct ending in a VLA is its fixed part; of a VLA, unknown.
  "struct vs1 { int n; double d[?]; }; int vs1[sizeof(struct vs1) == 8 ? 1 : -1];",
  "struct vs2 { char c; short d[?]; }; int vs2[sizeof(struct vs2) == 2 ? 1 : -1];",
  "enum { vs3 = sizeof(int[?]) };",
  // sizeof and alignof read a string like any operand, its size being its value.
  'enum { sz1 = __alignof("default"[3]), sz2 = sizeof("ab" "cd"), sz3 = sizeof "xyz" }; int sz1[sz2 == 5 && sz3 == 4 ? 1 : -1];',
  'enum { sz4 = sizeof("ab"[0]) }; int sz4[sz4 == 1 ? 1 : -1];',
  // A bitfield width may end any declarator level, but not follow attributes.
  "struct bfl1 { int (x : 3); int y; }; int bfl1[sizeof(struct bfl1) == 8 ? 1 : -1];",
  "struct bfl2 { int ( * : ) [ 2 ]; };",
  "struct bfl3 { union bfl3u ( : [ 7 ] ); };",
  "struct bfl4 { short b6 : 3, volatile : 1; };",
  "struct bfl5 { int x __attribute__((packed)) : 3; };",
  "struct bfl6 { int y : 2 __attribute__((packed)), z; };",
  // A member of 512 MiB or more, or ending past 2^32 bits, is too large.
  "struct big1 { int a[0x8000000]; };",
  "struct big2 { int a[0x7ffffff]; int b; };",
  "struct big3 { char a[0x1fffffff]; char b; };",
  "union big5 { char a[0x1fffffff]; int b; };",
  "union big6 { char a[0x20000000]; };",
  "typedef char big7[0x20000000];",
  "struct big8 { char a[0x10000000]; char b[0x10000000]; };",
  // After a typedef name or tag, `inline` ends the specifiers.
  "struct inl1 { int a; } inline inl1f(void);",
  "typedef int inl2; inl2 inline inl2g(void);",
  // An ignored attribute's arguments end at the first `)`.
  "int at1 __attribute__((nonnull((1))));",
  "int at2 __attribute__((nonnull(()));",
  "int at3 __attribute__((foo(__alignof__(double)())));",
  "int at4 __declspec(foo((1)) align(8));",
  "int at5 __attribute__((format(printf, 1, 2), nothrow, foo(a b c)));",
  'int sc1 __attribute__((stdcall("x"), nothrow));',
  "int sc2 __attribute__((stdcall(;",
  // A function body after any parameter list is skipped, its `}` read as `;`.
  "struct fb1 { int (*m)(int) { return 1; } int n; }; int fb1[sizeof(struct fb1) == 16 ? 1 : -1];",
  "struct fb1b { int (*m)(int) { return 1; }; int n; };",
  "int (*fb2)(void) { return 0; } int fb3;",
  "typedef int fb4(int) { };",
  // `&x` keeps x's value; `long float` is `long double`.
  "static const int av1 = (&5); int av1x[av1 == 5 ? 1 : -1];",
  "typedef long float lf1; int lf1x[sizeof(lf1) == 16 ? 1 : -1];",
  // `complex` after a typedef name or tag makes the type complex, the keyword left unread.
  "struct cx0 { enum { cx0e } complex & m; };",
  "typedef int cx1; int cx2(cx1 complex);",
  "struct cx3 { struct { int q; } complex; };",
  "struct cx4 { enum { cx4e } int; };",
  // A typedef name of a struct/union or enum alone declares nothing, as `struct s;` does.
  "typedef enum { TD0 } td1; static const volatile td1;",
  "typedef struct { int a; } td2; td2; const td2;",
  "typedef int *td3; td3;",
  "typedef struct td4s *td4; td4;",
  "typedef struct { } td5; typedef td5 ; , td6 ;",
  // Of two scoped constants of one name, the first is found.
  "union sk1 { static const unsigned SK1 = 7U; enum { SK1, SK2 }; }; int sk1x[((union sk1 *)0)->SK1 == 7 ? 1 : -1];",
  // `...` is three `.` tokens to LuaJIT's lexer.
  "int va1(int x ...);",
  "int va2(int, ..);",
  "int va3(int, . . .); int va4(...); int va5(.., int);",
  "struct va6 { int a; } ... x;",
];

/** Type strings for ffi.typeof: errors and type names. */
const TYPES = [
  "struct nope",
  "enum nope *",
  "int8_t complex",
  "int complex",
  "long complex",
  "__int32 complex",
  "char complex",
  "int x",
  "int )",
  "",
  "int[$]",
  "int",
  "unsigned long long",
  "const char *",
  "char * const",
  "const volatile int *",
  "int [3][4]",
  "int (*)[4]",
  "int *[4]",
  "int [?]",
  "void (*)(int, ...)",
  "int (*(*)(int))(void)",
  "size_t",
  "uint8_t",
  "unsigned short",
  "signed char",
  "long",
  "long double",
  "double complex",
  "float complex",
  "bool",
  "int &",
  "int []",
  "int [0]",
  "int [][3]",
  "int [3][]",
  "int [?][]",
  "int (*)[]",
  "const int []",
  "int *[]",
];

/** Declarations both accept, then type strings naming what they declared. */
const DECLARED = `
  typedef struct point { int x, y; } point_t, *point_p;
  typedef int (*cmp_fn)(const void *, const void *);
  typedef const char *names_t[4];
  typedef enum { LOW = -1, HIGH = 1 } level_t;
  typedef union { double d; unsigned char bytes[8]; } pun_t;
  struct bits { unsigned a:3; int b:5; unsigned :0; unsigned char c; };
  struct with_vla { int n; double d[?]; };
  typedef int __attribute__((aligned(8))) aligned_int;
  struct flex { char c; double d[]; };
  struct flex0 { char c; double d[0]; };
  struct flex_outer { struct flex f; int after; };
  typedef int flex_t[];
  typedef int (volatile * pq1)[7]; typedef int (const *pq2); typedef int (const * volatile pq3);
`;
const DECLARED_TYPES = [
  "point_t",
  "point_p",
  "cmp_fn",
  "names_t",
  "level_t",
  "pun_t",
  "struct bits",
  "struct with_vla",
  "aligned_int",
  "const point_t *",
  "point_t [2][3]",
  "cmp_fn *",
  "struct flex",
  "struct flex0",
  "struct flex_outer",
  "flex_t",
  "flex_t *",
  "int []",
  "int [0]",
  "pq1",
  "pq2",
  "pq3",
];

function luajitSays(script: string): string[] {
  return execFileSync(LUAJIT!, ["-"], { input: script, encoding: "utf8" }).split("\u0001\n").slice(0, -1);
}

const quote = (s: string) => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;

describe("same messages as LuaJIT", () => {
  test("cdef errors", () => {
    const script = `local ffi = require("ffi")\n${CDEF_ERRORS.map(
      (c) =>
        `do local ok, e = pcall(ffi.cdef, ${quote(c)}); io.write(ok and "OK" or tostring(e), "\\1\\n") end`,
    ).join("\n")}\n`;
    const theirs = luajitSays(script);
    const ours = CDEF_ERRORS.map((c) => {
      try {
        cdef(new Registry(), c);
        return "OK";
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(ours).toEqual(theirs);
  });

  test("type strings: errors and names", () => {
    const script = `local ffi = require("ffi")\n${TYPES.map(
      (t) =>
        `do local ok, e = pcall(ffi.typeof, ${quote(t)}${t.includes("$") ? "" : ""}); io.write(tostring(e), "\\1\\n") end`,
    ).join("\n")}\n`;
    const theirs = luajitSays(script);
    const ours = TYPES.map((t) => {
      try {
        const reg = new Registry();
        return `ctype<${typeName(reg, parseType(reg, t))}>`;
      } catch (e) {
        return (e as Error).message;
      }
    });
    expect(ours).toEqual(theirs);
  });

  test("declared types: names and sizes", () => {
    const script = `local ffi = require("ffi")\nffi.cdef(${quote(DECLARED)})\n${DECLARED_TYPES.map(
      (t) =>
        `do local ok, n = pcall(ffi.sizeof, ${quote(t)}); io.write(tostring(ffi.typeof(${quote(t)})), " ", ok and tostring(n) or "nil", "\\1\\n") end`,
    ).join("\n")}\n`;
    const theirs = luajitSays(script);
    const reg = new Registry();
    cdef(reg, DECLARED);
    const ours = DECLARED_TYPES.map((t) => {
      const id = parseType(reg, t);
      return `ctype<${typeName(reg, id)}> ${sizeOf(reg, id) ?? "nil"}`;
    });
    // Anonymous types are named by their ctype id, which differs between the two tables.
    const anon = (s: string) => s.replace(/(struct|union|enum) \d+/g, "$1 <id>");
    expect(ours.map(anon)).toEqual(theirs.map(anon));
  });
});
