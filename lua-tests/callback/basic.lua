-- ffi.cast(fnptr, f), calls from C, free and set, bad callback.
local ffi = require("ffi")
local t = require("helpers")
local lib = require("lib")(...)

local cb = ffi.cast("int32_t (*)(int32_t)", function(x) return x * 2 + 1 end)
t.eq(lib.cbt_call1(cb, 20), 41)
t.ok(ffi.istype("int32_t (*)(int32_t)", cb))
cb:set(function(x) return -x end)
t.eq(lib.cbt_call1(cb, 20), -20)
cb:free()
t.raises(function() cb:free() end, "bad callback")
t.raises(function() cb:set(print) end, "bad callback")
local fp = ffi.cast("int32_t (*)(int32_t)", 0)
t.raises(function() fp:free() end, "bad callback")
t.raises(function() ffi.cast("void *", function() end) end, "cannot convert 'function' to 'void %*'")
t.raises(function() ffi.cast("int (*)(int, ...)", function() end) end, "cannot convert 'function'")

-- implicit: a Lua function passed for a function pointer parameter
t.eq(lib.cbt_call1(function(x) return x + 1 end, 1), 2)
local f = function(x) return x * 3 end
t.eq(lib.cbt_call1(f, 3), 9)
t.eq(lib.cbt_call1(f, 4), 12)
