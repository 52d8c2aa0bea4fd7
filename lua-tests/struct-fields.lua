-- portable
-- Struct and union fields: reads and writes through the struct and through pointers, nested
-- aggregates as references into their parent, transparent members, scoped constants,
-- unknown fields, and aggregate assignment by copy.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
typedef struct point { int x, y; } point_t;
struct rect { point_t min, max; const char *name; };
union num { int32_t i; float f; uint8_t b[4]; };
struct outer { int tag; union { int i; double d; }; struct { int p, q; }; struct { int r; } named; };
struct consts { static const int K = 42; enum { E1 = 7, E2 }; int v; };
struct self { struct self *next; int v; };
]]

local r = ffi.new("struct rect", {{1, 2}, {3, 4}})
print(r.min.x, r.min.y, r.max.x, r.max.y, r.name == nil)

-- Nested aggregates are references: writes through them change the parent.
local mn = r.min
mn.x = 10
print(r.min.x, mn.x)
r.min.y = 20
print(mn.y)

-- Whole-aggregate assignment copies (identical type only).
r.max = ffi.new("point_t", 7, 8)
print(r.max.x, r.max.y)
r.max = r.min
r.min.x = 0
print(r.max.x, r.min.x)
print(t.err(function() r.max = ffi.new("struct { int x, y; }") end) ~= "no error")
print(t.err(function() r.max = 1 end))

-- Pointers to structs index their fields directly.
local p = ffi.cast("point_t *", r)
print(p.x, p.y, p[1].x, p[0].y)
p.x = 99
print(r.min.x)
local pp = ffi.new("point_t *[1]", p)
print(pp[0].x)

-- A struct that keeps its nested aggregate alive.
local function inner()
  local tmp = ffi.new("struct rect", {{5, 6}})
  return tmp.min
end
local keep = inner()
for _ = 1, 1000 do local _ = ffi.new("struct rect") end
print(keep.x, keep.y)

-- Unions share their storage.
local u = ffi.new("union num")
u.f = 1.0
print(u.i, u.b[3], u.b[2])
u.i = 0x01020304
print(u.b[0], u.b[3])

-- Transparent members: their fields read through the parent.
local o = ffi.new("struct outer")
o.i = 5; o.p = 6; o.q = 7; o.named.r = 8
print(o.i, o.p, o.q, o.named.r, ffi.offsetof("struct outer", "p"), ffi.offsetof("struct outer", "d"))
o.d = 0.5
print(o.d, o.i == 0)

-- Scoped constants read as numbers (through instances and through the ctype).
local c = ffi.new("struct consts", 3)
local ct = ffi.typeof("struct consts")
print(c.K, c.E1, c.E2, ct.K, ct.E2, c.v, ffi.sizeof(ct))
print(t.err(function() c.K = 1 end))

-- Self-referencing structs.
local a, b = ffi.new("struct self"), ffi.new("struct self")
a.next = b; b.v = 77
print(a.next.v, a.next.next == nil)

-- Unknown members.
print(t.err(function() return r.nope end))
print(t.err(function() r.nope = 1 end))
print(t.err(function() return p.nope end))
print(t.err(function() return r[1] end))
print(t.err(function() return r[r] end))
print(t.err(function() return u.b.x end))
print(t.err(function() return ct.nope end))
print(t.err(function() return ffi.new("int", 1).x end))

-- Field writes convert like any other write.
r.name = "hello"
print(ffi.string(r.name))
print(t.err(function() r.min.x = "1" end))
print(t.err(function() r.min.x = nil end))

-- A struct/union named by a typedef is a transparent member too (LuaJIT; plain gcc would
-- declare nothing); a variable-length one is refused.
ffi.cdef[[
typedef union { int32_t u; float f; } pun_t;
typedef const struct { int c; } cpoint_t;
struct by_typedef { char k; point_t; pun_t; int after; };
struct const_typedef { cpoint_t; int w; };
]]
local bt = ffi.new("struct by_typedef", {1, 2, 3, 4})
print(bt.k, bt.x, bt.y, bt.u, bt.after, ffi.sizeof(bt))
print(ffi.offsetof("struct by_typedef", "x"), ffi.offsetof("struct by_typedef", "u"), ffi.offsetof("struct by_typedef", "after"))
bt.f = 1.5
print(bt.u, ffi.new("struct by_typedef", {y = 5}).y)
local ct = ffi.new("struct const_typedef", 1, 2)
print(ct.c, ct.w, t.err(function() ct.c = 3 end))
print(t.err(ffi.cdef, "typedef struct { int n; int v[?]; } vls_t; struct bad_vls { vls_t; };"))
print(t.err(ffi.cdef, "typedef int int_t; struct bad_int { int_t; };"))

