import { describe, expect, it } from "vitest";
import { runLuajit } from "../../lua-tests/luajit";
import {
  add64,
  band64,
  bnot64,
  bor64,
  bswap64,
  bxor64,
  div64,
  eq64,
  INT64_MAX,
  INT64_MIN,
  idiv64,
  int64ToString,
  le64,
  lt64,
  mod64,
  mul64,
  numberToInt64,
  numberToInt64Type,
  numberToUint64,
  pow64,
  rol64,
  ror64,
  sar64,
  shl64,
  shr64,
  sub64,
  tohex64,
  toInt64Type,
  UINT64_MAX,
  unm64,
} from "./int64-arith";

// An operand as LuaJIT sees it: an int64 cdata, a uint64 cdata or a Lua number.
type Operand = { t: "LL" | "ULL"; v: bigint } | { t: "num"; v: number };
const LL = (v: bigint): Operand => ({ t: "LL", v: BigInt.asIntN(64, v) });
const ULL = (v: bigint): Operand => ({ t: "ULL", v: BigInt.asUintN(64, v) });
const NUM = (v: number): Operand => ({ t: "num", v });

// LuaJIT's operand conversion: both to uint64 if either is a uint64 cdata, else to int64.
function convert(x: Operand, unsigned: boolean): bigint {
  return x.t === "num" ? numberToInt64Type(x.v, unsigned) : toInt64Type(x.v, unsigned);
}

const BINARY = { "+": add64, "-": sub64, "*": mul64, "/": div64, "%": mod64, "^": pow64 } as const;
const COMPARE = { "==": eq64, "<": lt64, "<=": le64 } as const;
type BinOp = keyof typeof BINARY;
type CmpOp = keyof typeof COMPARE;

function evalBinary(op: BinOp, a: Operand, b: Operand): string {
  const u = a.t === "ULL" || b.t === "ULL";
  return int64ToString(BINARY[op](convert(a, u), convert(b, u), u), u);
}

function evalCompare(op: CmpOp, a: Operand, b: Operand): string {
  const u = a.t === "ULL" || b.t === "ULL";
  return String(COMPARE[op](convert(a, u), convert(b, u)));
}

