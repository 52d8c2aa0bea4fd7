// Runs every lua-tests/*.lua script (except helpers.lua) in a fresh fengari-ffi state, one vitest
// test each; a Lua error fails the test with its message and traceback. Scripts whose first line
// is `-- portable` also run under LuaJIT, when installed, and their printed output must match.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { lua, to_jsstring } from "fengari";
import { describe, expect, it } from "vitest";
import { closeState, createState, LuaRunError, runLua } from "../src/lua-bindings";
import { addFixtures } from "./fixtures";
import { LUAJIT } from "./luajit";

const DIR = __dirname;
const SCRIPTS = readdirSync(DIR)
  .filter((f) => f.endsWith(".lua") && f !== "helpers.lua")
  .sort();
const isPortable = (file: string) => readFileSync(join(DIR, file), "utf8").startsWith("-- portable");

// Collects print() output in a table instead of writing to stdout.
const PRELUDE = `
package.path = ... .. "/?.lua;" .. package.path
local out = {}
package.loaded["lua-tests.output"] = out
function print(...)
  local parts = {}
  for i = 1, select("#", ...) do parts[i] = tostring((select(i, ...))) end
  out[#out + 1] = table.concat(parts, "\\t")
end`;

// Runs a script in a fresh state; returns what it printed, or throws with message and traceback.
function runInFengari(file: string): string {
  const L = createState();
  try {
    addFixtures(L);
    runLua(L, PRELUDE, "=prelude", [DIR]);
    try {
      runLua(L, readFileSync(join(DIR, file)), `@lua-tests/${file}`);
    } catch (e) {
      if (e instanceof LuaRunError) throw new Error(`${e.message}\n${e.traceback}`);
      throw e;
    }
    runLua(L, 'return table.concat(package.loaded["lua-tests.output"], "\\n")', "=output");
    return to_jsstring(lua.lua_tostring(L, -1)!);
  } finally {
    closeState(L);
  }
}

// fengari prints floats with an integral value as `1.0`, LuaJIT as `1`.
function normalise(output: string): string {
  return output.replace(/(?<![\w.])(-?\d+)\.0(?![\w.])/g, "$1").trimEnd();
}

describe("lua-tests", () => {
  it.each(SCRIPTS)("%s", (file) => {
    runInFengari(file);
  });
});

describe("lua-tests under LuaJIT", () => {
  it.each(SCRIPTS.filter(isPortable))("%s prints the same as LuaJIT", (file) => {
    const theirs = execFileSync(LUAJIT!, [file], {
      cwd: DIR,
      encoding: "utf8",
      env: { ...process.env, LUA_PATH: `${DIR}/?.lua;;` },
    });
    expect(normalise(runInFengari(file))).toBe(normalise(theirs));
  });
});
