-- portable
-- GCC vector types (mode(__V4SI__), vector_size): initializers and stores. A number, or a number
-- or complex cdata, is converted to the element type and fills every lane; a vector of the same
-- size is copied as bytes whatever its element type; booleans, strings and other sizes refuse.
local ffi = require("ffi")
local t = require("helpers")

local V4 = "int __attribute__((mode(__V4SI__)))"
local F4 = "float __attribute__((mode(__V4SF__)))"
local D2 = "double __attribute__((mode(__V2DF__)))"
local V2 = "int __attribute__((mode(__V2SI__)))"

-- The lanes of a vector of 4-byte elements (8-byte ones for `wide`), as one string.
local function lanes(v, wide)
  local n = ffi.sizeof(v) / (wide and 8 or 4)
  local out = {}
  for i = 0, n - 1 do out[#out + 1] = string.format("%.17g", v[i]) end
  return table.concat(out, " ")
end

print(lanes(ffi.new(V4, 5)), lanes(ffi.new(V4, 5.7)), lanes(ffi.new(V4, {5})), lanes(ffi.new(V4, 1, 2)))
print(lanes(ffi.new(V4, ffi.new("int32_t", 7))), lanes(ffi.new(V4, ffi.new("double", -7.5))))
print(lanes(ffi.new(V4, ffi.new("complex", 3, 4))), lanes(ffi.new(V4, ffi.new("int64_t", 9))))
print(lanes(ffi.new(V4, ffi.new("uint8_t", 200))), lanes(ffi.new(V4, ffi.new("enum { VE = 3 }", "VE"))))
print(lanes(ffi.new(V4, ffi.new("uint32_t", 4294967295))), lanes(ffi.new(F4, 1.5)), lanes(ffi.new(F4, ffi.new("int64_t", -3))))
-- Same-size vectors reinterpret the bytes.
print(lanes(ffi.new(F4, ffi.new(V4, 0x3f800000))), lanes(ffi.new(V4, ffi.new(F4, 1))))
print(lanes(ffi.new(V4, ffi.new(D2, 1, 2))))
print(t.err(ffi.new, V4, true), t.err(ffi.new, V4, ffi.new("bool", 1)))
print(t.err(ffi.new, V4, "x"), t.err(ffi.new, V4, nil))
print(t.err(ffi.new, V4, ffi.new(V2, 1)), t.err(ffi.new, V4, ffi.new("int[4]", 1)))

-- Stores into fields and elements.
local s = ffi.new("struct { " .. V4 .. " v; " .. F4 .. " f; }")
s.v = 3
print(lanes(s.v))
s.v = ffi.new("int32_t", 4)
print(lanes(s.v))
s.v = 2.5
print(lanes(s.v))
s.v = ffi.new("complex", 6, 1)
print(lanes(s.v))
s.f = 1
s.v = s.f
print(lanes(s.v))
s.v = {1, 2}
print(lanes(s.v), t.err(function() s.v = true end), t.err(function() s.v = ffi.new(V2, 1) end))
local a = ffi.new(V4 .. "[2]", 8)
a[0] = 9
print(lanes(a[0]), lanes(a[1]))

-- A vector converts to no scalar.
print(t.err(ffi.new, "int", ffi.new(V4, 1)), t.err(ffi.new, "complex", ffi.new(V4, 1)))
