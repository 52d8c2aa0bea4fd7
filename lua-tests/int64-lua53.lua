-- 64-bit integer cdata with what Lua 5.3 adds and LuaJIT lacks: the operators & | ~ << >>,
-- unary ~ and //, fengari's 32-bit integers and double -> uint64 as current LuaJIT does it.
local ffi = require("ffi")
local t = require("helpers")

t.eq(tostring(0xff00LL & 0x0ff0), "3840LL")
t.eq(tostring(1LL | 6), "7LL")
t.eq(tostring(5LL ~ 1), "4LL")
t.eq(tostring(~0LL), "-1LL")
t.eq(tostring(~0ULL), "18446744073709551615ULL")
t.eq(tostring(1LL << 40), "1099511627776LL")
t.eq(tostring(1LL << 64), "1LL", "shift counts are masked with 63")
t.eq(tostring(-1LL >> 60), "15LL", ">> is a logical shift")
t.eq(tostring(0x8000000000000000ULL >> 63), "1ULL")
t.eq(tostring(3 & 1ULL), "1ULL", "uint64 if either operand is")
t.eq(tostring(ffi.new("int", 6) & 3), "2LL", "any number cdata works")

-- // is the same C division as /, so that (a // b) * b + a % b == a.
t.eq(tostring(7LL // 2), "3LL")
t.eq(tostring(-7LL // 2), "-3LL")
t.eq(tostring((-7LL // 2) * 2 + -7LL % 2), "-7LL")
t.eq(tostring(1LL // 0), "-9223372036854775808LL")

-- Lua integers are 32-bit in fengari: large results stay exact only as int64 cdata.
t.eq(math.maxinteger, 2147483647)
t.eq(tostring(ffi.new("int64_t", math.maxinteger) + 1), "2147483648LL")
t.eq(tostring(2147483647LL * 2147483647LL), "4611686014132420609LL")

-- double -> uint64 as current LuaJIT does it: through the union of the int64 and uint64
-- ranges (LuaJIT 2.1.0-beta3 gave 0x8000000000000000 for negative numbers).
t.eq(tostring(ffi.new("uint64_t", -1)), "18446744073709551615ULL")
t.eq(tostring(1ULL + -1), "0ULL")
t.eq(tostring(ffi.new("uint64_t", 2^63 + 2^62)), "13835058055282163712ULL")

-- Errors name the operands as LuaJIT does.
t.raises(function() return 1LL & "x" end, "attempt to perform arithmetic on 'int64_t' and 'string'")
t.raises(function() return ~ffi.new("int *") end, "attempt to perform arithmetic on 'int %*'")
t.raises(function() return 1LL // {} end, "attempt to perform arithmetic on 'int64_t' and 'table'")
