-- portable
-- C++ reference cdata (`T &`) from ffi.cast, ffi.new, struct members and callbacks: a reference
-- holds the address of its object and prints as `cdata<T &>`, but every use of its value (a
-- conversion, arithmetic, a comparison, indexing, tonumber, bit) sees the object, as in LuaJIT.
local ffi = require("ffi")
local bit = require("bit")
local t = require("helpers")

ffi.cdef[[
struct pt { int x, y; };
struct holder { int &r; int n; };
enum level { LOW = 1, HIGH = 2 };
]]

-- Addresses vary from run to run: print them through these.
local function shape(v) return (tostring(v):gsub("0x%x+", "0xADDR")) end
local function addr(v) return tostring(v):match("0x%x+") end

local a = ffi.new("int[4]", 10, 20, 30, 40)
local r = ffi.cast("int &", a)

-- What a reference is: its own type, the address of its object.
print(shape(r), ffi.typeof(r), ffi.typeof(r) == ffi.typeof("int &"), addr(r) == addr(a))
print(ffi.sizeof(r), ffi.sizeof("int &"), ffi.alignof(r), ffi.alignof("char &"), ffi.sizeof("int(&)[4]"))
-- a struct or array read out of memory is a reference too, aligned as one
local fields = ffi.new("struct { char c[3]; struct { char d; } inner; }")
print(ffi.alignof(fields.c), ffi.alignof(fields.inner), ffi.sizeof(fields.c), ffi.typeof(fields.c))
print(ffi.istype("int &", r), ffi.istype("int", r), ffi.istype("int &", ffi.new("int", 1)), ffi.istype("int &", a))
print(rawequal(ffi.cast("int &", r), r))

