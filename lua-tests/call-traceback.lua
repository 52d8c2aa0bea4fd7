-- Errors raised inside a C call keep their message under debug.traceback and hooks: the frame
-- of an ffi call run by the patched VM's call hook is a C function to lua_getinfo.
local ffi = require("ffi")
local t = require("helpers")
ffi.cdef("int abs(int);")
local ok, msg = xpcall(function() return ffi.C.abs("x") end, debug.traceback)
t.eq(ok, false)
t.ok(msg:find("cannot convert 'string' to 'int'", 1, true), msg)
t.ok(msg:find("stack traceback:", 1, true), msg)
t.ok(msg:find("in field 'abs'", 1, true), msg)
local calls = 0
debug.sethook(function() calls = calls + 1 end, "c")
t.eq(ffi.C.abs(-4), 4)
debug.sethook()
t.ok(calls > 0)
t.ok(debug.traceback():find("call-traceback.lua", 1, true))
