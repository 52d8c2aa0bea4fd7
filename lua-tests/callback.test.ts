// Runs every lua-tests/callback/*.lua script in a fresh state with the path of the callback test
// library (lua-tests/native/callbacks.c) as its argument, one vitest test each; the scripts
// cdef the library's header themselves (callback/lib.lua). A Lua error fails the test with its
// message and traceback.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, it } from "vitest";
import { closeState, createState, LuaRunError, runLua } from "../src/lua-bindings";
import { buildCallbackLib, callbackLibHeader, canBuildTestLib } from "./native/build";

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

describe.skipIf(!canBuildTestLib())("callbacks from the C test library", () => {
  beforeAll(() => {
    library = buildCallbackLib();
  });
  it.each(SCRIPTS)("%s", (file) => {
    runScript(file);
  });
});
