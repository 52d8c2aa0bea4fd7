import { lua, to_jsstring } from "fengari";
import { describe, expect, it } from "vitest";
import { runLuajit } from "../../lua-tests/luajit";
import { toBit, tohex32 } from "./bit-lib";
import { closeState, createState } from "./open";
import { runLua } from "./run-lua";

// Runs a chunk that returns one string, in a fresh fengari-ffi state.
function fengari(source: string): string {
  const L = createState();
  try {
    runLua(L, source, "=bit-test");
    return to_jsstring(lua.lua_tostring(L, -1)!);
  } finally {
    closeState(L);
  }
}

describe("bit on numbers", () => {
  it.each([
    [2 ** 31, -(2 ** 31)],
    [2 ** 32 + 5, 5],
    [0.5, 0],
    [1.5, 2],
    [2.5, 2],
    [-2.5, -2],
    [-1, -1],
    [2 ** 53, 0],
    [Number.POSITIVE_INFINITY, 0],
    [Number.NaN, 0],
  ])("tobit(%d) = %d", (x, want) => {
    expect(toBit(x)).toBe(want);
  });

  it.each([
    [255, undefined, "000000ff"],
    [-1, 10, "00ffffffff"],
    [255, -4, "00FF"],
    [-1, -3, "FFF"],
    [1, 0, ""],
  ] as const)("tohex(%d, %s) = %s", (x, n, want) => {
    expect(tohex32(x, n)).toBe(want);
  });

  it("is reachable with require and raises Lua errors for bad arguments", () => {
    const out = fengari(`
      local bit = require("bit")
      local ok, err = pcall(bit.band, {})
      return table.concat({ bit.band(0xff, 0x0f, 0x3), bit.lshift(1, 33), bit.tohex(bit.bswap(0x01020304)),
        tostring(ok), err }, " ")`);
    expect(out).toBe("3 2 04030201 false bad argument #1 to 'bit.band' (number expected, got table)");
  });
});

// Arguments that exercise rounding, wrap-around, sign and masking.
const ARGS = [
  "0",
  "1",
  "-1",
  "2",
  "7",
  "31",
  "32",
  "33",
  "0.5",
  "1.5",
  "-2.5",
  "2^31",
  "2^32+7",
  "-(2^31)",
  "2^52+3",
  "0x7fffffff",
  "0x80000000",
  "0xdeadbeef",
  "12345678.9",
  "-0x12345678",
  "'0x10'",
];

describe("bit against LuaJIT", () => {
  it("agrees with luajit on every case", () => {
    const lines = [
      'local bit = require("bit")',
      "local out = {}",
      "local function p(v) out[#out + 1] = tostring(v) end",
    ];
    for (const a of ARGS) {
      for (const f of ["tobit", "bnot", "bswap", "tohex"]) lines.push(`p(bit.${f}(${a}))`);
      for (const b of ARGS) {
        for (const f of ["band", "bor", "bxor", "lshift", "rshift", "arshift", "rol", "ror"])
          lines.push(`p(bit.${f}(${a}, ${b}))`);
      }
      for (const n of ["0", "1", "4", "8", "9", "16", "-2", "-8", "-12"])
        lines.push(`p(bit.tohex(${a}, ${n}))`);
      lines.push(`p(bit.band(${a}, 0xff, 0xf0f)) p(bit.bor(${a}, 1, 2, 4)) p(bit.bxor(${a}, ${a}, 3))`);
    }
    const body = lines.join("\n");
    const ours = fengari(`${body}\nreturn table.concat(out, "\\n")`).split("\n");
    const theirs = runLuajit(`${body}\nio.write(table.concat(out, "\\n"))`).split("\n");
    expect(ours.length).toBe(theirs.length);
    const code = lines.slice(3).flatMap((l) => l.split(/ (?=p\()/));
    const mismatches = ours
      .map((o, i) => ({ o, t: theirs[i], code: code[i] }))
      .filter((c) => c.o !== c.t)
      .map((c) => `${c.code}: luajit ${c.t}, ours ${c.o}`);
    expect(mismatches.slice(0, 20)).toEqual([]);
  });
});
