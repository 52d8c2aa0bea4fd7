-- portable
-- 64-bit integer cdata: arithmetic on any number cdata mixed with Lua numbers, int64 unless
-- an operand is uint64, C division and remainder, integer power, comparisons, tostring,
-- and the bit module on 64-bit values.
local ffi = require("ffi")
local t = require("helpers")
local bit = require("bit")

local i64, u64 = ffi.typeof("int64_t"), ffi.typeof("uint64_t")

-- Results are always boxed 64-bit integers ("sticky"), even from int or double cdata.
print(1LL + 2, 2 + 1LL, 5LL - 7, 3LL * -4, ffi.new("int", 5) + 1, ffi.new("double", 2.5) * 2)
print(ffi.typeof(ffi.new("int", 5) + 1), ffi.typeof(1ULL + 1), ffi.typeof(1LL + 1ULL), ffi.typeof(-1LL))
print(1LL + 2.9, 10LL - 0.5, ffi.new("uint8_t", 200) + ffi.new("int8_t", -1))

-- Wrap-around modulo 2^64.
print(0x7fffffffffffffffLL + 1, 0ULL - 1, -0x8000000000000000LL - 1, 0xffffffffffffffffULL * 2)
print(-(-0x8000000000000000LL), -(1ULL), -ffi.new("int", 3))

-- Division truncates toward zero, % is C's remainder (sign of the dividend).
print(7LL / 2, -7LL / 2, 7LL / -2, -7LL / -2, 7ULL / 2)
print(7LL % 3, -7LL % 3, 7LL % -3, -7LL % -3, 7ULL % 3)
-- x/0, x%0 and INT64_MIN/-1 give 0x8000000000000000; INT64_MIN % -1 gives 0.
print(1LL / 0, 1LL % 0, -0x8000000000000000LL / -1, -0x8000000000000000LL % -1, 5ULL / 0)

-- Integer power; negative exponents give 0 except for bases 1, -1 and 0.
print(2LL ^ 10, 3LL ^ 40, (-2LL) ^ 63, 2LL ^ 64, 2ULL ^ 63)
print(2LL ^ -1, 1LL ^ -5, (-1LL) ^ -5, (-1LL) ^ -4, 0LL ^ -1, 0LL ^ 0)

-- uint64 if either operand is uint64, else int64.
print(-1LL + 0ULL, 1ULL - 2, 0xffffffffffffffffULL / -1LL, 10ULL % -3)

-- Mixing with Lua numbers converts the number to the 64-bit type (truncating).
print(1LL + 0.9, 2^53 + 1LL, 1LL + 2^63)

-- Comparisons: int64 unless either side is uint64 (so -1LL < 0ULL is false).
print(1LL < 2LL, 2LL <= 2, 3 < 2LL, -1LL < 0ULL, -1LL < 0LL, 0xffffffffffffffffULL > 1)
print(1LL == 1, 1LL == 1.5, 1LL == 1ULL, -1LL == 0xffffffffffffffffULL, 2^53 == 2^53 + 1LL)
print(ffi.new("int", 5) == 5, ffi.new("double", 0.5) == 0.5, ffi.new("float", 0.1) == 0.1, 5 == ffi.new("int", 5))
-- Number cdata compare as int64 (truncated), doubles too.
print(ffi.new("double", 0.5) == 0.7, ffi.new("double", 1.5) < ffi.new("double", 1.7), ffi.new("int", 5) == 5.5)
print(ffi.new("bool", true) == 1, ffi.new("bool", true) == true, ffi.new("double", 0/0) == 0/0)
print(1LL ~= 2, 1LL == "1", 1LL == nil, 1LL == {}, ffi.new("int", 1) < ffi.new("double", 1.5))

-- tostring: LL / ULL suffixes; tonumber converts to a (possibly rounded) number.
print(tostring(0LL), tostring(-9223372036854775807LL - 1), tostring(18446744073709551615ULL))
print(tonumber(123LL), tonumber(-5LL), tonumber(2^53 + 1LL) == 2^53, type(tonumber(1ULL)))

-- ffi.new and casts to 64-bit types.
print(i64(-2.9), u64(2.9), i64(2^62) * 2, t.err(i64, "0"))
print(ffi.cast("int64_t", 0xffffffffffffffffULL), ffi.cast("uint64_t", -1LL), tonumber(ffi.cast("int32_t", 0x100000005LL)))
print(ffi.cast("uint64_t", 2^63), ffi.cast("uint64_t", 2^64 - 2048), ffi.cast("int64_t", 2^63))

-- .. and # are errors; so is arithmetic with non-numbers.
print(t.err(function() return 1LL .. "x" end))
print(t.err(function() return #1LL end))
print(t.err(function() return 1LL + "2" end))
print(t.err(function() return 1LL + {} end))
print(t.err(function() return 1LL + nil end))
print(t.err(function() return 1LL < "x" end))
print(t.err(function() return -ffi.new("int *") end))

-- cdata are table keys by identity.
local tab = {}
tab[1LL] = "a"
print(tab[1LL], tab[1], next(tab) ~= nil)

-- The bit module on 64-bit values: band/bor/bxor widen all arguments if one is a cdata;
-- the others take their type from the first argument; shifts mask the count with 63.
print(bit.band(0xff00ff00ff00ff00LL, 0xffff), bit.bor(1LL, 2, 4), bit.bxor(0xffULL, 1LL), bit.band(-1, 0xffLL))
print(bit.lshift(1LL, 63), bit.lshift(1LL, 64), bit.rshift(-1LL, 60), bit.arshift(-256LL, 4), bit.arshift(0x8000000000000000ULL, 63))
print(bit.rol(0x8000000000000001ULL, 1), bit.ror(1LL, 1), bit.bswap(0x0102030405060708LL), bit.bnot(0LL), bit.bnot(0ULL))
print(bit.tohex(255LL), bit.tohex(-1LL), bit.tohex(0x123456789abcdefLL, 4), bit.tohex(-1LL, -20))
print(bit.tobit(0x1ffffffffLL), bit.tobit(-1LL), bit.tobit(0x80000000LL))
-- Numbers beside a cdata: band/bor/bxor convert them to 64 bits; shifts of a number by a
-- cdata count stay 32-bit.
print(bit.bor(1LL, -1), bit.lshift(1, 33LL), bit.tohex(255, 4LL), bit.bnot(ffi.new("int", 0)))
print(t.err(bit.band, 1LL, ffi.new("int *")))
print(t.err(bit.band, 1LL, {}))
