-- Every result type, converted with the Lua -> C rules; narrow integers as C narrows them, and
-- the raw rax as LuaJIT leaves it (extended to 32 bits, then zero-extended to 64).
local ffi = require("ffi")
local t = require("helpers")
local lib = require("lib")(...)

local got
lib.cbt_ret_void(function(x) got = x end, 77)
t.eq(got, 77)
t.eq(lib.cbt_ret_bool(function() return true end), 1)
t.eq(lib.cbt_ret_bool(function() return false end), 0)
t.eq(lib.cbt_ret_i8(function() return -1 end), -1)
t.eq(lib.cbt_ret_i8(function() return 0x17f end), 127)
t.eq(lib.cbt_ret_u8(function() return 255 end), 255)
t.eq(lib.cbt_ret_u8(function() return -1 end), 255)
t.eq(lib.cbt_ret_i16(function() return -32768 end), -32768)
t.eq(lib.cbt_ret_u16(function() return 65535 end), 65535)
t.eq(lib.cbt_ret_i32(function() return -2147483648 end), -2147483648)
t.eq(lib.cbt_ret_i32(function() return 2.9 end), 2)
t.eq(lib.cbt_ret_u32(function() return 4294967295 end), 4294967295)
t.eq(lib.cbt_ret_i64(function() return -9007199254740993LL end), -9007199254740993LL)
t.eq(lib.cbt_ret_i64(function() return 12 end), 12LL)
t.eq(lib.cbt_ret_u64(function() return 0xFFFFFFFFFFFFFFFFULL end), 0xFFFFFFFFFFFFFFFFULL)
t.eq(lib.cbt_ret_float(function() return 0.1 end), ffi.new("float", 0.1))
t.eq(lib.cbt_ret_double(function() return -1e-300 end), -1e-300)
local buf = ffi.new("int[1]")
t.eq(lib.cbt_ret_ptr(function() return buf end), ffi.cast("void *", buf))
t.ok(lib.cbt_ret_ptr(function() return nil end) == nil)
t.eq(ffi.string(lib.cbt_ret_string(function() return "from Lua" end)), "from Lua")
t.eq(lib.cbt_ret_enum(function() return "CBT_BLUE" end), -3)
t.eq(lib.cbt_ret_enum(function() return 2 end), 2)
-- a packed enum (one signed byte, as gcc lays it out) in and out
local seen
t.eq(lib.cbt_small_enum(function(c) seen = tonumber(c) return "CBT_LIGHT" end, "CBT_DARK"), 100)
t.eq(seen, -100)
t.eq(lib.cbt_small_enum(function(c) return c end, -100), -100)
t.eq(lib.cbt_small_enum(function() return 300 end, 1), 44, "narrowed to the enum's byte")
t.eq(lib.cbt_ret_size_t(function() return 2 ^ 40 end), 2ULL ^ 40)

-- what rax holds when a narrow result comes back
local raw = ffi.new("uint64_t[4]")
lib.cbt_raw_call(ffi.cast("int8_t (*)(void)", function() return -1 end), raw)
t.eq(raw[0], 0xFFFFFFFFULL)
lib.cbt_raw_call(ffi.cast("int32_t (*)(void)", function() return -2 end), raw)
t.eq(raw[0], 0xFFFFFFFEULL)
lib.cbt_raw_call(ffi.cast("uint16_t (*)(void)", function() return 65535 end), raw)
t.eq(raw[0], 65535ULL)
lib.cbt_raw_call(ffi.cast("double (*)(void)", function() return 2 end), raw)
t.eq(ffi.cast("double *", raw + 2)[0], 2)

-- a result that does not convert: C gets zero, the error surfaces when the call returns
t.raises(function() lib.cbt_ret_i32(function() return "nope" end) end, "cannot convert 'string' to 'int")
t.raises(function() lib.cbt_ret_i32(function() end) end, "cannot convert 'nil' to 'int")

-- callee-saved registers survive a callback
t.eq(lib.cbt_preserves_registers(ffi.cast("void (*)(void)", function() end)), 1)
