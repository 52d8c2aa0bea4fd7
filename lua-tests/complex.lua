-- portable
-- Complex numbers: construction, .re / .im and [0] / [1] (read-only, the index wraps),
-- conversions to and from numbers, tostring.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[ struct zs { complex double z; complex float f; }; ]]

local z = ffi.new("complex", 3, -4)
print(z, z.re, z.im, z[0], z[1], z[2], z[3], z[-1])
local f = ffi.new("complex float", 1.5)
print(f, f.re, f.im, ffi.sizeof(f), ffi.sizeof(z), ffi.alignof("complex float"))
print(tonumber(z), tonumber(ffi.new("double", z)), tonumber(ffi.new("int", z)), ffi.new("complex", ffi.new("int", 7)))
print(ffi.new("complex", f), ffi.new("complex float", z))

local s = ffi.new("struct zs", {{1, 2}, 3})
print(s.z, s.f)
s.z = 5
print(s.z)
s.z = ffi.new("complex", 0, 1)
print(s.z)
local copy = s.z
s.z = 9
print(copy, s.z)

print(t.err(function() z.re = 1 end))
print(t.err(function() z[0] = 1 end))
print(t.err(function() return z.x end))
print(t.err(function() s.z = "x" end))
print(t.err(function() return z + 1 end))

-- A boolean does not convert to a complex (a bool cdata neither), while it does to double and
-- as one of the two parts.
local za = ffi.new("complex[1]")
print(t.err(function() za[0] = true end), t.err(function() ffi.new("complex float[1]")[0] = false end))
print(t.err(ffi.new, "complex", true), t.err(ffi.new, "complex float", ffi.new("bool", true)))
print(t.err(function() s.z = true end), t.err(ffi.new, "struct zs", {true}), t.err(ffi.new, "complex[2]", {true, false}))
print(ffi.new("complex", {true, false}), ffi.new("complex", 1, true), tonumber(ffi.new("double", true)))
-- Nor the other way: a complex converts to a number (its real part) but not to a bool.
local z34 = ffi.new("complex", 3, 4)
print(t.err(ffi.new, "bool", z34), t.err(ffi.cast, "bool", z34), t.err(function() ffi.new("bool[1]")[0] = z34 end))
print(tonumber(ffi.new("int", z34)), tonumber(ffi.cast("double", z34)))