describe("int64 arithmetic: LuaJIT's rules", () => {
  const S = (v: bigint) => int64ToString(v, false);
  const U = (v: bigint) => int64ToString(v, true);
  it.each([
    ["+", LL(1n), LL(2n), S(3n)],
    ["+", LL(INT64_MAX), LL(1n), S(INT64_MIN)],
    ["+", ULL(UINT64_MAX), LL(1n), U(0n)],
    ["-", LL(0n), ULL(1n), U(UINT64_MAX)],
    ["*", LL(1n << 62n), LL(4n), S(0n)],
    ["/", LL(-7n), LL(2n), S(-3n)],
    ["/", LL(7n), LL(-2n), S(-3n)],
    ["/", LL(5n), LL(0n), S(INT64_MIN)],
    ["/", ULL(5n), ULL(0n), U(1n << 63n)],
    ["/", LL(INT64_MIN), LL(-1n), S(INT64_MIN)],
    ["/", ULL(UINT64_MAX), LL(-1n), U(1n)],
    ["%", LL(-7n), LL(3n), S(-1n)],
    ["%", LL(7n), LL(-3n), S(1n)],
    ["%", LL(5n), LL(0n), S(INT64_MIN)],
    ["%", LL(INT64_MIN), LL(-1n), S(0n)],
    ["^", LL(2n), LL(10n), S(1024n)],
    ["^", LL(2n), LL(64n), S(0n)],
    ["^", LL(2n), LL(-1n), S(0n)],
    ["^", LL(1n), LL(-5n), S(1n)],
    ["^", LL(-1n), LL(-5n), S(-1n)],
    ["^", LL(-1n), LL(-4n), S(1n)],
    ["^", LL(0n), LL(-1n), S(INT64_MAX)],
    ["^", ULL(2n), LL(-1n), U(0n)],
    ["^", LL(3n), LL(0n), S(1n)],
    ["+", LL(5n), NUM(2.7), S(7n)],
    ["+", LL(5n), NUM(-2.7), S(3n)],
    ["-", NUM(1), ULL(2n), U(UINT64_MAX)],
  ] as const)("%s: %o %o -> %s", (op, a, b, want) => {
    expect(evalBinary(op, a, b)).toBe(want);
  });

  it.each([
    ["<", LL(-1n), ULL(0n), "false"],
    ["<", LL(-1n), LL(0n), "true"],
    ["==", LL(-1n), ULL(UINT64_MAX), "true"],
    ["==", LL(1n), NUM(1), "true"],
    ["==", LL(1n), NUM(1.5), "true"],
    ["<=", ULL(0n), NUM(-1), "true"],
    ["<", LL(2n), NUM(2.5), "false"],
  ] as const)("%s: %o %o -> %s", (op, a, b, want) => {
    expect(evalCompare(op, a, b)).toBe(want);
  });

  it("unary minus, // and the bit operations", () => {
    expect(unm64(INT64_MIN, false)).toBe(INT64_MIN);
    expect(unm64(1n, true)).toBe(UINT64_MAX);
    expect(idiv64(-7n, 2n, false)).toBe(-3n);
    expect(band64(-1n, 0xffn, false)).toBe(0xffn);
    expect(bor64(1n << 63n, 1n, true)).toBe((1n << 63n) | 1n);
    expect(bxor64(-1n, 1n, false)).toBe(-2n);
    expect(bnot64(0n, true)).toBe(UINT64_MAX);
    expect(shl64(1n, 64, false)).toBe(1n);
    expect(shl64(1n, 63, false)).toBe(INT64_MIN);
    expect(shr64(-1n, 60, false)).toBe(15n);
    expect(sar64(-16n, 2, false)).toBe(-4n);
    expect(sar64(1n << 63n, 63, true)).toBe(UINT64_MAX);
    expect(rol64(1n << 63n, 1, true)).toBe(1n);
    expect(ror64(1n, 1, false)).toBe(INT64_MIN);
    expect(rol64(5n, 0, false)).toBe(5n);
    expect(bswap64(0x0102030405060708n, false)).toBe(0x0807060504030201n);
  });

  it("converts doubles: truncation, uint64 over the union of both ranges", () => {
    expect(numberToInt64(-2.9)).toBe(-2n);
    expect(numberToInt64(2 ** 63)).toBe(INT64_MIN);
    expect(numberToInt64(Number.NaN)).toBe(INT64_MIN);
    expect(numberToUint64(-1)).toBe(UINT64_MAX);
    expect(numberToUint64(2 ** 63)).toBe(1n << 63n);
    expect(numberToUint64(2 ** 64 - 2048)).toBe(2n ** 64n - 2048n);
    expect(numberToUint64(1e30)).toBe(1n << 63n);
  });

  it("formats", () => {
    expect(int64ToString(-5n, false)).toBe("-5LL");
    expect(int64ToString(UINT64_MAX, true)).toBe("18446744073709551615ULL");
    expect(tohex64(1n)).toBe("0000000000000001");
    expect(tohex64(-1n, -4)).toBe("FFFF");
    expect(tohex64(-1n, 20)).toBe("0000ffffffffffffffff");
    expect(tohex64(1n, 0)).toBe("");
  });
});

// ---- LuaJIT as the oracle ------------------------------------------------------------------

// Values that exercise signs, wrap-around and small magnitudes.
const EDGES: bigint[] = [
  0n,
  1n,
  2n,
  3n,
  7n,
  -1n,
  -2n,
  -7n,
  63n,
  64n,
  1000000007n,
  -123456789012345n,
  1n << 31n,
  (1n << 32n) + 5n,
  1n << 62n,
  INT64_MAX,
  INT64_MIN,
  INT64_MIN + 1n,
  0x0123456789abcdefn,
  -0x0fedcba987654321n,
];
// Lua numbers mixed with cdata: non-negative, because LuaJIT 2.1.0-beta3 converts negative
// doubles to uint64 differently from current LuaJIT (see numberToUint64).
const NUMBERS = [0, 1, 2.5, 3, 100, 1e10, 2 ** 53, 4294967296.75];

function luaLiteral(x: Operand): string {
  if (x.t === "num") return Number.isInteger(x.v) ? x.v.toFixed(0) : String(x.v);
  return `0x${BigInt.asUintN(64, x.v).toString(16)}${x.t}`;
}

