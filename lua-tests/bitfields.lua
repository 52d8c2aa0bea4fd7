-- portable
-- Bitfields: signed fields sign-extend, unsigned ones zero-extend, bool bitfields are booleans;
-- writes keep the neighbouring bits; ffi.offsetof reports the container offset, bit position
-- and size.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
struct bf {
  unsigned a : 3;
  int b : 5;
  bool c : 1;
  unsigned : 0;
  unsigned d : 20;
  int e : 12;
  uint8_t f : 4;
  int8_t g : 4;
  uint16_t h : 9;
  unsigned int full : 32;
  int sfull : 32;
};
]]

local s = ffi.new("struct bf")
s.a = 7; s.b = -3; s.c = true; s.d = 0xfffff; s.e = -2048; s.f = 15; s.g = -8; s.h = 511
print(s.a, s.b, s.c, s.d, s.e, s.f, s.g, s.h)

-- Values are truncated to the field's width.
s.a = 9; s.b = 17; s.f = 16 + 3; s.g = 7 + 16
print(s.a, s.b, s.f, s.g)
s.b = 15; print(s.b)
s.b = 16; print(s.b)
s.b = -16; print(s.b)
s.d = -1; print(s.d)

-- Conversions: numbers truncate, booleans, cdata.
s.a = 2.9; s.c = 0; print(s.a, s.c)
s.c = 5; print(s.c)
s.e = ffi.new("int64_t", -5); s.h = true; print(s.e, s.h)
s.full = 4294967295; s.sfull = -2147483648
print(s.full, s.sfull)
print(t.err(function() s.a = "x" end))
print(t.err(function() s.a = nil end))
print(t.err(function() s.c = {} end))

-- Neighbouring bits are left alone.
local n = ffi.new("struct bf")
n.b = -1
print(n.a, n.b, n.c)
n.a = 5
print(n.a, n.b, n.c)
n.c = true; n.b = 0
print(n.a, n.b, n.c)

-- ffi.offsetof: container offset, bit position, bit size.
for _, f in ipairs({ "a", "b", "c", "d", "e", "f", "g", "h", "full", "sfull" }) do
  print(f, ffi.offsetof("struct bf", f))
end
print(ffi.sizeof("struct bf"), ffi.alignof("struct bf"))

-- Initializers fill bitfields in order.
local i = ffi.new("struct bf", 1, -1, true, 3)
print(i.a, i.b, i.c, i.d)
i = ffi.new("struct bf", {e = -1, h = 256})
print(i.e, i.h, i.a)

-- Bitfield types read as numbers / booleans, never as cdata.
print(type(s.a), type(s.c), type(s.full))

-- Enum bitfields (gcc accepts them, LuaJIT does not): signed when the enum has a negative
-- constant, packed or not, else unsigned.
if not t.luajit then
  ffi.cdef[[
  enum ebs { EBS_NEG = -1, EBS_ONE = 1 };
  enum ebu { EBU_ONE = 1, EBU_SEVEN = 7 };
  enum __attribute__((packed)) ebp { EBP_NEG = -2, EBP_TWO = 2 };
  struct ebf { enum ebs s : 3; enum ebu u : 3; enum ebp p : 3; };
  ]]
  local b = ffi.new("struct ebf")
  b.s, b.u, b.p = 7, 7, 7
  t.eq(tonumber(b.s), -1)
  t.eq(tonumber(b.u), 7)
  t.eq(tonumber(b.p), -1)
  t.eq(b.s, "EBS_NEG")
end
