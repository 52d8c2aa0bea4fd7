/*
 * System V classification and call plans (src/jit/sysv.ts), table-driven: each case is a C
 * declaration parsed by `cdef` and the parts expected for every argument and the result, in a
 * compact notation: `g2@0:8` is GPR index 2 carrying bytes 0..8 of the value, `x0@8:4` XMM 0
 * carrying bytes 8..12, `s16@0:24` the whole 24-byte value at stack offset 16. The cases follow
 * the psABI's §3.2.3 rules and its figure 3.5 example; test/call-abi.test.ts checks the same
 * rules against gcc-compiled callees. Lives outside src/ because it spans the parser and the JIT.
 */

import { describe, expect, it } from "vitest";
import { FfiError, Registry } from "../src/ctype";
import { cdef, parseType } from "../src/ctype-parser";
import { type CallPlan, classify, type Part, planCall } from "../src/jit";

const TYPES = `
  typedef struct { int a, b; double d; } structparm;
  typedef struct { int a; float b; } s_if;
  typedef struct { float a, b, c; } s_fff;
  typedef struct { double a; int b; } s_di;
  typedef struct { long a; double b; } s_ld;
  typedef struct { double a, b; } s_dd;
  typedef struct { long a, b; } s_ll;
  typedef struct { long a, b, c; } s_lll;
  typedef struct { char a[3]; } s_c3;
  typedef struct { char c; double d; } s_cd;
  typedef struct { float a; int b; double c; } s_fid;
  typedef struct { short s; float f; char c; } s_sfc;
  typedef struct { char c[7]; float f; } s_c7f;
  typedef struct { struct { float x, y; } p; int z; } s_nested;
  typedef struct { float v[4]; } s_f4;
  typedef struct { _Complex float a, b; } s_cf2;
  typedef struct { int a : 3; int b : 5; float f; } s_bits;
  typedef struct { float f; int bits : 4; } s_fbits;
  typedef struct { long double x; } s_x87;
  typedef struct { long double x; int i; } s_x87i;
  typedef union { float f; int i; } u_fi;
  typedef union { float f[2]; double d; } u_ffd;
  typedef union { char c[12]; double d; } u_c12d;
  typedef union { long double x; int i; } u_x87i;
  typedef struct __attribute__((packed)) { char a; int b; } p_ci;
  typedef struct __attribute__((packed)) { int a, b; } p_ii;
  typedef struct __attribute__((packed)) { char c; _Complex float z; } p_cz;
  typedef struct __attribute__((packed)) { short s; char c; } p_sc;
  typedef struct __attribute__((packed)) { char c; short s; } p_cs;
  typedef struct { } s_empty;
  typedef struct __attribute__((aligned(32))) { long a; } s_a32;
  typedef enum { E_A = -1, E_B = 1 } e_signed;
  typedef float v2f __attribute__((vector_size(8)));
  typedef float v4f __attribute__((vector_size(16)));
`;

/** One Part in the compact notation. */
function part(p: Part): string {
  return `${p.where[0]}${p.index}@${p.offset}:${p.size}`;
}

/** Every argument's parts, arguments separated by " | ", then " -> " and the result. */
function describePlan(plan: CallPlan): string {
  const args = plan.args.map((a) => a.parts.map(part).join(" ")).join(" | ");
  const ret =
    plan.ret.kind === "void"
      ? "void"
      : plan.ret.kind === "sret"
        ? `sret ${plan.ret.size}`
        : plan.ret.parts.map(part).join(" ");
  return `${args} -> ${ret}`;
}

