-- portable
-- Table initializers (LuaJIT's ext_ffi_semantics examples and more): zero- or one-based
-- arrays, a single element repeated, structs by position or by name, unions, nested tables,
-- and tables assigned to existing aggregates (the rest is cleared).
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
struct foo { int a, b; };
union bar { int i; double d; };
struct nested { int x; struct foo y; };
struct arrs { int n; int v[3]; char name[8]; };
struct tr { int a; struct { int b, c; }; union { int u; float f; }; int d; };
struct bits { int x : 4; unsigned y : 3; bool z : 1; };
struct vls { int n; int v[?]; };
]]

local function arr(a, n)
  local out = {}
  for i = 0, n - 1 do out[#out + 1] = tostring(a[i]) end
  return table.concat(out, ",")
end
local function foo(s) return "a=" .. s.a .. " b=" .. s.b end

-- The reference examples.
print(arr(ffi.new("int[3]", {}), 3))
print(arr(ffi.new("int[3]", {1}), 3))
print(arr(ffi.new("int[3]", {1, 2}), 3))
print(arr(ffi.new("int[3]", {1, 2, 3}), 3))
print(arr(ffi.new("int[3]", {[0] = 1}), 3))
print(arr(ffi.new("int[3]", {[0] = 1, 2}), 3))
print(arr(ffi.new("int[3]", {[0] = 1, 2, 3}), 3))
print(t.err(ffi.new, "int[3]", {[0] = 1, 2, 3, 4}))

print(foo(ffi.new("struct foo", {})))
print(foo(ffi.new("struct foo", {1})))
print(foo(ffi.new("struct foo", {1, 2})))
print(foo(ffi.new("struct foo", {[0] = 1, 2})))
print(foo(ffi.new("struct foo", {b = 2})))
print(foo(ffi.new("struct foo", {a = 1, b = 2, c = 3})))

print(ffi.new("union bar", {}).i, ffi.new("union bar", {}).d)
print(ffi.new("union bar", {1}).i)
print(ffi.new("union bar", {[0] = 1, 2}).i)
print(ffi.new("union bar", {d = 2}).d)

local n = ffi.new("struct nested", {1, {2, 3}})
print(n.x, n.y.a, n.y.b)
n = ffi.new("struct nested", {x = 1, y = {2, 3}})
print(n.x, n.y.a, n.y.b)
n = ffi.new("struct nested", {y = {b = 5}})
print(n.x, n.y.a, n.y.b)

-- Arrays read consecutive elements up to the first nil.
print(arr(ffi.new("int[4]", {1, 2, nil, 4}), 4))
print(arr(ffi.new("int[4]", {[0] = 9, [2] = 5}), 4))
print(arr(ffi.new("int[4]", {[1] = 9, [3] = 5}), 4))
print(arr(ffi.new("int[2]", {x = 1}), 2))
print(arr(ffi.new("double[2]", {0.5}), 2), arr(ffi.new("bool[3]", {true, false}), 3))
print(arr(ffi.new("int[2][2]", {{1, 2}, {3, 4}})[1], 2), arr(ffi.new("int[2][2]", {{7}})[1], 2))
print(ffi.string(ffi.new("char[2][4]", {"ab", "cd"})[1]))
print(t.err(ffi.new, "int[2]", {1, "x"}))
print(t.err(ffi.new, "int[2]", {{}}))

-- Structs: positional if [0] or [1] is set (stopping at the first nil), else by name.
print(foo(ffi.new("struct foo", {a = 7, 5})))
print(foo(ffi.new("struct foo", {[0] = 1, b = 9})))
print(foo(ffi.new("struct foo", {[1] = 4, b = 9})))
print(foo(ffi.new("struct foo", {[2] = 3})))
print(foo(ffi.new("struct foo", {1, nil, 3})))
local a = ffi.new("struct arrs", {n = 2, v = {1, 2}, name = "abc"})
print(a.n, arr(a.v, 3), ffi.string(a.name))
a = ffi.new("struct arrs", {3, {4}, "xy"})
print(a.n, arr(a.v, 3), ffi.string(a.name))

-- Transparent members take part in both orders; a union takes its first initialized field.
local tr = ffi.new("struct tr", {1, 2, 3, 4, 5})
print(tr.a, tr.b, tr.c, tr.u, tr.d)
tr = ffi.new("struct tr", {c = 3, f = 1.5, d = 4})
print(tr.a, tr.b, tr.c, tr.f, tr.d)

-- Bitfields convert like their type.
local b = ffi.new("struct bits", {-3, 9, true})
print(b.x, b.y, b.z)
b = ffi.new("struct bits", {y = 2})
print(b.x, b.y, b.z)

-- A VLS: the trailing VLA gets the elements given.
local v = ffi.new("struct vls", 3, {2, {7, 8, 9}})
print(v.n, v.v[0], v.v[1], v.v[2])

-- Assigning a table to an existing aggregate clears what the table leaves out.
local s = ffi.new("struct foo", 5, 6)
local holder = ffi.new("struct nested", 1, {2, 3})
holder.y = {b = 7}
print(holder.x, holder.y.a, holder.y.b)
holder.y = {}
print(holder.y.a, holder.y.b)
local ar = ffi.new("struct arrs", {1, {1, 2, 3}})
ar.v = {4, 5}
print(arr(ar.v, 3))
ar.v = {6}
print(arr(ar.v, 3))
ar.v = {}
print(arr(ar.v, 3))
print(t.err(function() ar.v = {1, 2, 3, 4} end))
print(t.err(function() s.a = {} end))
print(t.err(function() holder.y = 5 end))

-- Table initializers only apply to arrays and structs.
print(t.err(ffi.new, "int", {}))
print(t.err(ffi.new, "int *", {}))