-- Its value is the object's: arithmetic, comparisons, tonumber.
print(r + 1, r * 2, -r, 1 - r, r ^ 2, r / 3, r % 3)
print(tonumber(r), type(tonumber(r)), r == 10, r == r, r < 11, r <= 10, 11 > r, r < 20.5)
print(r == ffi.cast("int &", a), r == ffi.cast("int &", a + 1), r < ffi.cast("int &", a + 1))
print(r == ffi.new("int64_t", 10), r > ffi.new("int", 3), r + ffi.cast("int &", a + 1))
print(t.err(function() return r[0] end))
print(t.err(function() return r.x end))
print(t.err(function() return r + {} end))
print(t.err(function() return #r end))
print(t.err(function() return r .. "x" end))
print(t.err(function() return r() end))
print(t.err(function() return a[r] end))

-- Conversions see the object.
local b = ffi.new("int[1]")
b[0] = r
print(ffi.new("int[1]", r)[0], b[0], tonumber(ffi.new("double", r)), ffi.new("int[2]", {r, r})[1])
local c = ffi.cast("int", r)
print(ffi.typeof(c), tonumber(c), ffi.new("int[4]", r)[3], ffi.cast("int64_t", r))
print(bit.band(r, 0xff), bit.tohex(r), bit.bor(r, 1))
print(t.err(function() return ffi.new("int *", r) end))
print(t.err(function() return ffi.string(ffi.cast("const char &", "abc")) end))

-- The number kinds: doubles, 64-bit integers, bool, enums (a string does not name an enum
-- constant through a reference, as in LuaJIT).
local d = ffi.cast("double &", ffi.new("double[1]", 2.5))
local u = ffi.cast("uint64_t &", ffi.new("uint64_t[1]", 7))
local bl = ffi.cast("bool &", ffi.new("bool[1]", true))
local e = ffi.cast("enum level &", ffi.new("enum level[1]", {"HIGH"}))
print(d + 1, tonumber(d), -d, u + 1, u - 8, tonumber(u), bit.band(u, 3))
print(tonumber(bl), bl == true, tonumber(e), e + 1, e == 2, e == "HIGH", shape(e), e == ffi.new("enum level", 2))

-- Writes go through the reference's object.
local nr = ffi.new("int &", a)
print(nr + 0, shape(nr), addr(nr) == addr(a))

-- Structs: fields read and written through the reference; a reference initializes and copies as
-- the struct; its metatype applies.
local T = ffi.typeof("struct pt")
local s = ffi.new("struct pt[1]", {{5, 6}})
local sr = ffi.cast("struct pt &", s)
print(sr.x, sr.y, shape(sr), ffi.typeof(sr), addr(sr) == addr(s), sr == s)
sr.y = 7
print(s[0].y, ffi.new(T, sr).y, ffi.new("struct pt[2]", {sr, sr})[1].y, ffi.new("struct pt *", sr).x, ffi.cast("struct pt *", sr).y)
local s2 = ffi.new("struct pt[2]")
s2[1] = sr
print(s2[1].x, s2[1].y, ffi.istype(T, sr), ffi.istype("struct pt &", s[0]), ffi.offsetof(ffi.typeof("struct pt &"), "y"))
print(t.err(function() return sr.z end))
print(t.err(function() return sr + 1 end))
print(t.err(function() return sr < sr end))
print(t.err(function() ffi.cast("const struct pt &", s).x = 1 end))
ffi.cdef[[ typedef struct { int v; } box_t; ]]
ffi.metatype("box_t", {
  __index = { get = function(self) return self.v end },
  __tostring = function(self) return "box " .. self.v end,
  __add = function() return "added" end,
  __len = function() return 42 end,
})
local br = ffi.cast("box_t &", ffi.new("box_t[1]", {{3}}))
print(br:get(), tostring(br), br + 1, #br, br.v)

-- References to arrays decay as the arrays do; references to pointers index as the pointers.
local ar = ffi.cast("int(&)[4]", a)
print(ar[1], shape(ar), ffi.typeof(ar), ffi.sizeof(ar), ffi.istype("int[4]", ar), ffi.istype("int *", ar))
ar[1] = 99
print(a[1], ffi.new("int *", ar)[3], ffi.cast("int *", ar)[2], (ar + 1)[0], ar - a, (ar + 2) - a, ar == a)
print(ffi.new("int[4]", ar)[3], t.err(function() return #ar end), t.err(function() return ar * 2 end))
local pp = ffi.new("int *[1]", a)
local rp = ffi.cast("int *&", pp)
print(rp[2], rp[1], ffi.new("int *", rp)[1], ffi.cast("int *", rp)[3], tostring(rp) == tostring(pp[0]):gsub("int %*", "int *&"))

-- From nil, numbers, strings and ctype objects.
print(ffi.cast("int &", nil), ffi.cast("int &", 0x1000), ffi.new("int &"), ffi.typeof(ffi.new("int &")))
local R = ffi.typeof("int &")
print(R(a) + 0, R(), ffi.cast("const char &", "abc") + 0, ffi.new("const char &", "xyz") + 0)
print(ffi.typeof(ffi.cast("const char &", "abc")), ffi.string(ffi.cast("const char(&)[4]", "hey")))
print(ffi.cast("int &", nil) == nil, nil == ffi.new("int &"), r == nil, r ~= nil, ffi.cast("struct pt &", nil) == nil)
print(ffi.cast("int *&", nil) == nil, nil == ffi.cast("int *&", nil), ffi.cast("int *&", nil) ~= nil)
-- from a 64-bit integer, as a pointer is
print(ffi.cast("int &", ffi.cast("intptr_t", a)) + 0, ffi.cast("int &", ffi.cast("uint64_t", a)) + 0)
print(t.err(function() return ffi.new("int &", 5) end))
print(t.err(function() return ffi.new("int &", r) end))
print(t.err(function() return ffi.new("int &", ffi.new("double[1]")) end))
print(t.err(function() return ffi.new("const char &", a) end))
print(t.err(function() return ffi.new("int &", ffi.new("const int[1]")) end))
print(t.err(function() return ffi.new("int &", "abc") end))
print(ffi.new("const int &", a) + 1, ffi.gc(ffi.cast("int &", a), function() end) + 0)

-- Reference members: an initializer binds them, an assignment writes through them.
local h = ffi.new("struct holder", {a, 3})
print(h.r, h.n, ffi.new("struct holder", a + 2, 4).r, ffi.new("struct holder", {r = a + 3}).r, ffi.sizeof("struct holder"))
h.r = 11
print(a[0], t.err(function() h.r = ffi.new("double[1]") end))
print(t.err(function() return ffi.new("struct holder", {ffi.cast("int &", a + 2)}) end))

-- Callbacks take and return references as cdata.
local inc = ffi.cast("int (*)(int &)", function(x) return x + 1 end)
local same = ffi.cast("int (*)(int &)", function(x) return x end)
local kind = ffi.cast("void (*)(int &)", function(x) print(ffi.typeof(x), x + 0, x == 11, shape(x)) end)
local at = ffi.cast("int &(*)(int *)", function(p) return p + 2 end)
print(inc(a), same(a), ffi.typeof(at(a)), at(a) + 0)
kind(a)

-- A reference to void has no value: it compares by address, and every other use is refused.
local vp = ffi.cast("void *", a)
local vr = ffi.cast("void &", vp)
print(vr == vp, vr == a, vr == 1, ffi.cast("void &", a + 1) == a, tonumber(vr), ffi.typeof(vr))
print(t.err(function() return vr.x end), t.err(function() return vr[0] end))
print(t.err(function() return vr + 1 end), t.err(function() return vr < vp end))
print(t.err(function() return ffi.cast("int *", vr) end), t.err(function() return ffi.cast("int", vr) end))

-- Where LuaJIT reads the reference's own bytes, or crashes, we follow the object.
if not t.luajit then
  -- a reference to a pointer is that pointer (LuaJIT uses the address of the pointer instead)
  t.eq((rp + 1)[0], 99)
  t.eq(rp == a, true)
  t.eq(rp - a, 0)
  -- 64-bit integers and complex numbers print their values
  t.eq(tostring(u), "7ULL")
  local cr = ffi.cast("complex &", ffi.new("complex[1]", {{1, 2}}))
  t.eq(tostring(cr), "1+2i")
  t.eq(cr.re + cr.im + cr[1], 5)
  t.eq(tostring(ffi.new("complex", cr)), "1+2i")
  -- a reference to a function pointer calls it; a reference passes its object as a vararg
  ffi.cdef[[ int abs(int); int snprintf(char *buf, size_t n, const char *fmt, ...); ]]
  local fa = ffi.new("int(*[1])(int)", ffi.C.abs)
  t.eq(ffi.cast("int(*&)(int)", fa)(-4), 4)
  t.eq(ffi.cast("int(&)(int)", ffi.C.abs)(-3), 3)
  local buf = ffi.new("char[16]")
  ffi.C.snprintf(buf, 16, "%d %g", r, d)
  t.eq(ffi.string(buf), "11 2.5")
  -- reading through a NULL reference raises
  local n = ffi.cast("int &", nil)
  t.raises(function() return n + 1 end, "NULL pointer 'int &'")
  t.raises(function() return tonumber(n) end, "NULL")
  t.raises(function() return ffi.new("int[1]", n) end, "NULL")
  t.raises(function() return n == 1 end, "NULL")
  t.raises(function() return ffi.cast("struct pt &", nil).x end, "NULL")
  t.raises(function() ffi.cast("struct pt &", nil).x = 1 end, "NULL")
  t.raises(function() return ffi.cast("int *&", nil)[0] end, "NULL")
  t.raises(function() return ffi.cast("int (&)[2]", nil)[0] end, "NULL")
  t.raises(function() return ffi.cast("enum level &", 8) + 0 end, "NULL")
  t.raises(function() return tostring(ffi.cast("int64_t &", nil)) end, "NULL")
  t.raises(function() return ffi.new("struct holder").r end, "NULL")
  t.raises(function() ffi.new("struct holder").r = 1 end, "NULL")
  t.raises(function() return ffi.cast("struct pt &", nil) + 1 end, "NULL pointer 'struct pt &'")
  t.raises(function() return ffi.new("struct pt", ffi.cast("struct pt &", nil)) end, "NULL")
  t.raises(function() return ffi.cast("void *", ffi.cast("int (&)[2]", nil)) end, "NULL")
  t.raises(function() return tostring(ffi.cast("complex &", nil)) end, "NULL")
  t.raises(function() return ffi.cast("complex &", nil).re end, "NULL")
  t.raises(function() return ffi.cast("int(&)(int)", nil)(1) end, "NULL")
  ffi.cdef[[ struct pt_holder { struct pt &p; }; ]]
  t.raises(function() return ffi.new("struct pt_holder").p end, "NULL")
  t.eq(ffi.new("struct pt_holder", {s}).p.y, 7)
  t.eq(tostring(ffi.cast("struct pt &", nil)), "cdata<struct pt &>: NULL")
  t.eq(tostring(n), "cdata<int &>: NULL")
  -- a NaN or huge address is refused (LuaJIT crashes)
  t.raises(function() return ffi.cast("int &", 0 / 0) + 0 end)
  t.raises(function() return ffi.cast("int &", 1e300) + 0 end)
end