function planOf(decl: string, varargs: readonly string[] = []): { reg: Registry; plan: CallPlan } {
  const reg = new Registry();
  cdef(reg, TYPES);
  cdef(reg, decl);
  const name = /(\w+)\s*\(/.exec(decl)?.[1] ?? "";
  const fn = reg.declaration(name);
  if (fn?.kind !== "func") throw new Error(`no function in ${decl}`);
  const ids = varargs.map((v) => parseType(reg, v));
  return { reg, plan: planCall(reg, fn.type, ids) };
}

function expectPlan(decl: string, expected: string, stackBytes = 0): void {
  const { plan } = planOf(decl);
  expect(describePlan(plan)).toBe(expected);
  expect(plan.stackBytes).toBe(stackBytes);
}

describe("argument classification", () => {
  it.each([
    ["void f(void);", " -> void"],
    [
      "int f(char a, short b, int c, long d, void *e, _Bool g);",
      "g0@0:1 | g1@0:2 | g2@0:4 | g3@0:8 | g4@0:8 | g5@0:1 -> g0@0:4",
    ],
    ["e_signed f(e_signed a, unsigned char b);", "g0@0:4 | g1@0:1 -> g0@0:4"],
    ["double f(float a, double b, int c);", "x0@0:4 | x1@0:8 | g0@0:4 -> x0@0:8"],
    ["float f(s_if a);", "g0@0:8 -> x0@0:4"],
    ["void f(s_fff a);", "x0@0:8 x1@8:4 -> void"],
    ["void f(s_di a, s_ld b);", "x0@0:8 g0@8:8 | g1@0:8 x1@8:8 -> void"],
    ["void f(s_dd a, s_ll b);", "x0@0:8 x1@8:8 | g0@0:8 g1@8:8 -> void"],
    ["void f(s_c3 a, s_cd b);", "g0@0:3 | g1@0:8 x0@8:8 -> void"],
    ["void f(s_fid a);", "g0@0:8 x0@8:8 -> void"],
    ["void f(s_sfc a, s_c7f b);", "g0@0:8 g1@8:4 | g2@0:8 x0@8:4 -> void"],
    ["void f(s_nested a, s_f4 b, s_cf2 c);", "x0@0:8 g0@8:4 | x1@0:8 x2@8:8 | x3@0:8 x4@8:8 -> void"],
    ["void f(s_bits a, s_fbits b);", "g0@0:8 | g1@0:8 -> void"],
    ["void f(u_fi a, u_ffd b, u_c12d c);", "g0@0:4 | x0@0:8 | g1@0:8 g2@8:8 -> void"],
    ["void f(p_ii a, _Complex float b, _Complex double c);", "g0@0:8 | x0@0:8 | x1@0:8 x2@8:8 -> void"],
    ["void f(v2f a);", "x0@0:8 -> void"],
    ["void f(int a, s_empty e, int b);", "g0@0:4 |  | g1@0:4 -> void"],
  ])("%s", (decl, expected) => {
    expectPlan(decl, expected);
  });

  it.each([
    ["void f(p_ci a, p_cs b, p_sc c);", "s0@0:5 | s8@0:3 | g0@0:3 -> void", 16],
    ["void f(p_cz a);", "s0@0:9 -> void", 16],
    ["void f(s_lll a, int b);", "s0@0:24 | g0@0:4 -> void", 32],
    ["void f(long double a, int b, s_x87 c);", "s0@0:16 | g0@0:4 | s16@0:16 -> void", 32],
    ["void f(u_x87i a, s_x87i b);", "s0@0:16 | s16@0:32 -> void", 48],
    ["void f(_Complex long double a);", "s0@0:32 -> void", 32],
  ])("passes MEMORY and X87 arguments on the stack: %s", (decl, expected, stack) => {
    expectPlan(decl, expected, stack);
  });

  it("aligns an over-aligned struct's stack slot, and RSP at the call, to its alignment", () => {
    const { plan } = planOf("void f(long a, long b, long c, long d, long e, long g, int h, s_a32 s, int i);");
    expect(describePlan(plan)).toBe(
      "g0@0:8 | g1@0:8 | g2@0:8 | g3@0:8 | g4@0:8 | g5@0:8 | s0@0:4 | s32@0:32 | s64@0:4 -> void",
    );
    expect(plan.stackBytes).toBe(96);
    expect(plan.stackAlign).toBe(32);
    expect(planOf("void f(long double x);").plan.stackAlign).toBe(16);
  });

  it("places the psABI figure 3.5 example (without its AVX vectors)", () => {
    expectPlan(
      "void func(int e, int f, structparm s, int g, int h, long double ld, double m, double n, int i, int j, int k);",
      "g0@0:4 | g1@0:4 | g2@0:8 x0@8:8 | g3@0:4 | g4@0:4 | s0@0:16 | x1@0:8 | x2@0:8 | g5@0:4 | s16@0:4 | s24@0:4 -> void",
      32,
    );
  });

  it("spills integers past six GPRs and doubles past eight XMMs, in argument order", () => {
    expectPlan(
      "void f(long a, long b, long c, long d, long e, long g, char h, double x1, double x2, double x3, double x4, double x5, double x6, double x7, double x8, float x9, long i);",
      "g0@0:8 | g1@0:8 | g2@0:8 | g3@0:8 | g4@0:8 | g5@0:8 | s0@0:1 | x0@0:8 | x1@0:8 | x2@0:8 | x3@0:8 | x4@0:8 | x5@0:8 | x6@0:8 | x7@0:8 | s8@0:4 | s16@0:8 -> void",
      32,
    );
  });

  it("sends a two-XMM struct to the stack when only xmm7 is left, and a later double to xmm7", () => {
    expectPlan(
      "void f(double a, double b, double c, double d, double e, double g, double h, s_dd s, double z);",
      "x0@0:8 | x1@0:8 | x2@0:8 | x3@0:8 | x4@0:8 | x5@0:8 | x6@0:8 | s0@0:16 | x7@0:8 -> void",
      16,
    );
  });

  it("sends an INTEGER+SSE struct to the stack when the GPRs are gone, though XMMs are free", () => {
    expectPlan(
      "void f(long a, long b, long c, long d, long e, long g, s_ld s, double z);",
      "g0@0:8 | g1@0:8 | g2@0:8 | g3@0:8 | g4@0:8 | g5@0:8 | s0@0:16 | x0@0:8 -> void",
      16,
    );
  });

  it("refuses 16-byte vectors (SSE+SSEUP) as NYI", () => {
    expect(() => planOf("void f(v4f a);")).toThrow(/NYI/);
  });
});

describe("results", () => {
  it.each([
    ["char f(void);", " -> g0@0:1"],
    ["s_ll f(void);", " -> g0@0:8 g1@8:8"],
    ["s_di f(void);", " -> x0@0:8 g0@8:8"],
    ["s_ld f(void);", " -> g0@0:8 x0@8:8"],
    ["s_dd f(void);", " -> x0@0:8 x1@8:8"],
    ["s_fff f(void);", " -> x0@0:8 x1@8:4"],
    ["_Complex float f(void);", " -> x0@0:8"],
    ["_Complex double f(void);", " -> x0@0:8 x1@8:8"],
    ["p_ii f(void);", " -> g0@0:8"],
    ["s_lll f(void);", " -> sret 24"],
    ["p_ci f(void);", " -> sret 5"],
  ])("%s", (decl, expected) => {
    expectPlan(decl, expected);
  });

  it("passes the sret pointer in rdi, shifting the integer arguments by one", () => {
    expectPlan(
      "s_lll f(long a, long b, long c, long d, long e, long g, double x);",
      "g1@0:8 | g2@0:8 | g3@0:8 | g4@0:8 | g5@0:8 | s0@0:8 | x0@0:8 -> sret 24",
      16,
    );
  });

  it.each([
    "long double f(void);",
    "_Complex long double f(void);",
    "s_x87 f(void);",
    "v4f f(void);",
  ])("refuses results in x87 or whole-XMM registers as NYI: %s", (decl) => {
    expect(() => planOf(decl)).toThrow(FfiError);
    expect(() => planOf(decl)).toThrow(/NYI/);
  });

  it("returns a union of long double and int through memory (X87 merged with INTEGER)", () => {
    expectPlan("u_x87i f(void);", " -> sret 16");
  });
});

describe("varargs", () => {
  it("counts XMM registers for AL and applies the default argument promotions", () => {
    const { reg, plan } = planOf("int f(const char *fmt, ...);", [
      "float",
      "char",
      "double",
      "unsigned short",
      "_Bool",
    ]);
    expect(plan.varargs).toBe(true);
    expect(plan.xmmUsed).toBe(2);
    const types = plan.args.map((a) => a.type);
    expect(types.slice(1)).toEqual([reg.ids.double, reg.ids.int, reg.ids.double, reg.ids.int, reg.ids.int]);
    expect(describePlan(plan)).toBe("g0@0:8 | x0@0:8 | g1@0:4 | x1@0:8 | g2@0:4 | g3@0:4 -> g0@0:4");
  });

  it("refuses extra arguments for a function that is not variadic", () => {
    expect(() => planOf("int f(int n);", ["int"])).toThrow("wrong number of arguments for function call");
  });

  it("leaves AL at 0 when no vector register carries an argument", () => {
    const { plan } = planOf("int f(int n, ...);", ["int", "long"]);
    expect(plan.xmmUsed).toBe(0);
  });
});

describe("classify", () => {
  const classesOf = (name: string): ReturnType<typeof classify> => {
    const reg = new Registry();
    cdef(reg, TYPES);
    return classify(reg, reg.typedef(name)!);
  };

  it.each([
    ["s_if", ["int"]],
    ["s_fff", ["sse", "sse"]],
    ["s_di", ["sse", "int"]],
    ["u_c12d", ["int", "int"]],
    ["s_x87", ["x87", "x87up"]],
    ["s_empty", []],
    ["p_ci", "memory"],
    ["s_lll", "memory"],
    ["u_x87i", "memory"],
  ])("%s is %j", (name, expected) => {
    expect(classesOf(name)).toEqual(expected);
  });
});
