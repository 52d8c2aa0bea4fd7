// Calling a trivial C function (abs) from a Lua loop, against calling a plain Lua function in
// the same loop, and against what a user would write without this library: a JS function
// registered in fengari that calls abs through koffi (koffi's own function declaration is
// allowed here only as that baseline; src/ never calls C that way).

import { lauxlib, lua } from "fengari";
import koffi from "koffi";
import { createState, luaFunction, runLua } from "../src/lua-bindings";
import { type BenchRow, medianNs, row } from "./measure";

const N = 300_000;

/** Compiles `body` (with the number of iterations as `n`) in a fresh state and returns a runner. */
function luaLoop(
  setup: (L: ReturnType<typeof createState>) => void,
  prelude: string,
  body: string,
): () => void {
  const L = createState();
  setup(L);
  runLua(L, `${prelude}\nreturn function(n) ${body} end`, "=bench");
  const ref = lua.lua_gettop(L);
  return () => {
    lua.lua_pushvalue(L, ref);
    lua.lua_pushinteger(L, N);
    if (lua.lua_pcall(L, 1, 0, 0) !== 0) throw new Error(String(lua.lua_tojsstring(L, -1)));
  };
}

/** The call benchmarks. */
export function benchFfiCall(): BenchRow[] {
  const loop = "local x = 0 for i = 1, n do x = x + f(-i) end";
  const ffiNs = medianNs(
    luaLoop(
      () => {},
      `local ffi = require("ffi"); ffi.cdef("int abs(int);"); f = ffi.C.abs`,
      `local f = f ${loop}`,
    ),
    N,
  );
  const luaNs = medianNs(
    luaLoop(() => {}, "f = function(v) if v < 0 then return -v end return v end", `local f = f ${loop}`),
    N,
  );
  const absK = koffi.load(null).func("int abs(int)");
  const glueNs = medianNs(
    luaLoop(
      (L) => {
        lua.lua_pushjsfunction(
          L,
          luaFunction((L) => {
            lua.lua_pushinteger(L, absK(lauxlib.luaL_checkinteger(L, 1)));
            return 1;
          }),
        );
        lua.lua_setglobal(L, "f");
      },
      "",
      `local f = f ${loop}`,
    ),
    N,
  );
  return [
    row("ffi.C.abs(-i) from Lua", ffiNs, "a plain Lua function", luaNs),
    row("ffi.C.abs(-i) from Lua", ffiNs, "JS glue calling koffi's abs", glueNs),
  ];
}
