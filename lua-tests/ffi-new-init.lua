-- portable
-- ffi.new and ctype(...) initializers (flat lists): zero fill, scalars, arrays (one value
-- repeats), structs in declaration order, unions (first field), nested aggregates, VLA / VLS,
-- copies from a cdata of the same type, and "too many initializers".
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
struct foo { int a, b; };
union bar { int i; double d; };
struct nested { int x; struct foo y; };
struct withptr { int *p; const char *s; };
struct vls { int n; double d[?]; };
struct mixed { char c; short s; float f; bool b; int64_t l; };
struct anon { int a; union { int u1; float u2; }; int z; };
struct tr { int a; struct { int b, c; }; int d; };
]]

local function arr(a, n)
  local out = {}
  for i = 0, n - 1 do out[#out + 1] = tostring(a[i]) end
  return table.concat(out, ",")
end

-- No initializer: zero-filled.
print("zero", tonumber(ffi.new("int")), tonumber(ffi.new("double")))
print("zero", ffi.new("bool") == nil, tonumber(ffi.new("int64_t")), ffi.new("int *") == nil)
print("zero", arr(ffi.new("int[4]"), 4), arr(ffi.new("double[2]"), 2))
local s0 = ffi.new("struct mixed")
print("zero", s0.c, s0.s, s0.f, s0.b, s0.l)

-- Scalars take one initializer.
print("scalar", tonumber(ffi.new("int", 42)), tonumber(ffi.new("int", -7.9)), tonumber(ffi.new("double", 1.5)))
print("scalar", tonumber(ffi.new("uint8_t", 257)), tonumber(ffi.new("int8_t", 200)), tonumber(ffi.new("bool", 5)))
print("scalar", tonumber(ffi.new("unsigned", -1)), ffi.new("int64_t", -3), ffi.new("uint64_t", 3))
print("scalar", tonumber(ffi.new("bool", true)), tonumber(ffi.new("bool", false)), tonumber(ffi.new("float", 0.1)))
print("scalar", t.err(ffi.new, "int", 1, 2))
print("scalar", t.err(ffi.new, "double", "x"))
print("scalar", t.err(ffi.new, "int *", 1))
print("scalar", ffi.new("int *", nil) == nil, ffi.new("const char *", nil) == nil)

-- ctype(...) is ffi.new.
local int3 = ffi.typeof("int[3]")
print("ctype call", arr(int3(), 3), arr(int3(5), 3), arr(int3(1, 2), 3), arr(int3(1, 2, 3), 3))
print("ctype call", t.err(int3, 1, 2, 3, 4))

-- Arrays: one flat initializer repeats, two or more fill from 0 and zero the rest.
print("array", arr(ffi.new("int[3]", 7), 3), arr(ffi.new("int[3]", 1, 2), 3))
print("array", arr(ffi.new("double[3]", 0.5, 1.5, 2.5), 3), arr(ffi.new("bool[3]", true), 3))
print("array", t.err(ffi.new, "int[2]", 1, 2, 3))
-- an element of no size has nothing to repeat (this hung)
ffi.cdef[[ typedef struct {} empty_t; ]]
print("array", ffi.sizeof(ffi.new("empty_t[4]", ffi.new("empty_t"))), pcall(ffi.new, "char[2][0]", ffi.new("char[0]")) == true)
print("array", arr(ffi.new("int[2][2]", {1, 2}, {3, 4})[0], 2), arr(ffi.new("int[2][2]", {1, 2}, {3, 4})[1], 2))
print("array", arr(ffi.new("int[2][2]", {{5}})[1], 2), t.err(ffi.new, "int[2][2]", {5}))

-- VLA: the count comes first; one flat value repeats over all elements, tables don't repeat.
print("vla", arr(ffi.new("int[?]", 3), 3), arr(ffi.new("int[?]", 3, 9), 3), arr(ffi.new("int[?]", 4, 1, 2), 4))
-- (LuaJIT leaves the rest of a VLA uninitialized after a table; we zero it.)
print("vla", ffi.new("int[?]", 3, {4})[0], ffi.new("int[?]", 3, {4, 5})[1])
if not t.luajit then
  t.eq(arr(ffi.new("int[?]", 3, {4}), 3), "4,0,0")
  t.eq(t.err(ffi.new, "int[?]", 1, {1, 2}), "too many initializers for 'int [?]'")
end
print("vla", ffi.sizeof(ffi.new("int[?]", 5)), ffi.sizeof(ffi.new("int[?]", 0)))
print("vla", t.err(ffi.new, "int[?]", 2, 1, 2, 3))
print("vla", t.err(ffi.new, "int[?]"))
print("vla", t.err(ffi.new, "int[?]", -1))
local n64 = ffi.new("int[?]", 3LL, 6)
print("vla count from cdata", arr(n64, 3))

-- Structs: declaration order, the rest zeroed.
local f = ffi.new("struct foo", 1)
print("struct", f.a, f.b)
f = ffi.new("struct foo", 1, 2)
print("struct", f.a, f.b)
print("struct", t.err(ffi.new, "struct foo", 1, 2, 3))
local m = ffi.new("struct mixed", 65, 300, 0.25, 1, 5)
print("struct", m.c, m.s, m.f, m.b, m.l)
local n = ffi.new("struct nested", 1, {2, 3})
print("nested", n.x, n.y.a, n.y.b)
n = ffi.new("struct nested", 1, ffi.new("struct foo", 4, 5))
print("nested from cdata", n.x, n.y.a, n.y.b)
print("nested", t.err(ffi.new, "struct nested", 1, 2))

-- Unions: a flat list initializes the first field only.
local u = ffi.new("union bar", 3)
print("union", u.i)
print("union", t.err(ffi.new, "union bar", 1, 2))

-- Transparent members: their fields take flat initializers in order; a union member takes one.
local an = ffi.new("struct anon", 1, 2, 3)
print("anon", an.a, an.u1, an.z)
local tr = ffi.new("struct tr", 1, 2, 3, 4)
print("transparent", tr.a, tr.b, tr.c, tr.d)

-- Pointers and strings in struct fields.
local x = ffi.new("int[1]", 99)
local wp = ffi.new("struct withptr", x, "hello")
print("ptr field", wp.p[0], ffi.string(wp.s), wp.p == ffi.cast("int *", x))
print("ptr field", t.err(ffi.new, "struct withptr", 5))

-- VLS: the count sizes the trailing array, which the flat list does not fill.
local v = ffi.new("struct vls", 3)
print("vls", ffi.sizeof(v), v.n, v.d[0], v.d[2])
v = ffi.new("struct vls", 2, {7, {1.5, 2.5}})
print("vls", v.n, v.d[0], v.d[1])
v = ffi.new("struct vls", 2, 11)
print("vls", v.n, v.d[0], v.d[1])

-- A cdata of the same aggregate type is copied.
local src = ffi.new("struct foo", 8, 9)
local copy = ffi.new("struct foo", src)
src.a = 0
print("copy", copy.a, copy.b)
local asrc = ffi.new("int[3]", 1, 2, 3)
local acopy = ffi.new("int[3]", asrc)
asrc[0] = 100
print("copy", arr(acopy, 3))
print("copy", t.err(ffi.new, "struct foo", ffi.new("union bar")))

-- Byte arrays take a string (copy + NUL, truncated to a fixed array).
print("string", ffi.string(ffi.new("char[8]", "abc")), ffi.string(ffi.new("char[3]", "abcdef"), 3))
print("string", ffi.string(ffi.new("uint8_t[?]", 4, "xyz")), ffi.sizeof(ffi.new("char[?]", 10, "hi")))
print("string", t.err(ffi.new, "int[3]", "abc"))

-- Complex numbers: one value is the real part, two are re and im.
print("complex", ffi.new("complex", 1.5), ffi.new("complex", 1, 2), ffi.new("complex float", {3, 4}))
print("complex", t.err(ffi.new, "complex", 1, 2, 3))

-- Size errors.
print("size", t.err(ffi.new, "void"))
print("size", t.err(ffi.new, "struct incomplete"))
print("size", t.err(ffi.new, "int[?]", 2^40))

t.eq(ffi.new("int", 5), 5)
