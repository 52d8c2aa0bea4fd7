-- qsort.lua: libc's qsort calling back into a Lua comparator.
--   npx fengari-ffi examples/qsort.lua [count]
local ffi = require("ffi")

ffi.cdef[[
void qsort(void *base, size_t nmemb, size_t size, int (*compar)(const void *, const void *));
]]

local n = tonumber(arg and arg[1]) or 100000
local values = ffi.new("int[?]", n)
local seed = 12345
for i = 0, n - 1 do
  seed = (seed * 1103515245 + 12345) % 2147483648
  values[i] = seed % 1000000
end

-- Cast once and reuse: a Lua function passed directly would become a permanent callback.
local calls = 0
local compare = ffi.cast("int (*)(const void *, const void *)", function(a, b)
  calls = calls + 1
  local x, y = ffi.cast("const int *", a)[0], ffi.cast("const int *", b)[0]
  return x < y and -1 or (x > y and 1 or 0)
end)
ffi.C.qsort(values, n, ffi.sizeof("int"), compare)
compare:free()

for i = 1, n - 1 do assert(values[i - 1] <= values[i], "not sorted") end
print(("sorted %d ints with %d Lua comparator calls; smallest %d, largest %d"):format(n, calls, values[0], values[n - 1]))
