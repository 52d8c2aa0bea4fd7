-- portable
-- Arrays, VLAs and VLSs: indexing with Lua numbers and integer cdata, multi-dimensional arrays
-- as references, sizes from the element count, arrays decaying to pointers.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[ struct vls { int n; double d[?]; }; typedef int row_t[3]; ]]

local a = ffi.new("int[5]", {10, 20, 30, 40, 50})
print(a[0], a[4], a[1.9], a[ffi.new("int", 2)], a[2LL], a[ffi.new("uint8_t", 3)])
a[ffi.new("int64_t", 1)] = 21
a[2.5] = 31
print(a[1], a[2])
print(ffi.sizeof(a), ffi.sizeof("int[5]"), #tostring(a) > 0)

-- Two dimensions: rows are references.
local m = ffi.new("int[2][3]", {{1, 2, 3}, {4, 5, 6}})
local row = m[1]
row[0] = 40
print(m[1][0], m[0][2], ffi.sizeof(m), ffi.sizeof(m[0]))
local rows = ffi.new("row_t[2]")
rows[1][2] = 9
print(rows[1][2], ffi.sizeof("row_t"))

-- VLAs.
local v = ffi.new("double[?]", 4, 1.5)
print(v[0], v[3], ffi.sizeof(v), ffi.sizeof("double[?]", 4), ffi.sizeof("double[?]", -1), t.err(ffi.sizeof, "double[?]"))
local n = 0
for i = 0, 3 do n = n + v[i] end
print(n)
local big = ffi.new("uint8_t[?]", 100000)
big[99999] = 7
print(big[99999], ffi.sizeof(big))

-- VLS: a struct ending in a VLA.
local s = ffi.new("struct vls", 5)
s.n = 5
for i = 0, 4 do s.d[i] = i / 2 end
print(s.n, s.d[4], ffi.sizeof(s), ffi.sizeof("struct vls", 5), ffi.offsetof("struct vls", "d"))

-- The trailing VLA of a VLS takes tables and copies, within its count.
s.d = {9, 8, 7}
print(s.d[0], s.d[2], s.d[3], s.d[4])
local sp = ffi.cast("struct vls *", s)
sp.d = {1.5}
print(s.d[0], s.d[1])
if not t.luajit then t.eq(t.err(function() s.d = {1, 2, 3, 4, 5, 6} end), "too many initializers for 'double [?]'") end

-- Arrays decay to pointers (element type) in arithmetic and conversions.
local p = a + 1
print(ffi.typeof(p), p[0], ffi.cast("int *", a)[4])

-- Zero-length and flexible arrays.
print(ffi.sizeof("int[0]"), ffi.sizeof(ffi.new("int[0]")))

-- Indexing errors.
print(t.err(function() return a.x end))
print(t.err(function() return a[nil] end))
print(t.err(function() return a[true] end))
print(t.err(function() return a["1"] end))
print(t.err(function() a[{}] = 1 end))
print(t.err(function() return ffi.new("void *[1]")[0][0] end))
