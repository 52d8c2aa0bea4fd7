-- Callbacks with 0 to 16 arguments: integers of every width, floats, doubles, pointers and
-- enums, in registers and on the stack (past six integer and eight floating-point values).
local ffi = require("ffi")
local t = require("helpers")
local lib = require("lib")(...)

t.eq(lib.cbt_call0(function() return 123 end), 123)
t.eq(lib.cbt_call1(function(a) return a - 1 end, -2147483648 + 1), -2147483648)

local seen
t.eq(lib.cbt_call2(function(a, b) seen = { a, b } return 7 end, -128, 255), 7LL)
t.deepeq(seen, { -128, 255 })

t.eq(lib.cbt_call3(function(a, b, c)
  t.eq(a, -7); t.eq(b, 65535); t.eq(c, 0.125)
  return a + b + c
end), -7 + 65535 + 0.125)

t.eq(lib.cbt_call4(function(f, d, i, u)
  t.eq(f, 0.5); t.eq(d, -1.25); t.eq(i, -1); t.eq(u, 4294967295)
  return 1.5
end), 1.5)

t.eq(lib.cbt_call6(function(a, b, p, e, c, s)
  t.eq(a, -1234567890123LL)
  t.eq(b, 0xFFFFFFFFFFFFFFFFULL)
  t.eq(ffi.cast("uintptr_t", p), 0xdeadbeefULL)
  t.ok(ffi.istype("enum cbt_color", e))
  t.eq(tonumber(e), 2)
  t.eq(c, -128); t.eq(s, 65535)
  return a
end), -1234567890123LL)

t.eq(lib.cbt_call8(function(a, b, c, d, e, f, g, h)
  t.deepeq({ a, b, c, d, e, f, g, h }, { 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5 })
  return a + b + c + d + e + f + g + h
end), 22)

-- 16 arguments: 6 integers in registers, 5 integer-class values on the stack, 5 in xmm
local args
local r = lib.cbt_call16(function(...)
  args = { ... }
  return 42
end)
t.eq(r, 42LL)
t.eq(#args, 16)
t.eq(args[1], -5); t.eq(args[2], 250); t.eq(args[3], -30000); t.eq(args[4], 60000)
t.eq(args[5], -2000000000); t.eq(args[6], 4000000000)
t.eq(args[7], -9000000000000LL); t.eq(args[8], 18000000000000000000ULL)
t.eq(args[9], 1.5); t.eq(args[10], 2.25)
t.eq(ffi.cast("uintptr_t", args[11]), 0x1234ULL)
t.eq(tonumber(args[12]), -3)
t.eq(args[13], -0.5); t.eq(args[14], 1e100); t.eq(args[15], 77); t.eq(args[16], -3.75)

-- more than eight doubles and floats: the last ones come from the caller's stack
t.eq(lib.cbt_call_d10(function(...)
  local s = 0
  for i, v in ipairs({ ... }) do t.eq(v, i); s = s + v * 10 ^ (i - 1) end
  return s
end), 10987654321)
t.eq(lib.cbt_call_f10(function(...)
  local s = 0
  for i, v in ipairs({ ... }) do t.eq(v, i - 0.5); s = s + v end
  return s
end), 50)

-- missing arguments are nil to Lua, extra results ignored (no arity check, as in LuaJIT)
t.eq(lib.cbt_call1(function() return 5, 6, 7 end, 1), 5)
