-- A callback recursing through C until V8's stack runs out gives a Lua error (never a wrong
-- result, never a crash), and the state keeps working.
local ffi = require("ffi")
local t = require("helpers")
local cb
cb = ffi.cast("int (*)(int)", function(n) if n == 0 then return 0 end return cb(n - 1) + 1 end)
t.eq(cb(10), 10)
local ok, err = pcall(cb, 5000)
t.eq(ok, false)
t.ok(tostring(err):find("stack overflow", 1, true), err)
t.eq(cb(20), 20)
cb:free()
