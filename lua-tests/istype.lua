-- portable
-- ffi.istype: qualifiers ignored; pointers and arrays compatible without the void * wildcard;
-- numbers by kind, size and signedness; a struct type accepts a pointer to it; non-cdata false.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
typedef struct foo { int a; } foo_t;
struct bar { int a; };
enum e { A };
typedef int myint;
]]

local foo = ffi.new("foo_t")
local cases = {
  { "foo_t", foo }, { "struct foo", foo }, { "const struct foo", foo }, { "struct bar", foo },
  { "foo_t", ffi.cast("foo_t *", foo) }, { "foo_t *", foo }, { "foo_t *", ffi.cast("foo_t *", foo) },
  { "const foo_t *", ffi.cast("foo_t *", foo) }, { "void *", ffi.cast("foo_t *", foo) }, { "foo_t", ffi.new("foo_t[1]") },
  { "int", ffi.new("int") }, { "const int", ffi.new("int") }, { "myint", ffi.new("int") }, { "unsigned", ffi.new("int") },
  { "int32_t", ffi.new("int") }, { "long", ffi.new("int64_t") }, { "int64_t", 1LL }, { "uint64_t", 1LL },
  { "double", ffi.new("float") }, { "double", ffi.new("double") }, { "bool", ffi.new("bool") }, { "uint8_t", ffi.new("bool") },
  { "char", ffi.new("int8_t") }, { "unsigned char", ffi.new("int8_t") },
  { "int *", ffi.new("int *") }, { "unsigned *", ffi.new("int *") }, { "const int *", ffi.new("int *") },
  { "int *", ffi.new("const int *") }, { "void *", ffi.new("int *") }, { "int *", ffi.new("void *") },
  { "void *", ffi.new("void *") }, { "const void *", ffi.new("void *") }, { "char *", ffi.new("int *") },
  { "int **", ffi.new("int **") }, { "const int **", ffi.new("int **") }, { "int *", ffi.new("int[3]") },
  { "int[3]", ffi.new("int[3]") }, { "int[4]", ffi.new("int[3]") }, { "unsigned[3]", ffi.new("int[3]") },
  { "int[?]", ffi.new("int[?]", 3) }, { "enum e", ffi.new("enum e") }, { "int", ffi.new("enum e") },
  { "complex", ffi.new("complex") }, { "int", ffi.typeof("int") },
  { "int", 1 }, { "int", "x" }, { "int", nil }, { "int *", nil }, { "int", {} },
}
for i, c in ipairs(cases) do
  print(i, c[1], ffi.istype(c[1], c[2]))
end
print(ffi.istype(ffi.typeof("foo_t"), foo), ffi.istype(foo, foo), ffi.istype(ffi.typeof(foo), ffi.new("struct bar")))
print(t.err(ffi.istype, "int"))
print(t.err(ffi.istype, nil, 1))
print(t.err(ffi.istype, "nosuchtype", 1))
