// Callbacks: libc's qsort of 20,000 int32 calling a Lua comparator through a callback
// (`ffi.cast("int (*)(const int32_t *, const int32_t *)", f)`, the comparator indexing its two
// pointers), per comparison, against table.sort calling a Lua comparator on the same numbers,
// and against what a user would write without this library: qsort called through koffi with a
// koffi.register'ed JS comparator that reads the two ints and calls the Lua comparator through
// fengari (koffi.register is allowed here only as that baseline; src/ never uses it).
// Comparison counts are taken once per sort with counting comparators; the timed runs count
// nothing, and each run sorts a fresh copy of the data (the copy is a small part of the time).

import { lauxlib, lua } from "fengari";
import koffi from "koffi";
import { closeState, createState, runLua } from "../src/lua-bindings";
import { readI32 } from "../src/native";
import { type BenchRow, row } from "./measure";

const N = 20_000;
const ROUNDS = 7;

/** Nanoseconds `run` takes, once. */
function timeNs(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start);
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[xs.length >> 1]!;
}

const SCRIPT = `
local ffi = require("ffi")
ffi.cdef[[
void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const int32_t *, const int32_t *));
void *memcpy(void *dst, const void *src, size_t n);
]]
local N = tonumber((...))
local data = ffi.new("int32_t[?]", N)
local work = ffi.new("int32_t[?]", N)
local list, copy = {}, {}
local seed = 12345
for i = 0, N - 1 do
  seed = (seed * 1103515245 + 12345) % 2147483648
  data[i] = seed % 1000000
  list[i + 1] = data[i]
end

local count = 0
local counting = ffi.cast("int (*)(const int32_t *, const int32_t *)", function(a, b)
  count = count + 1
  return a[0] - b[0]
end)
local cmp = ffi.cast("int (*)(const int32_t *, const int32_t *)", function(a, b) return a[0] - b[0] end)
local function fresh() ffi.C.memcpy(work, data, N * 4) end
local function fresh_list() for i = 1, N do copy[i] = list[i] end end

local function count_qsort() fresh(); count = 0; ffi.C.qsort(work, N, 4, counting); return count end
local function count_sort()
  fresh_list(); count = 0
  table.sort(copy, function(a, b) count = count + 1; return a < b end)
  return count
end
local function run_qsort() fresh(); ffi.C.qsort(work, N, 4, cmp) end
local function run_sort() fresh_list(); table.sort(copy, function(a, b) return a < b end) end
local function sorted()
  for i = 1, N - 1 do if work[i - 1] > work[i] or copy[i] > copy[i + 1] then return false end end
  return true
end
return count_qsort, count_sort, run_qsort, run_sort, sorted, data
`;

/** Calls the Lua function at stack index `idx` with no arguments; returns its integer result. */
function callLua(L: ReturnType<typeof createState>, idx: number): number {
  lua.lua_pushvalue(L, idx);
  if (lua.lua_pcall(L, 0, 1, 0) !== 0) throw new Error(String(lua.lua_tojsstring(L, -1)));
  const v = lua.lua_tointeger(L, -1);
  lua.lua_pop(L, 1);
  return v;
}

/** qsort through koffi with a koffi-registered JS comparator that calls a Lua comparator. */
function koffiGlue(L: ReturnType<typeof createState>, data: Int32Array): { count: number; ns: number } {
  runLua(L, "return function(a, b) return a - b end", "=comparator");
  const cmpRef = lauxlib.luaL_ref(L, lua.LUA_REGISTRYINDEX);
  const libc = koffi.load(process.platform === "darwin" ? "libc.dylib" : "libc.so.6");
  const proto = koffi.proto("int fengari_ffi_bench_cmp(const int32_t *a, const int32_t *b)");
  const qsort = libc.func(
    "void qsort(_Inout_ int32_t *base, size_t n, size_t size, fengari_ffi_bench_cmp *cmp)",
  );
  let count = 0;
  let counting = false;
  const compare = koffi.register((a: unknown, b: unknown) => {
    if (counting) count++;
    lua.lua_rawgeti(L, lua.LUA_REGISTRYINDEX, cmpRef);
    lua.lua_pushinteger(L, koffi.decode(a, "int32_t") as number);
    lua.lua_pushinteger(L, koffi.decode(b, "int32_t") as number);
    lua.lua_call(L, 2, 1);
    const r = lua.lua_tointeger(L, -1);
    lua.lua_pop(L, 1);
    return r;
  }, koffi.pointer(proto));
  const work = new Int32Array(N);
  const run = () => {
    work.set(data);
    qsort(work, N, 4, compare);
  };
  counting = true;
  run();
  counting = false;
  for (let i = 1; i < N; i++) if (work[i - 1]! > work[i]!) throw new Error("koffi qsort did not sort");
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) samples.push(timeNs(run) / count);
  koffi.unregister(compare);
  return { count, ns: median(samples) };
}

/** The callback benchmarks. */
export function benchCallback(): BenchRow[] {
  const L = createState();
  try {
    const base = lua.lua_gettop(L);
    runLua(L, SCRIPT, "=bench-callback", [String(N)]);
    lua.lua_settop(L, base + 6);
    const [countQsort, countSort, runQsort, runSort, sorted] = [1, 2, 3, 4, 5].map((i) => base + i);
    const qsortCount = callLua(L, countQsort!);
    const sortCount = callLua(L, countSort!);
    callLua(L, runQsort!);
    callLua(L, runSort!);
    lua.lua_pushvalue(L, sorted!);
    lua.lua_call(L, 0, 1);
    if (!lua.lua_toboolean(L, -1)) throw new Error("the sorts did not sort");
    lua.lua_pop(L, 1);
    // Alternate the two sorts round by round so that load changes hit both alike.
    const qsortNs: number[] = [];
    const sortNs: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      qsortNs.push(timeNs(() => callLua(L, runQsort!)) / qsortCount);
      sortNs.push(timeNs(() => callLua(L, runSort!)) / sortCount);
    }
    const data = new Int32Array(N);
    const cdata = lua.lua_touserdata(L, base + 6) as { address: number };
    for (let i = 0; i < N; i++) data[i] = readI32(cdata.address + 4 * i);
    const glue = koffiGlue(L, data);
    const name = "qsort calling a Lua comparator (callback), per comparison";
    return [
      row(name, median(qsortNs), "table.sort calling a Lua comparator", median(sortNs)),
      row(name, median(qsortNs), "koffi.register'ed JS comparator calling Lua", glue.ns),
    ];
  } finally {
    closeState(L);
  }
}
