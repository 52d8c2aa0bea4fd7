-- Bitfields LuaJIT rejects but gcc lays out, and fengari-ffi supports: 64-bit bitfields (read
-- as int64 / uint64 cdata) and packed bitfields that cross their container.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
struct b64 { uint64_t d : 40; int64_t e : 20; int x : 3; };
#pragma pack(push, 1)
struct cross { uint8_t pad; uint32_t v : 30; uint8_t w : 7; };
#pragma pack(pop)
]]

local s = ffi.new("struct b64")
s.d = 0x123456789ULL
s.e = -5
s.x = 3
t.eq(tostring(s.d), "4886718345ULL")
t.eq(tostring(s.e), "-5LL")
t.eq(s.x, 3)
s.d = -1
t.eq(tostring(s.d), "1099511627775ULL", "truncated to 40 bits")
s.e = 0x80000
t.eq(tostring(s.e), "-524288LL", "sign-extended from bit 19")
t.eq(s.x, 3, "neighbours untouched")
t.eq(select("#", ffi.offsetof("struct b64", "e")), 3)

local c = ffi.new("struct cross")
c.pad = 0xff
c.v = 0x3fffffff
c.w = 0x55
t.eq(c.pad, 0xff)
t.eq(c.v, 0x3fffffff)
t.eq(c.w, 0x55)
c.v = 1
t.eq(c.v, 1)
t.eq(c.w, 0x55)
t.eq(ffi.sizeof("struct cross"), 6)
-- A bitfield read touches only the bytes that hold it (LuaJIT #1451 read past the struct).
local last = ffi.new("struct cross[1]")
last[0].w = 0x7f
t.eq(last[0].w, 0x7f)
