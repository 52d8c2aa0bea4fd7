-- portable
-- C -> Lua conversions (reads of elements and fields): integers as numbers, 64-bit integers,
-- enums and pointers boxed, bool as boolean, aggregates as references, bitfields like their type.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
enum color { RED, GREEN = 5, BLUE };
struct all {
  int8_t i8; uint8_t u8; int16_t i16; uint16_t u16; int32_t i32; uint32_t u32;
  int64_t i64; uint64_t u64; float f; double d; bool b; enum color e;
  int *p; char c; long l; size_t sz; intptr_t ip; ptrdiff_t pd;
  struct { int x; } inner; int arr[2]; complex double z;
};
]]

local s = ffi.new("struct all")
s.i8 = -5; s.u8 = 250; s.i16 = -30000; s.u16 = 60000; s.i32 = -2000000000; s.u32 = 4000000000
s.i64 = -5; s.u64 = 5; s.f = 0.5; s.d = 1e100; s.b = true; s.e = "BLUE"; s.c = 65
s.l = 7; s.sz = 8; s.ip = -9; s.pd = 10

local fields = { "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "f", "d", "b", "c", "l", "sz", "ip", "pd" }
for _, k in ipairs(fields) do
  local v = s[k]
  print(k, type(v), tostring(v))
end

-- Small integers are Lua numbers; uint32 above 2^31 too (a float in fengari).
t.eq(type(s.u32), "number")
t.eq(s.u32, 4000000000)
t.eq(s.u32 + 1, 4000000001)
if not t.luajit then
  t.eq(math.type(s.i32), "integer")
  t.eq(math.type(s.u32), "float")
  t.eq(math.type(s.u16), "integer")
end

-- 64-bit integers (and long, size_t, intptr_t, ptrdiff_t) are boxed.
print(ffi.typeof(s.i64), ffi.typeof(s.u64), ffi.typeof(s.l), ffi.typeof(s.sz), ffi.typeof(s.ip), ffi.typeof(s.pd))

-- Enums read as boxed enum cdata that compare with numbers and constant names.
print(ffi.typeof(s.e), tostring(s.e), s.e == 6, s.e == "BLUE", s.e == "RED", tonumber(s.e))

-- Pointers are boxed, NULL too (and NULL is truthy).
print(ffi.typeof(s.p), s.p == nil, s.p and "truthy" or "falsy")
local x = ffi.new("int[1]", 42)
s.p = x
print(s.p[0], s.p == x, s.p ~= nil)

-- Aggregates are references into the parent.
local inner = s.inner
inner.x = 11
print(s.inner.x, ffi.sizeof(s.arr), ffi.istype("int[2]", s.arr))
local arr = s.arr
arr[1] = 12
print(s.arr[1], s.z, ffi.typeof(s.z))

-- Bools: any nonzero byte is true.
local raw = ffi.new("uint8_t[1]", 2)
print(ffi.cast("bool *", raw)[0])

-- Floats are not canonicalised; special values survive.
local d = ffi.new("double[3]", 1/0, -1/0, 0/0)
print(d[0] == 1/0, d[1] == -1/0, d[2] ~= d[2])
local f = ffi.new("float[2]", 0.1, 3.4e38)
print(f[0], f[1], ffi.new("float[1]", 1e39)[0] == 1/0)

-- Numeric cdata convert with tonumber(); other cdata give nil.
print(tonumber(ffi.new("int", -3)), tonumber(ffi.new("uint64_t", 2^53)) == 2^53, tonumber(ffi.new("bool", true)))
print(tonumber(ffi.new("complex", 2, 3)), tonumber(s.p), tonumber(ffi.new("int[2]")))
print(tonumber("0x10"), tonumber("10", 2), tonumber(nil))
if not t.luajit then t.eq(tonumber(ffi.typeof("int")), nil, "a ctype is no number") end
