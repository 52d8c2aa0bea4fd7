// ffi.gc, metatype __gc and the memory of ffi.new under V8's garbage collector: finalizers run
// once their cdata is unreachable (after the Lua run that dropped it returns), never twice, not
// after ffi.gc(cd, nil), and for what is left when the state is closed; a million allocations
// keep the process's memory bounded.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { lua } from "fengari";
import { describe, expect, it } from "vitest";
import { closeState, createState, runLua } from "../src/lua-bindings";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

/** Lets V8 collect and run FinalizationRegistry callbacks (they run as tasks of their own). */
async function collect(): Promise<void> {
  for (let i = 0; i < 5; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function luaNumber(L: ReturnType<typeof createState>, expr: string): number {
  runLua(L, `return ${expr}`, "=expr");
  const v = lua.lua_tonumber(L, -1);
  lua.lua_pop(L, 1);
  return v;
}

describe("finalizers", () => {
  it("run ffi.gc finalizers once the cdata is unreachable, with a cdata of the same value", async () => {
    const L = createState();
    runLua(
      L,
      `local ffi = require("ffi")
       n, sum = 0, 0
       for i = 1, 200 do
         local p = ffi.new("int[1]", i)
         ffi.gc(p, function(c) n = n + 1; sum = sum + c[0] end)
       end`,
      "=t",
    );
    expect(luaNumber(L, "n")).toBe(0); // not while the Lua run that created them was going on
    await collect();
    expect(luaNumber(L, "n")).toBe(200);
    expect(luaNumber(L, "sum")).toBe((200 * 201) / 2);
    closeState(L);
  });

  it("does not run a finalizer removed with ffi.gc(cd, nil), and runs metatype __gc", async () => {
    const L = createState();
    runLua(
      L,
      `local ffi = require("ffi")
       ffi.cdef("struct fin_s { int id; }")
       removed, viagc = 0, 0
       ffi.metatype("struct fin_s", { __gc = function(s) viagc = viagc + s.id end })
       for i = 1, 10 do
         local p = ffi.gc(ffi.new("char[8]"), function() removed = removed + 1 end)
         ffi.gc(p, nil)
         local s = ffi.new("struct fin_s", i)
       end`,
      "=t",
    );
    await collect();
    expect(luaNumber(L, "removed")).toBe(0);
    expect(luaNumber(L, "viagc")).toBe(55);
    closeState(L);
  });

  it("runs the finalizers of cdata still alive when the state is closed", () => {
    const L = createState();
    const seen: number[] = [];
    lua.lua_pushjsfunction(L, (L) => {
      seen.push(lua.lua_tonumber(L, 1));
      return 0;
    });
    lua.lua_setglobal(L, "report");
    runLua(
      L,
      `local ffi = require("ffi")
       keep = {}
       for i = 1, 3 do keep[i] = ffi.gc(ffi.new("int[1]", i), function(c) report(c[0]) end) end`,
      "=t",
    );
    closeState(L);
    expect(seen.sort()).toEqual([1, 2, 3]);
  });

  it("reports a failing finalizer as a warning and keeps going", async () => {
    const L = createState();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(w.message);
    process.on("warning", onWarning);
    runLua(
      L,
      `local ffi = require("ffi")
       ok = 0
       ffi.gc(ffi.new("int[1]"), function() error("boom") end)
       ffi.gc(ffi.new("int[1]"), function() ok = ok + 1 end)`,
      "=t",
    );
    await collect();
    await new Promise((resolve) => setImmediate(resolve));
    process.off("warning", onWarning);
    expect(luaNumber(L, "ok")).toBe(1);
    expect(warnings.some((w) => w.includes("boom"))).toBe(true);
    closeState(L);
  });
});

describe("soak", () => {
  it("keeps memory bounded over a million ffi.new allocations, and finalizers run", async () => {
    const L = createState();
    const before = process.memoryUsage().rss;
    runLua(
      L,
      `local ffi = require("ffi")
       ffi.cdef("struct soak_s { double a, b; int c[8]; }")
       fins = 0
       local fin = function() fins = fins + 1 end
       for i = 1, 1000000 do
         local a = ffi.new("int[64]")
         a[0] = i
         local s = ffi.new("struct soak_s")
         s.c[7] = i
         if i % 1000 == 0 then ffi.gc(a, fin) end
       end`,
      "=soak",
    );
    const peak = process.memoryUsage().rss;
    await collect();
    expect(luaNumber(L, "fins")).toBe(1000);
    expect(peak - before).toBeLessThan(300 * 1024 * 1024);
    closeState(L);
  }, 120_000);
});
