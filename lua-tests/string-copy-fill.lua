-- portable
-- ffi.string, ffi.copy, ffi.fill: NUL-terminated and counted strings (embedded zeros kept),
-- sources as pointers, arrays, structs and Lua strings, lengths as numbers or cdata.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[ struct pt { char tag[4]; int v; }; ]]

local buf = ffi.new("char[16]", "hello")
print(ffi.string(buf), ffi.string(buf, 3), #ffi.string(buf, 8), ffi.string(buf + 1), ffi.string(buf, 0) == "")
print(ffi.string(buf, 2LL), ffi.string(buf, ffi.new("uint8_t", 4)), ffi.string(buf, 2.9))
print(ffi.string("lua string"), ffi.string("abc", 2), ffi.string(ffi.cast("const char *", buf)), #ffi.string("a\0b"), #ffi.string("a\0b", 3))
local z = ffi.new("uint8_t[4]", {65, 0, 66, 0})
print(#ffi.string(z), #ffi.string(z, 4), ffi.string(z, 4):byte(3))
local s = ffi.new("struct pt", {"ab", 7})
print(ffi.string(s.tag), #ffi.string(s, ffi.sizeof(s)), ffi.string(ffi.cast("char *", s)))

-- ffi.copy(dst, src, len) and ffi.copy(dst, str) (copies #str + 1 bytes).
local d = ffi.new("char[16]")
ffi.copy(d, "xyz")
print(ffi.string(d), d[3])
ffi.fill(d, 16, 0x41)
ffi.copy(d, "ab", 2)
print(ffi.string(d, 4))
ffi.copy(d + 4, buf, 5)
print(ffi.string(d, 9))
local ints = ffi.new("int[4]", 1, 2, 3, 4)
local ints2 = ffi.new("int[4]")
ffi.copy(ints2, ints, ffi.sizeof(ints))
print(ints2[0], ints2[3])
ffi.copy(ints2 + 1, ints, 4LL)
print(ints2[1])
local s2 = ffi.new("struct pt")
ffi.copy(s2, s, ffi.sizeof(s))
print(ffi.string(s2.tag), s2.v)

-- ffi.fill(dst, len [, c]).
local f = ffi.new("uint8_t[6]", 9)
ffi.fill(f, 3)
print(f[0], f[2], f[3])
ffi.fill(f, 6, 0x1ff)
print(f[0], f[5])
ffi.fill(f + 4, 2, 65)
print(f[3], f[4], f[5])
ffi.fill(f, 0, 1)
print(f[0])

-- Errors.
print(t.err(ffi.string))
print(t.err(ffi.string, 1))
print(t.err(ffi.string, {}))
print(t.err(ffi.string, buf, "x"))
print(t.err(ffi.string, buf, {}))
print(t.err(ffi.copy, d))
print(t.err(ffi.copy, d, 1))
print(t.err(ffi.copy, 1, "x"))
print(t.err(ffi.copy, "x", "y"))
print(t.err(ffi.copy, d, buf))
print(t.err(ffi.copy, ffi.new("const char[2]"), "x"))
print(t.err(ffi.fill, d))
print(t.err(ffi.fill, d, "x"))
print(t.err(ffi.fill, "x", 1))
print(t.err(ffi.fill, ffi.new("const int[2]"), 1))
