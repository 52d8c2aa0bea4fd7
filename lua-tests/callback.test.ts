// Runs every lua-tests/callback/*.lua script in a fresh state with the path of the callback test
// library (lua-tests/native/callbacks.c) as its argument, one vitest test each; the scripts
// cdef the library's header themselves (callback/lib.lua). A Lua error fails the test with its
// message and traceback.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { lua } from "fengari";
import { beforeAll, describe, expect, it } from "vitest";
import { callbackSlot, slotOfAddress } from "../src/callback";
import { closeState, createState, LuaRunError, runLua } from "../src/lua-bindings";
import { buildCallbackLib, callbackLibHeader } from "./native/build";

const DIR = join(__dirname, "callback");
const SCRIPTS = readdirSync(DIR)
  .filter((f) => f.endsWith(".lua") && f !== "lib.lua")
  .sort();

let library = "";

function runScript(file: string): void {
  const L = createState();
  try {
    runLua(L, 'package.path = ... .. ";" .. package.path', "=prelude", [`${DIR}/?.lua;${__dirname}/?.lua`]);
    runLua(L, readFileSync(join(DIR, file)), `@lua-tests/callback/${file}`, [library, callbackLibHeader()]);
  } catch (e) {
    if (e instanceof LuaRunError) throw new Error(`${e.message}\n${e.traceback}`);
    throw e;
  } finally {
    closeState(L);
  }
}

describe("callbacks from the C test library", () => {
  beforeAll(() => {
    library = buildCallbackLib();
  });
  it.each(SCRIPTS)("%s", (file) => {
    runScript(file);
  });
});

describe("callbacks and states", () => {
  it("frees a state's callbacks when the state closes, and keeps states apart", () => {
    const make = `
      local ffi = require("ffi")
      cb = ffi.cast("int (*)(int)", function(x) return x end)
      return tonumber(ffi.cast("uintptr_t", cb))`;
    const A = createState();
    const B = createState();
    runLua(A, make, "=a");
    runLua(B, make, "=b");
    const slotA = slotOfAddress(lua.lua_tonumber(A, -1))!;
    const slotB = slotOfAddress(lua.lua_tonumber(B, -1))!;
    expect(slotA).not.toBe(slotB);
    // B cannot free A's callback through a pointer to it: it is not one of B's callbacks
    const freeInB = `local ffi = require("ffi"); ffi.cast("int (*)(int)", tonumber((...))):free()`;
    expect(() => runLua(B, freeInB, "=b", [String(lua.lua_tonumber(A, -1))])).toThrow("bad callback");
    expect(callbackSlot(slotA)).toBeDefined();
    expect(() => runLua(A, "cb:free(); cb:free()", "=a")).toThrow("bad callback");
    expect(callbackSlot(slotA)).toBeUndefined();
    closeState(B);
    expect(callbackSlot(slotB)).toBeUndefined();
    closeState(A);
  });
});
