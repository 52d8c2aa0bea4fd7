-- NULL safety beyond LuaJIT: reads and writes through NULL (and the page below 4096) raise a Lua
-- error where LuaJIT crashes, and the state keeps working.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[ struct pt { int x, y; }; ]]

local np = ffi.new("int *")
t.raises(function() return np[0] end, "NULL")
t.raises(function() np[0] = 1 end, "NULL")
t.raises(function() return np[100] end, "NULL")
local sp = ffi.cast("struct pt *", 0)
t.raises(function() return sp.x end, "NULL")
t.raises(function() sp.y = 1 end, "NULL")
t.raises(function() return sp[0] end, "NULL")
t.raises(function() return ffi.cast("int *", 8)[0] end, "NULL")
t.raises(function() return ffi.cast("double *", 4095)[0] end, "NULL")
t.raises(function() return ffi.cast("int **", 0)[0][0] end, "NULL")

t.raises(function() return ffi.string(nil) end, "NULL")
t.raises(function() return ffi.string(ffi.cast("const char *", 0)) end, "NULL")
t.raises(function() return ffi.string(np, 4) end, "NULL")
t.eq(ffi.string(np, 0), "", "a zero-length read touches nothing")
t.raises(function() ffi.copy(np, "abc") end, "NULL")
t.raises(function() ffi.copy(ffi.new("char[4]"), np, 4) end, "NULL")
t.raises(function() ffi.copy(ffi.new("char[4]"), nil, 4) end, "NULL")
t.raises(function() ffi.fill(np, 4) end, "NULL")
t.raises(function() ffi.fill(nil, 4) end, "NULL")
ffi.copy(np, "", 0)
ffi.fill(np, 0)

-- Pointer arithmetic on NULL is fine; only the access raises.
t.ok((np + 1) ~= nil)
t.eq(tonumber(ffi.cast("intptr_t", np + 2)), 8)

-- The state still works.
local a = ffi.new("int[2]", 1, 2)
t.eq(a[1], 2)
