-- portable
-- tostring of cdata and ctypes in LuaJIT's formats (addresses replaced by ADDR).
local ffi = require("ffi")

ffi.cdef[[
struct foo { int a; struct { int b; } inner; int arr[2]; };
typedef struct foo foo_t;
union bar { int i; };
enum color { RED, GREEN = 5 };
typedef int (*cb_t)(int, const char *);
]]

local function show(v) return (tostring(v):gsub("0x%x+", "ADDR"):gsub("struct %d+", "struct N")) end

-- ctypes.
for _, ty in ipairs({ "int", "unsigned int", "uint8_t", "int8_t", "short", "long", "unsigned long", "long long",
  "size_t", "ssize_t", "intptr_t", "ptrdiff_t", "char", "signed char", "unsigned char", "bool", "_Bool", "float",
  "double", "void", "int *", "const char *", "char * const", "void **", "int[3]", "int[?]", "int[2][3]",
  "int *[4]", "int (*)[4]", "struct foo", "foo_t", "foo_t *", "const foo_t *", "union bar", "enum color",
  "cb_t", "int (*)(void)", "void (*)(int, ...)", "complex", "complex float", "double complex", "volatile int",
  "int64_t", "uint64_t", "int32_t", "uint16_t", "wchar_t", "struct foo &" }) do
  print(ty, tostring(ffi.typeof(ty)))
end

-- Numbers, enums, complex.
print(show(ffi.new("int", 5)), show(ffi.new("double", 1.5)), show(ffi.new("bool", true)), show(ffi.new("float")))
print(ffi.new("int64_t", -42), ffi.new("uint64_t", 42), ffi.new("long", 1), ffi.new("size_t", 2))
print(ffi.new("enum color", "GREEN"), ffi.new("enum color", 7), ffi.new("enum color"))
print(ffi.new("complex", 1, -2), ffi.new("complex", 0.5, 1e20), ffi.new("complex float", -1.25, 0), ffi.new("complex", 1/3, 2/3))
-- %.14g parts as LuaJIT writes them: the sign of -0 kept, NaN always `nan`, `I` after inf or
-- nan, exponents from 1e14 and below 1e-4, ties rounded away from zero.
local cx = ffi.typeof("complex")
print(cx(0/-1, 0/-1), cx(1/0, -1/0), cx(-1/0, 0/0), cx(0, -(0/0)), cx(-(0/0), 1/0))
print(cx(1e300, -1e-300), cx(0.1, -0.1), cx(1e-5, 1e-4), cx(1e14, 1e13), cx(123456789012345, 99999999999999.5))
print(cx(100000000000005, 12345678901234.5), cx(5e-324, 2^53), ffi.new("complex float", 0.1, 1e-5))

-- Pointers: NULL, addresses with at least 8 hex digits.
-- (Decimal literals: fengari's hex literals wrap to 32-bit integers, as Lua 5.3's do.)
print(ffi.new("int *"), ffi.cast("void *", 0), ffi.cast("char *", 1), ffi.cast("int *", 3735928559))
print(ffi.cast("void *", 78187493530), ffi.cast("cb_t", 16), ffi.cast("void *", -1))
print(show(ffi.new("int[3]")), show(ffi.new("struct foo")), show(ffi.new("union bar")), show(ffi.new("int[?]", 2)))

-- Nested aggregates are references.
local s = ffi.new("struct foo")
print(show(s.inner), show(s.arr), show(ffi.new("struct foo[1]")[0]), show(ffi.cast("foo_t *", s)))
print(show(ffi.typeof(s.inner)), ffi.typeof(s.arr), ffi.sizeof(ffi.typeof(s.inner)), ffi.istype("struct foo &", s))

-- Anonymous structs get a number in their name.
print((tostring(ffi.typeof("struct { int x; }")):gsub("%d+", "N")))
