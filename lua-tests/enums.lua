-- portable
-- Enums: constants through ffi.C and the ctype, boxed enum values, strings naming constants
-- in conversions, arithmetic and comparisons.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
enum color { RED, GREEN = 5, BLUE, NEG = -2 };
enum flags { F1 = 1, F2 = 2, F4 = 4, FBIG = 0x80000000 };
typedef enum { LOW, HIGH } level_t;
struct lamp { enum color c; level_t l; };
struct scoped { enum { SBIG = 0x80000000, SNEG = -1 }; int e; };
]]

-- Constants are plain numbers.
print(ffi.C.RED, ffi.C.BLUE, ffi.C.NEG, ffi.C.HIGH, type(ffi.C.GREEN), ffi.C.F4)
print(ffi.typeof("struct scoped").SBIG == 2^31, ffi.new("struct scoped").SNEG)
print(ffi.C.FBIG == 2^31, ffi.C.SBIG, ffi.C.F4)

-- Enum values are boxed; strings name constants.
local c = ffi.new("enum color", "BLUE")
print(c, tonumber(c), c == 6, c == "BLUE", c ~= "RED", c == ffi.C.BLUE, ffi.new("enum color", -2))
print(t.err(ffi.new, "enum color", "PURPLE"))
print(ffi.new("enum color", 42), ffi.cast("enum color", 5), ffi.cast("enum color", "GREEN"))

-- Fields and elements of enum type.
local l = ffi.new("struct lamp", {"GREEN", "HIGH"})
print(l.c, l.l == 1, l.c == "GREEN", l.l == "HIGH", ffi.typeof(l.c))
l.c = "NEG"
print(l.c, tonumber(l.c))
l.c = 6
print(l.c == "BLUE")
print(t.err(function() l.c = "nope" end))
local arr = ffi.new("enum color[3]", {"RED", "GREEN", "BLUE"})
print(arr[0], arr[2], arr[1] == "GREEN")

-- Arithmetic and comparison with strings use the constant's value.
print(c + 1, c - "GREEN", c < "BLUE", c <= "BLUE", "RED" < c)
print(t.err(function() return c + "nope" end))
print(t.err(function() return c < "nope" end))
print(t.err(function() return "nope" >= c end), t.err(function() return c .. "nope" end))
-- Equality never raises: a string that names no constant is simply not the value.
print(c == "nope", c ~= "nope", "nope" == c, l.c == "nope", arr[0] ~= "nope")
-- A ctype object is an enum without constants to a string beside it.
local ct = ffi.typeof("enum color")
print(ct == "RED", ct ~= "RED", t.err(function() return ct < "RED" end))
print(t.err(function() return ct + "RED" end), t.err(function() return ct .. "RED" end))

-- Enum values convert to numbers where numbers are wanted.
print(tonumber(ffi.new("int", c)), tonumber(ffi.new("double", l.c)), ffi.new("int[2]", c, l.l)[1])

-- An enum with no negative constant is unsigned: tostring shows the signed 32 bits, but it
-- reads, compares and converts as unsigned int.
local big = ffi.new("enum flags", "FBIG")
local m1 = ffi.new("enum flags", -1)
print(big, m1, tonumber(m1), m1 == 4294967295, m1 == -1, tonumber(ffi.new("double", m1)), big == "FBIG")
print(ffi.new("enum color", -1), tonumber(ffi.new("enum color", -1)))

-- sizeof and alignof.
print(ffi.sizeof("enum color"), ffi.alignof("enum flags"), ffi.sizeof(c))
