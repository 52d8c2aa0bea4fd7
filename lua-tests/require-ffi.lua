-- portable
-- require("ffi") and its companions; ffi.os, ffi.arch, ffi.abi.
local t = require("helpers")

local ffi = require("ffi")
t.eq(type(ffi), "table")
t.ok(require("ffi") == ffi, "require returns the same table")
t.ok(package.loaded.ffi == ffi, "package.loaded.ffi")
t.ok(require("bit") == require("bit"))
t.eq(type(require("jit").off), "function")
-- `bit` and `jit` are globals too, the tables require returns.
t.ok(bit == require("bit") and jit == require("jit"))
t.eq(type(jit.opt.start), "function")

print("os", ffi.os)
print("arch", ffi.arch)
for _, p in ipairs({ "32bit", "64bit", "le", "be", "fpu", "softfp", "hardfp", "eabi", "win", "uwp", "gc64", "dualnum", "unknown" }) do
  print("abi", p, ffi.abi(p))
end
t.raises(function() ffi.abi() end, "string expected")
t.raises(function() ffi.abi({}) end, "string expected")
