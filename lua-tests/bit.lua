-- portable
-- LuaJIT's bit module on Lua numbers: 32-bit semantics, tobit rounding, masking of shift counts.
local t = require("helpers")
local bit = require("bit")

t.eq(bit.tobit(0xffffffff), -1)
t.eq(bit.tobit(2^32 + 1), 1)
t.eq(bit.band(0x12345678, 0xff), 0x78)
t.eq(bit.bor(1, 2, 4, 8), 15)
t.eq(bit.bxor(0xff, 0x0f), 0xf0)
t.eq(bit.lshift(1, 31), -2147483648)
t.eq(bit.lshift(1, 32), 1, "shift count is masked with 31")
t.eq(bit.rshift(-1, 28), 15)
t.eq(bit.arshift(-256, 4), -16)
t.eq(bit.rol(0x12345678, 8), 0x34567812)
t.eq(bit.ror(0x12345678, 8), 0x78123456)
t.eq(bit.bswap(0x12345678), 0x78563412)
t.eq(bit.bnot(0), -1)
t.eq(bit.tohex(0xabcd), "0000abcd")
t.eq(bit.tohex(0xabcd, -4), "ABCD")
t.eq(bit.tohex(-1, 2), "ff")
t.eq(bit.band("0x0f", 3), 3, "numeric strings are accepted")

t.raises(function() bit.band({}) end, "number expected, got table")
t.raises(function() bit.lshift(1) end, "number expected, got no value")
t.raises(function() bit.tobit() end, "number expected")

-- Printed for the LuaJIT comparison.
local values = { 0, 1, -1, 0.5, 1.5, 2.5, -2.5, 2^31, 2^32 + 3, 0x7fffffff, -0x80000000, 1e10, 123456789.75 }
for _, x in ipairs(values) do
  print(x, bit.tobit(x), bit.bnot(x), bit.bswap(x), bit.tohex(x), bit.tohex(x, -3), bit.lshift(x, 3),
    bit.rshift(x, 3), bit.arshift(x, 35), bit.rol(x, 7), bit.ror(x, 39), bit.band(x, 0xf0f0), bit.bor(x, 0x0f0f),
    bit.bxor(x, -1))
end
