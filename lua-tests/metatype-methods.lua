-- portable
-- Method lookups on cdata through a metatype's __index table (the VM fast path reads the table
-- directly): fields shadow methods, constants too, pointers find the struct's methods, a name
-- the table lacks is an error (as in LuaJIT), and a function __index still runs.
local ffi = require("ffi")
local t = require("helpers")
ffi.cdef[[
struct mm { int x; int len; static const int K = 7; };
struct mf { int y; };
]]
local methods = {
  get = function(s) return s.x end,
  len = function() return "method" end,
  K = function() return "method" end,
}
local MM = ffi.metatype("struct mm", { __index = methods })
local s = MM(5, 9)
t.eq(s:get(), 5)
t.eq(s.len, 9) -- the field wins over the method of the same name
t.eq(s.K, 7) -- so does a scoped constant
local p = ffi.cast("struct mm *", s)
t.eq(p:get(), 5)
t.raises(function() return s.nothing end, "has no member named .nothing.")
methods.late = function() return "late" end -- LuaJIT reads the same table: visible
t.eq(s:late(), "late")
local calls = 0
local MF = ffi.metatype("struct mf", { __index = function(o, k) calls = calls + 1; return k .. o.y end })
local f = MF(3)
t.eq(f.abc, "abc3")
t.eq(f.y, 3)
t.eq(calls, 1)
print(s:get(), s.len, s.K, p:get(), pcall(function() return s.nothing end), s:late(), f.abc)
