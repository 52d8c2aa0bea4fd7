-- portable
-- ffi.errno: returns the saved errno, and with an argument sets it (returning the old value).
local ffi = require("ffi")
local t = require("helpers")

print(type(ffi.errno()), type(ffi.errno(42)), ffi.errno(), ffi.errno(7), ffi.errno())
print(ffi.errno(3.9), ffi.errno(ffi.new("int64_t", 5)), ffi.errno())
print(t.err(ffi.errno, "x"))
print(t.err(ffi.errno, nil))
print(t.err(ffi.errno, {}))
