-- portable
-- require("ffi") and its companions; ffi.os, ffi.arch, ffi.abi.
local t = require("helpers")

local ffi = require("ffi")
t.eq(type(ffi), "table")
t.ok(require("ffi") == ffi, "require returns the same table")
t.ok(package.loaded.ffi == ffi, "package.loaded.ffi")
t.ok(require("bit") == require("bit"))
t.eq(type(require("jit").off), "function")
-- `bit` is a global too, the table require returns.
t.ok(bit == require("bit"))
t.eq(type(require("jit").opt.start), "function")

print("os", ffi.os)
print("arch", ffi.arch)
for _, p in ipairs({ "32bit", "64bit", "le", "be", "fpu", "softfp", "hardfp", "eabi", "win", "uwp", "gc64", "dualnum", "unknown" }) do
  print("abi", p, ffi.abi(p))
end
t.raises(function() ffi.abi() end, "string expected")
t.raises(function() ffi.abi({}) end, "string expected")
