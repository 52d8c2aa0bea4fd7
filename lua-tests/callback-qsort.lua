-- portable
-- libc's qsort with Lua comparators: 100,000 int32 through an ffi.cast callback, then an array
-- of structs through a Lua function passed directly (an implicit, permanent callback).
local ffi = require("ffi")
local t = require("helpers")
ffi.cdef[[
void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const int32_t *, const int32_t *));
struct qs_item { int32_t key; double weight; };
]]
local qsort_items = ffi.cast("void (*)(struct qs_item *, size_t, size_t, int (*)(const struct qs_item *, const struct qs_item *))", ffi.C.qsort)

local N = 100000
local a = ffi.new("int32_t[?]", N)
local seed = 42.0
for i = 0, N - 1 do
  seed = (seed * 16807.0) % 2147483647.0
  a[i] = seed % 1000000 - 500000
end
local calls = 0
local cmp = ffi.cast("int (*)(const int32_t *, const int32_t *)", function(x, y)
  calls = calls + 1
  if x[0] < y[0] then return -1 elseif x[0] > y[0] then return 1 end
  return 0
end)
ffi.C.qsort(a, N, 4, cmp)
cmp:free()
local sorted = true
for i = 1, N - 1 do if a[i - 1] > a[i] then sorted = false break end end
t.ok(sorted, "sorted")
t.ok(calls > N, "the comparator ran")
print("sorted", sorted, a[0], a[N - 1], calls)

local items = ffi.new("struct qs_item[?]", 1000)
for i = 0, 999 do items[i].key = (i * 7919) % 1000; items[i].weight = i end
qsort_items(items, 1000, ffi.sizeof("struct qs_item"), function(x, y) return y.key - x.key end)
for i = 1, 999 do t.ok(items[i - 1].key >= items[i].key) end
print("descending", items[0].key, items[999].key, items[0].weight)
