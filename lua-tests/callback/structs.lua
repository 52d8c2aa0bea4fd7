-- Structs and unions by value, as arguments and results, by the same System V rules as calls:
-- integer and SSE eightbytes, mixed, memory class (on the stack / through a hidden pointer), a
-- two-register struct that no longer fits in the registers left.
local ffi = require("ffi")
local t = require("helpers")
local lib = require("lib")(...)

t.eq(lib.cbt_arg_pair_i(function(p, n)
  t.ok(ffi.istype("struct cbt_pair_i", p))
  return p.a * 100 + p.b * 10 + n
end), -100 + 20 + 3)
t.eq(lib.cbt_arg_small(function(s) return s.c + s.s * 1000LL + s.i * 100000000LL end),
  -100 - 30000 * 1000LL + 123456 * 100000000LL)
t.eq(lib.cbt_arg_pair_d(function(x, p) return x + p.x * 10 + p.y * 100 end), 0.5 + 12.5 - 250)
t.eq(lib.cbt_arg_pair_f(function(p) return p.x * 10 + p.y end), 15 - 2.5)
t.eq(lib.cbt_arg_mixed(function(m, fi) return m.d + tonumber(m.i) * 10 + fi.f * 100 + fi.i * 1000 end),
  3.5 - 90 + 25 + 7000)
t.eq(lib.cbt_arg_big(function(a, b, c)
  return a + tonumber(b.a + b.b + b.c) + b.d + c * 1000
end), 1 + 60 + 0.5 + 2000)
t.eq(lib.cbt_arg_union(function(u) return u.d end), 2.5)
t.eq(lib.cbt_arg_late_pair_d(function(a, b, c, d, e, f, g, p, h)
  t.deepeq({ a, b, c, d, e, f, g, p.x, p.y, h }, { 1, 2, 3, 4, 5, 6, 7, 8.5, 9.5, 10 })
  return p.x + p.y + h
end), 28)

-- results: from a struct cdata or from a table initializer
t.eq(lib.cbt_ret_pair_i(function(k) return ffi.new("struct cbt_pair_i", k, -k) end), 5 * 1000 - 5)
t.eq(lib.cbt_ret_pair_i(function(k) return { k * 2, 1 } end), 10 * 1000 + 1)
t.eq(lib.cbt_ret_small(function() return { -1, 2, 3 } end), -1 + 2000 + 300000000)
t.eq(lib.cbt_ret_pair_d(function(x) return { x, -x } end), 2000 - 2)
t.eq(lib.cbt_ret_pair_f(function() return { 1.5, 0.25 } end), 1500.25)
t.eq(lib.cbt_ret_mixed(function() return { 2.5, -7 } end), 2500 - 7)
t.eq(lib.cbt_ret_fi(function() return { 0.5, 9 } end), 509)
t.eq(lib.cbt_ret_big(function(k) return { k, k * 10, k * 100, 0.25 } end), 333.25)
t.eq(lib.cbt_ret_union(function() return ffi.new("union cbt_union", { d = -4.5 }) end), -4.5)