function* oracleCases(): Generator<{ expr: string; ours: string }> {
  const operands: Operand[] = [];
  for (const v of EDGES) operands.push(LL(v), ULL(v));
  for (const n of NUMBERS) operands.push(NUM(n));
  for (const a of operands) {
    for (const b of operands) {
      if (a.t === "num" && b.t === "num") continue;
      for (const op of Object.keys(BINARY) as BinOp[]) {
        yield { expr: `${luaLiteral(a)} ${op} ${luaLiteral(b)}`, ours: evalBinary(op, a, b) };
      }
      for (const op of Object.keys(COMPARE) as CmpOp[]) {
        yield { expr: `${luaLiteral(a)} ${op} ${luaLiteral(b)}`, ours: evalCompare(op, a, b) };
      }
    }
  }
  for (const v of EDGES) {
    for (const t of ["LL", "ULL"] as const) {
      const u = t === "ULL";
      const x = toInt64Type(v, u);
      const lit = `0x${BigInt.asUintN(64, v).toString(16)}${t}`;
      yield { expr: `-${lit}`, ours: int64ToString(unm64(x, u), u) };
      yield { expr: `bit.bnot(${lit})`, ours: int64ToString(bnot64(x, u), u) };
      yield { expr: `bit.bswap(${lit})`, ours: int64ToString(bswap64(x, u), u) };
      yield { expr: `bit.tohex(${lit})`, ours: JSON.stringify(tohex64(x)) };
      for (const n of [0, 1, 5, -3, 12, 16, 20, -16]) {
        yield { expr: `bit.tohex(${lit}, ${n})`, ours: JSON.stringify(tohex64(x, n)) };
      }
      for (const [name, f] of [
        ["lshift", shl64],
        ["rshift", shr64],
        ["arshift", sar64],
        ["rol", rol64],
        ["ror", ror64],
      ] as const) {
        for (const n of [0, 1, 7, 31, 32, 33, 63, 64, 65, -1]) {
          yield { expr: `bit.${name}(${lit}, ${n})`, ours: int64ToString(f(x, n, u), u) };
        }
      }
      for (const w of EDGES.slice(0, 12)) {
        for (const t2 of ["LL", "ULL"] as const) {
          const u2 = u || t2 === "ULL";
          const lit2 = `0x${BigInt.asUintN(64, w).toString(16)}${t2}`;
          const a = toInt64Type(v, u2);
          const b = toInt64Type(w, u2);
          yield { expr: `bit.band(${lit}, ${lit2})`, ours: int64ToString(band64(a, b, u2), u2) };
          yield { expr: `bit.bor(${lit}, ${lit2})`, ours: int64ToString(bor64(a, b, u2), u2) };
          yield { expr: `bit.bxor(${lit}, ${lit2})`, ours: int64ToString(bxor64(a, b, u2), u2) };
        }
      }
    }
  }
  for (const n of [
    0,
    0.5,
    -0.5,
    1.9,
    -1.9,
    2 ** 31,
    -(2 ** 31),
    2 ** 52 + 0.5,
    2 ** 62,
    -(2 ** 62),
    2 ** 63 - 1024,
  ]) {
    yield { expr: `ffi.new("int64_t", ${n})`, ours: int64ToString(numberToInt64(n), false) };
  }
  for (const n of [0, 0.5, 1.9, 2 ** 31, 2 ** 62, 2 ** 63, 2 ** 64 - 2048]) {
    yield { expr: `ffi.new("uint64_t", ${n})`, ours: int64ToString(numberToUint64(n), true) };
  }
}

describe("int64 arithmetic against LuaJIT", () => {
  it("agrees with luajit on every case", () => {
    const cases = [...oracleCases()];
    const script = [
      'local ffi, bit = require("ffi"), require("bit")',
      "local function show(v) if type(v) == 'string' then return string.format('%q', v) end return tostring(v) end",
      ...cases.map((c) => `print(show(${c.expr}))`),
    ].join("\n");
    const theirs = runLuajit(script).trimEnd().split("\n");
    expect(theirs.length).toBe(cases.length);
    const mismatches = cases
      .map((c, i) => ({ ...c, theirs: theirs[i] }))
      .filter((c) => c.theirs !== c.ours)
      .map((c) => `${c.expr}: luajit ${c.theirs}, ours ${c.ours}`);
    expect(mismatches.slice(0, 20)).toEqual([]);
    expect(cases.length).toBeGreaterThan(5000);
  });
});
