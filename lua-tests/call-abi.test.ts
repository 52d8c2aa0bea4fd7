// The System V ABI matrix through Lua: lua-tests/native/abi-matrix.lua calls every function of
// the C test library through the ffi (marshallers, thunks) and checks what C recorded and what
// came back. The JIT-level matrix, without Lua, is test/call-abi.test.ts.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { closeState, createState, LuaRunError, runLua } from "../src";
import { buildTestLib, testLibHeader } from "./native/build";

it("calls every signature of the ABI test library correctly from Lua", () => {
  const L = createState();
  try {
    runLua(L, `package.path = "${join(__dirname, "?.lua")};" .. package.path`, "=path");
    runLua(L, readFileSync(join(__dirname, "native", "abi-matrix.lua")), "@abi-matrix.lua", [
      testLibHeader(),
      buildTestLib(),
    ]);
  } catch (e) {
    if (e instanceof LuaRunError) expect.fail(`${e.message}\n${e.traceback}`);
    throw e;
  } finally {
    closeState(L);
  }
});
