-- portable
-- Pointer arithmetic: p + n, n + p, p - n (arrays decay to element pointers), with Lua numbers
-- or integer cdata; pointer difference; comparisons by address.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[ struct pt { int x, y; }; ]]

local a = ffi.new("int[10]", {0, 1, 2, 3, 4, 5, 6, 7, 8, 9})
local p = a + 2
print(ffi.typeof(p), p[0], (p + 3)[0], (3 + p)[0], (p - 1)[0], p[-2], (a + 2LL)[0], (p + 1.9)[0])
print((p + ffi.new("uint8_t", 1))[0], (p - 2ULL)[0], (p + -1)[0])

-- Pointer difference: element count (C truncation), a Lua number.
local q = a + 7
print(q - p, p - q, type(q - p), (a + 9) - a, ffi.cast("char *", q) - ffi.cast("char *", p))
print(ffi.cast("int *", ffi.cast("char *", a) + 6) - a)
print(t.err(function() return p - ffi.new("double[1]") end))
print(t.err(function() return p - ffi.cast("const int *", a) end))

-- Elements of structs; pointers to pointers.
local s = ffi.new("struct pt[3]", {{1, 2}, {3, 4}, {5, 6}})
local sp = s + 1
print(sp.x, sp.y, (sp + 1).x, sp[1].y, sp - s, ffi.typeof(sp))
local pp = ffi.new("int *[2]", a, a + 5)
print(pp[1][0], (pp + 1)[0][1], ffi.typeof(pp + 1))

-- Comparisons: == by address (any pointer types), < and <= for compatible pointers, unsigned.
print(p == a + 2, p == ffi.cast("void *", a + 2), p == ffi.cast("char *", a + 2), p ~= a)
print(p < q, q < p, p <= p, q <= p, a < p)
print(ffi.cast("void *", -1) > ffi.cast("void *", 1), ffi.cast("int *", 0) < ffi.cast("int *", 8))
print(t.err(function() return p < ffi.new("double[1]") end))
print(t.err(function() return p < 1 end))
print(p == 1, p == "x", p == {}, p == nil, ffi.cast("int *", 0) == nil, nil == ffi.cast("void *", 0))
print(ffi.cast("int *", 0) == 0, ffi.new("int *") == ffi.new("char *"))

-- No arithmetic on void *, functions or unsized types; no p + p, n - p, p * n.
print(t.err(function() return ffi.cast("void *", a) + 1 end))
print(t.err(function() return p + p end))
print(t.err(function() return 1 - p end))
print(t.err(function() return p * 2 end))
print(t.err(function() return p + "1" end))
print(t.err(function() return p + nil end))
print(t.err(function() return -p end))

-- Pointers from numbers and back.
local r = ffi.cast("int *", 0x1000)
print(r, r + 1, tonumber(ffi.cast("intptr_t", r + 1)), ffi.cast("uintptr_t", r - 0x400), r - ffi.cast("int *", 0xff8))

-- Indexes convert to intptr_t (doubles truncate; NaN and out-of-range give INT64_MIN), the
-- address wraps modulo 2^64, and a difference is truncated to 32 bits, as in LuaJIT; %p
-- prints 8 hex digits plus 2 per byte of the high word.
local base = ffi.cast("char *", 65536)
local far = base + 4294967297
print(far, far - base, (base + 2^40) - base, base + 2^53)
local ib = ffi.cast("int *", 65536)
print(ib + 2^62, ib + 2^63, ib + 1e30, ib + 0/0, ib + 9223372036854775808ULL, ib - 1LL, ib + -1)
print(ffi.cast("void *", 4294967295), ffi.cast("void *", 4294967296), ffi.cast("void *", 2^40), ffi.cast("void *", 2^47 - 1))

-- Pointers to zero-size elements: p ± n is allowed and keeps the address, but a difference
-- would divide by zero and is refused. A flexible array's size is unknown: neither applies.
local z = ffi.cast("int(*)[0]", a)
print(ffi.typeof(z + 1), (z + 2) == z, 1 + z == z, z - 1 == z, z + 1 == ffi.cast("void *", a))
print(t.err(function() return z - z end))
ffi.cdef[[ struct empty {}; ]]
local e = ffi.cast("struct empty *", a)
print(ffi.typeof(e + 3), e + 3 == e, t.err(function() return e - e end))
local zz = ffi.new("int[2][0]")
print(zz + 1 == zz, ffi.typeof(zz + 1))
local f = ffi.cast("int(*)[]", a)
print(t.err(function() return f + 1 end))
print(t.err(function() return f - f end))

-- A C function (not a function pointer) is a pointer to itself: it compares by address with
-- compatible pointers and is named as one in errors; there is no arithmetic on it.
ffi.cdef[[ void free(void *); void *malloc(size_t); ]]
local cfree, cmalloc = ffi.C.free, ffi.C.malloc
local vfree, vmalloc = ffi.cast("void *", cfree), ffi.cast("void *", cmalloc)
print((cfree < cmalloc) == (vfree < vmalloc), (cmalloc <= cfree) == (vmalloc <= vfree))
print(cfree <= cfree, cfree < cfree, cfree == cfree, cfree == cmalloc, cfree ~= cmalloc, cfree == nil)
local fp = ffi.cast("void (*)(void *)", cfree)
print(cfree == fp, cfree < fp, cfree <= fp, fp <= cfree, cfree == vfree)
print(t.err(function() return cfree + 1 end), t.err(function() return 1 + cfree end))
print(t.err(function() return cfree - cfree end), t.err(function() return -cfree end))
print(t.err(function() return cfree .. "x" end), t.err(function() return cfree <= vfree end))
print(t.err(function() return cfree < 1 end), t.err(function() return cfree < nil end))
