-- portable
-- const enforcement: const elements, const structs and fields, pointers to const, and the
-- qualifiers that implicit pointer conversions may add but not drop.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
struct cf { const int a; int b; const char name[4]; };
struct plain { int v; };
struct holder { const struct plain p; struct plain q; };
]]

local ca = ffi.new("const int[3]", 1, 2, 3)
print(ca[1], t.err(function() ca[1] = 5 end))

local s = ffi.new("struct cf", 1, 2, "ab")
print(s.a, s.b, ffi.string(s.name))
s.b = 3
print(s.b, t.err(function() s.a = 5 end))
print(t.err(function() s.name = "xy" end))
print(t.err(function() s.name[0] = 65 end))

local cs = ffi.new("const struct plain", 7)
print(cs.v, t.err(function() cs.v = 1 end))
local pcs = ffi.cast("const struct plain *", ffi.new("struct plain", 8))
print(pcs.v, t.err(function() pcs.v = 1 end))
print(t.err(function() pcs[0].v = 1 end))

local h = ffi.new("struct holder")
print(t.err(function() h.p.v = 1 end), t.err(function() h.q.v = 1 end), t.err(function() h.p = h.q end))

local cip = ffi.cast("const int *", ffi.new("int[2]", 4, 5))
print(cip[1], t.err(function() cip[0] = 1 end))
-- A pointer that is itself const can still be written through.
local ipc = ffi.new("int * const", ffi.new("int[1]", 6))
local holder = ffi.new("int[1]")
ipc = ffi.cast("int * const", holder)
ipc[0] = 9
print(holder[0])

-- Qualifiers may be added implicitly but not dropped.
local ip = ffi.new("int[1]")
local p = ffi.new("const int *[1]")
p[0] = ip
print(p[0] ~= nil, t.err(function() ffi.new("int *[1]")[0] = cip end))
print(t.err(function() local v = ffi.new("void *[1]"); v[0] = cip end))
print(t.err(function() local v = ffi.new("volatile int *[1]"); v[0] = cip end))
local cv = ffi.new("const volatile int *[1]")
cv[0] = cip
print(cv[0] ~= nil)
-- ffi.cast drops them.
print(ffi.cast("int *", cip)[1])

-- A const transparent member makes its fields const, struct and union alike, at any depth.
ffi.cdef[[
struct const_anon { const struct { int a; }; int b; };
struct const_anon_union { const union { int u; double d; }; int b; };
struct const_anon_deep { struct { const struct { struct { int z; }; }; }; int b; };
]]
local can = ffi.new("struct const_anon", {a = 1, b = 2})
print(can.a, t.err(function() can.a = 5 end), t.err(function() can.b = 6 end), can.a, can.b)
local canu = ffi.new("struct const_anon_union")
print(t.err(function() canu.u = 1 end), t.err(function() canu.d = 1 end), t.err(function() canu.b = 1 end))
local cad = ffi.new("struct const_anon_deep")
print(t.err(function() cad.z = 1 end), t.err(function() ffi.cast("struct const_anon_deep *", cad).z = 1 end))

