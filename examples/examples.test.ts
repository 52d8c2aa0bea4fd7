// Every example runs, through the built CLI as a user would run it, and prints what the
// README says it prints.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { compressedSize, forbiddenLoad } from "./host";

const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "build", "examples-cli", "cli.js");

function runExample(name: string, ...args: string[]): string {
  return execFileSync(process.execPath, [CLI, join(__dirname, name), ...args], {
    encoding: "utf8",
    cwd: ROOT,
  });
}

beforeAll(() => {
  // the CLI as `npm ci` builds it (tsup), into a directory of the tests' own
  execFileSync(
    process.execPath,
    [
      join(ROOT, "node_modules", "tsup", "dist", "cli-default.js"),
      "src/cli.ts",
      "--format",
      "esm",
      "--out-dir",
      "build/examples-cli",
      "--silent",
    ],
    { cwd: ROOT, stdio: "inherit" },
  );
}, 120_000);

describe("examples", () => {
  it("hello.lua calls printf and snprintf", () => {
    expect(runExample("hello.lua")).toBe(
      "Hello from C, Lua! 2 + 3 = 5\npi is about 3.14159 (19 chars, strlen says 19)\n",
    );
  });

  it("zlib.lua round-trips through zlib", () => {
    expect(runExample("zlib.lua")).toMatch(/^zlib \d+\.\d+\.\d+: 2200 bytes -> \d+ bytes, round trip ok\n$/);
    expect(runExample("zlib.lua", "hello hello hello hello")).toMatch(
      /: 23 bytes -> \d+ bytes, round trip ok\n$/,
    );
  });

  it("vector.lua uses a metatype with operators and methods", () => {
    expect(runExample("vector.lua")).toBe(
      [
        "a = vec2(3, 4)\tb = vec2(1, 2)",
        "a + b = vec2(4, 6)\ta - b = vec2(2, 2)",
        "|a| = 5.0\ta . b = 11.0",
        "a normalized = vec2(0.6, 0.8)",
        "a == vec2(3, 4): true",
        "sum of 1000 points = vec2(499500, 999000) (16000 bytes)",
        "",
      ].join("\n"),
    );
  });

  it("qsort.lua sorts 100,000 ints through a Lua comparator", () => {
    expect(runExample("qsort.lua")).toMatch(
      /^sorted 100000 ints with \d+ Lua comparator calls; smallest \d+, largest \d+\n$/,
    );
    expect(runExample("qsort.lua", "5")).toBe(
      "sorted 5 ints with 8 Lua comparator calls; smallest 132416, largest 932606\n",
    );
  });

  it("sqlite.lua inserts 64-bit ids and reads rows through a callback", () => {
    expect(runExample("sqlite.lua")).toMatch(
      /^sqlite 3\.\d+\.\d+, last id 5000000003LL\nid=5000000001 name=ada\nid=5000000002 name=brian\nid=5000000003 name=dennis\n$/,
    );
  });

  it("host.ts runs a plugin under an ffi.load allowlist", () => {
    const text = "fengari-ffi ".repeat(100);
    const size = compressedSize(text);
    expect(size).toBeGreaterThan(10);
    expect(size).toBeLessThan(text.length / 10);
    expect(forbiddenLoad()).toContain("does not allow loading 'sqlite3'");
  });
});
