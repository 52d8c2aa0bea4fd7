-- portable
-- ffi.sizeof / ffi.alignof / ffi.offsetof: sizes of every kind of type, nil for unknown sizes,
-- VLA / VLS sizes from a count or from the cdata, offsets (bitfields: position and size), and
-- no result for missing fields.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
struct s1 { char c; int i; double d; };
struct s2 { char a; char b[3]; short s; };
struct vls { int n; short v[?]; };
struct __attribute__((packed)) pk { char c; int i; };
struct al { char c; int i __attribute__((aligned(16))); };
union un { char c; double d; int a[3]; };
struct bits { int a : 3, b : 5; unsigned c : 24; };
struct incomplete;
enum e { X };
]]

for _, ty in ipairs({ "char", "short", "int", "long", "long long", "float", "double", "bool", "void *", "int *",
  "int[10]", "struct s1", "struct s2", "union un", "struct pk", "struct al", "struct bits", "complex",
  "complex float", "enum e", "int (*)(int)", "int[0]", "struct s1[2]", "uint8_t[3][5]" }) do
  print(ty, ffi.sizeof(ty), ffi.alignof(ty))
end

-- Unknown sizes give nil.
print(ffi.sizeof("void"), ffi.sizeof("struct incomplete"), ffi.sizeof("int (int)"))

-- VLA / VLS: a count, or the cdata's own length.
print(ffi.sizeof("int[?]", 5), ffi.sizeof("struct vls", 3), ffi.sizeof("int[?]", 0), ffi.sizeof("int[?]", 2.7), ffi.sizeof("int[?]", 4LL))
print(ffi.sizeof(ffi.new("int[?]", 7)), ffi.sizeof(ffi.new("struct vls", 5)), ffi.sizeof("int[?]", -1))
print(t.err(ffi.sizeof, "int[?]", "x"))

-- cdata and ctype arguments.
print(ffi.sizeof(ffi.new("struct s1")), ffi.sizeof(ffi.typeof("struct s2")), ffi.sizeof(1LL), ffi.alignof(ffi.new("double")))

-- An alignment attribute in a type string makes a type of its own, as a typedef would:
-- the size stays, the alignment is the attribute's (also inside sizeof/__alignof__ in a cdef).
for _, s in ipairs({
  "char __attribute__((aligned(8)))",
  "__attribute__((aligned(8))) char",
  "char __declspec(align(8))",
  "char __attribute__((aligned(8))) const __attribute__((aligned(2)))",
  "int [10] __attribute__((aligned(16)))",
  "__attribute__((aligned(8))) int [10]",
}) do
  print(s, ffi.sizeof(s), ffi.alignof(s))
end
ffi.cdef("enum { SZ_A8 = sizeof(char __attribute__((aligned(8)))), AL_A8 = __alignof__(char __attribute__((aligned(8)))) };")
print(ffi.C.SZ_A8, ffi.C.AL_A8)
local c8 = ffi.new("char __attribute__((aligned(8)))", 65)
print(tostring(ffi.typeof(c8)), ffi.sizeof(c8), ffi.alignof(c8), ffi.istype("char", c8))

-- offsetof.
for _, f in ipairs({ "c", "i", "d" }) do print("s1", f, ffi.offsetof("struct s1", f)) end
for _, f in ipairs({ "a", "b", "s" }) do print("s2", f, ffi.offsetof("struct s2", f)) end
print("pk", ffi.offsetof("struct pk", "i"), "al", ffi.offsetof("struct al", "i"), "un", ffi.offsetof("union un", "a"))
print("bits", ffi.offsetof("struct bits", "a"))
print("bits", ffi.offsetof("struct bits", "b"))
print("bits", ffi.offsetof("struct bits", "c"))
print("vls", ffi.offsetof("struct vls", "v"))
-- No result for a missing field, a non-struct or an incomplete struct.
print(select("#", ffi.offsetof("struct s1", "nope")), select("#", ffi.offsetof("int", "x")), select("#", ffi.offsetof("struct incomplete", "x")))
print(t.err(ffi.offsetof, "struct s1"))
print(t.err(ffi.offsetof, "struct s1", 1))

-- Argument errors.
print(t.err(ffi.sizeof))
print(t.err(ffi.sizeof, 1))
print(t.err(ffi.alignof, {}))
print(t.err(ffi.sizeof, "struct nosuch"))
print(t.err(ffi.sizeof, "int int"))
