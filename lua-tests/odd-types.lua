-- portable
-- Less common types: long double (declared and sized, no conversions, as in LuaJIT), GCC vectors
-- (elements indexable), function pointer and function types, void pointers.
local ffi = require("ffi")
local function e(f, ...) local ok, m = pcall(f, ...) return ok and ("ok " .. tostring(m):gsub("0x%x+", "A")) or (tostring(m):gsub("^[^:]*:%d+: ", ""):gsub("to '[^']*'", "to '?'")) end
print(e(ffi.new, "long double"), e(ffi.new, "long double", 1), ffi.sizeof("long double"), ffi.alignof("long double"))
print(e(function() return ffi.new("long double[1]")[0] end), e(function() ffi.new("long double[1]")[0] = 1 end))
print(e(function() return tonumber(ffi.new("long double")) end))
-- nor arithmetic, or ordering, directly or through a reference; == compares the objects
local ld, ldr = ffi.new("long double"), ffi.cast("long double &", ffi.new("long double[1]"))
print(e(function() return ld + 1 end), e(function() return 1 - ld end), e(function() return -ld end))
print(e(function() return ldr + 1 end), e(function() return ld < 1 end), e(function() return ldr <= ld end))
print(e(function() return ld == 0 end), e(function() return ldr == 0 end), e(function() return ld == ld end))
ffi.cdef[[ typedef int v4si __attribute__((vector_size(16))); typedef int (*fp)(int); typedef int ft(int); ]]
print(e(ffi.new, "v4si"), ffi.sizeof("v4si"), e(function() return ffi.new("v4si", 1, 2, 3, 4)[2] end))
print(e(ffi.new, "fp"), e(ffi.new, "ft"), e(function() return ffi.new("fp[1]")[0] end))
print(e(function() return ffi.cast("ft *", 0) == nil end), e(function() return ffi.new("void *[1]")[0] end))
print(e(function() return ffi.cast("void *", 4096)[0] end), e(function() local p = ffi.new("int *[1]"); p[0] = nil; return p[0] end))
print(e(function() return ffi.new("struct { int a; } [2]")[1].a end), e(function() return ffi.new("int[3]")[ffi.new("int64_t", 2)] end))
