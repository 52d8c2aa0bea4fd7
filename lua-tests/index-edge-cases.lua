-- Edge cases of indexing found in review: non-finite indexes are refused (LuaJIT reads through
-- a garbage address), keys that are not UTF-8 name no member, a struct completed by a later
-- cdef finds its members, and table initializers read their table raw (no __index runs).
local ffi = require("ffi")
local t = require("helpers")
local a = ffi.new("int[4]", 1, 2, 3, 4)
t.raises(function() return a[0 / 0] end, "cannot be indexed with 'number'")
t.raises(function() return a[1 / 0] end, "cannot be indexed with 'number'")
t.raises(function() a[-1 / 0] = 1 end, "cannot be indexed with 'number'")
local w = ffi.new("int64_t[2]")
t.raises(function() return w[0 / 0] end, "cannot be indexed")
t.eq(a[3], 4)

ffi.cdef("struct edge_s { int x; };")
local s = ffi.new("struct edge_s", 7)
t.raises(function() return s["\255\254"] end, "has no member named")
t.raises(function() s["\255"] = 1 end, "has no member named")
t.eq(s.x, 7)

ffi.cdef("struct edge_inc;")
local buf = ffi.new("int[2]", 5, 6)
local p = ffi.cast("struct edge_inc *", buf)
t.raises(function() return p.x end, "has no member named 'x'")
ffi.cdef("struct edge_inc { int x, y; };")
t.eq(p.x, 5)
t.eq(p.y, 6)

ffi.cdef("struct edge_p { int a, b; };")
local init = setmetatable({}, { __index = function() return 99 end })
local q = ffi.new("struct edge_p", init)
t.eq(q.a, 0)
t.eq(q.b, 0)
