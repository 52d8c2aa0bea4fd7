-- portable
-- Flexible arrays `T[]` next to zero-length arrays `T[0]`: `T[]` has no size (ffi.sizeof is nil,
-- ffi.new refuses it) and prints `[]`; a trailing `T[]` member takes no room, as in gcc.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
struct flex { int n; int x[]; };
struct flex_d { char c; double d[]; };
struct flex_outer { struct flex f; int after; };
typedef int flex_t[];
extern char *environ[];
]]

print(ffi.sizeof("int[]"), ffi.sizeof("int[0]"), ffi.sizeof("int[]", 3), ffi.alignof("int[]"))
print(ffi.typeof("int[]"), ffi.typeof("int[0]"), ffi.typeof("const int[]"), ffi.typeof("int(*)[]"))
print(ffi.typeof("int[][3]"), ffi.typeof("flex_t"), ffi.typeof("int[]") == ffi.typeof("int[0]"))
print(t.err(ffi.new, "int[]"), t.err(ffi.new, "int[]", 3), t.err(ffi.new, "flex_t"))
print(t.err(ffi.typeof, "int[3][]"), t.err(ffi.typeof, "int[][]"), t.err(ffi.sizeof, "int[][3]"))
print(ffi.new("int[0]") ~= nil)

-- Members.
print(ffi.sizeof("struct flex"), ffi.offsetof("struct flex", "x"), ffi.sizeof("struct flex", 3))
print(ffi.sizeof("struct flex_d"), ffi.offsetof("struct flex_d", "d"), ffi.alignof("struct flex_d"))
print(ffi.sizeof("struct flex_outer"), ffi.offsetof("struct flex_outer", "after"))
print(t.err(ffi.cdef, "struct flex_bad { int x[]; int y; };"))
print(t.err(ffi.cdef, "union flex_u { int n; int x[]; };"))

local f = ffi.new("struct flex", 7)
print(f.n, ffi.typeof(f.x), ffi.sizeof(f.x), ffi.sizeof(f), ffi.istype("int[]", f.x))
print(t.err(ffi.new, "struct flex", {n = 1, x = {}}), t.err(function() f.x = 1 end))

-- Through a pointer the elements are the caller's business, as in C.
local buf = ffi.new("int[4]")
local p = ffi.cast("struct flex *", buf)
p.n = 3
p.x[0], p.x[2] = 10, 30
print(buf[0], buf[1], buf[3], p.x[2])
local pa = ffi.cast("int (*)[]", buf)
print(ffi.typeof(pa), t.err(function() return pa[0] end), t.err(function() return pa + 1 end))

-- An extern array of unknown size is a reference to a flexible array.
print(ffi.typeof(ffi.C.environ), ffi.C.environ[0] ~= nil)

-- A string into a zero-length char array is copied whole with its NUL, as into a flexible
-- array (LuaJIT bounds the copy only by a nonzero size); a table still has no room there.
local za = ffi.new("union { char ac[0]; char c[20]; }")
ffi.fill(za.c, 20, 0x37)
za.ac = "ABCDEFGHI"
print(za.c[0], za.c[8], za.c[9], za.c[10])
local zbuf = ffi.new("char[16]", 0x37)
ffi.cast("struct { int n; char z[0]; } *", zbuf).z = "hello"
print(ffi.string(zbuf + 4), zbuf[9], zbuf[10])
print(t.err(function() za.ac = {65} end), t.err(ffi.new, "char[0]", {65}))

-- The copy stops at the end of the cdata written into: a struct's [0] member (or flexible
-- member) has the room up to the struct's end, a [0] element of an array none. LuaJIT writes the
-- whole string past the allocation and crashes on these.
if not t.luajit then
  ffi.cdef"struct zs { int n; char ac[0]; }; struct fs { int n; char ac[]; };"
  local zs, fs, za2 = ffi.new("struct zs"), ffi.new("struct fs"), ffi.new("char[2][0]")
  local neighbours = {}
  for i = 1, 8 do neighbours[i] = ffi.new("int[4]", 1, 2, 3, 4) end
  local long = string.rep("x", 64)
  zs.ac, fs.ac, za2[1] = long, long, long
  ffi.new("char[2][0]", long, long)
  local huge = string.rep("y", 50 * 1024 * 1024)
  zs.ac, za2[0] = huge, huge
  for i = 1, 8 do
    local nb = neighbours[i]
    t.ok(nb[0] == 1 and nb[1] == 2 and nb[2] == 3 and nb[3] == 4, "neighbour " .. i .. " untouched")
  end
  -- through a pointer the extent is unknown: written whole, as in LuaJIT
  local buf = ffi.new("char[80]")
  ffi.cast("struct zs *", buf).ac = long
  t.eq(ffi.string(buf + 4), long)
end
