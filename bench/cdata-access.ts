// cdata element and field access from Lua against the same loop over a Lua table, in one run
// (issue 3's targets: at most 1.5x the table; LuaJIT's interpreter is at about 6x).
import { lua } from "fengari";
import { createState, runLua } from "../src/lua-bindings";
import { type BenchRow, medianNs, row } from "./measure";

const N = 200_000;

/** Compiles `body` as a Lua function taking N and returns a runner. */
function luaLoop(setup: string, body: string): () => void {
  const L = createState();
  runLua(L, `${setup}\nreturn function(n) ${body} end`, "=bench");
  const ref = lua.lua_gettop(L);
  return () => {
    lua.lua_pushvalue(L, ref);
    lua.lua_pushinteger(L, N);
    if (lua.lua_pcall(L, 1, 0, 0) !== 0) throw new Error(String(lua.lua_tojsstring(L, -1)));
  };
}

/** The cdata access benchmarks. */
export function benchCdataAccess(): BenchRow[] {
  const arr = medianNs(
    luaLoop(
      `local ffi = require("ffi"); a = ffi.new("double[?]", ${N} + 1)`,
      "local a = a for i = 0, n - 1 do a[i] = a[i] + i end",
    ),
    N,
  );
  const arrT = medianNs(
    luaLoop(
      `a = {} for i = 0, ${N} do a[i] = 0.0 end`,
      "local a = a for i = 0, n - 1 do a[i] = a[i] + i end",
    ),
    N,
  );
  const fld = medianNs(
    luaLoop(
      `local ffi = require("ffi"); ffi.cdef("struct bench_pt { double x, y; }"); p = ffi.new("struct bench_pt", 1, 2)`,
      "local p = p for i = 1, n do p.x = p.x + p.y + i end",
    ),
    N,
  );
  const fldT = medianNs(
    luaLoop(`p = { x = 1.0, y = 2.0 }`, "local p = p for i = 1, n do p.x = p.x + p.y + i end"),
    N,
  );
  const methods = `local mt = { __index = { dot = function(a, b) return a.x * b.x + a.y * b.y end } }`;
  const meth = medianNs(
    luaLoop(
      `local ffi = require("ffi"); ffi.cdef("struct bench_v { double x, y; }")
       ${methods} v = ffi.metatype("struct bench_v", mt)(1, 2)`,
      "local v, s = v, 0 for i = 1, n do s = s + v:dot(v) end",
    ),
    N,
  );
  const methT = medianNs(
    luaLoop(
      `${methods} v = setmetatable({ x = 1.0, y = 2.0 }, mt)`,
      "local v, s = v, 0 for i = 1, n do s = s + v:dot(v) end",
    ),
    N,
  );
  return [
    row("a[i] = a[i] + i on double[?]", arr, "same loop on a Lua table", arrT),
    row("v:dot(v), a metatype method on a struct", meth, "same on a table with a metatable", methT),
    row("p.x = p.x + p.y + i on a struct", fld, "same loop on a Lua table", fldT),
  ];
}
