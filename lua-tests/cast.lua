-- portable
-- ffi.cast: numbers <-> pointers, any pointer to any pointer, pointers to integers, number
-- narrowing, the same cdata returned for its own type, and what cannot be cast.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[ struct s { int a; }; enum e { E0, E1 }; ]]

local n = tonumber
print(n(ffi.cast("int", 3.9)), n(ffi.cast("int8_t", 300)), n(ffi.cast("uint16_t", -1)), n(ffi.cast("double", 5LL)))
print(n(ffi.cast("int", true)), n(ffi.cast("bool", 2)), ffi.cast("int64_t", 2.5), ffi.cast("uint64_t", ffi.new("int8_t", -1)))
print(ffi.cast("enum e", 1), ffi.cast("enum e", "E1"), n(ffi.cast("int", ffi.new("enum e", "E1"))))

-- Numbers and pointers.
local p = ffi.cast("int *", 4096)
print(p, n(ffi.cast("intptr_t", p)), n(ffi.cast("uintptr_t", p + 1)), n(ffi.cast("int", p)), n(ffi.cast("uint8_t", p + 64)))
print(ffi.cast("void *", 0) == nil, ffi.cast("char *", ffi.cast("void *", 16)), ffi.cast("int *", 16LL))
print(ffi.cast("int *", nil), ffi.cast("void *", ffi.cast("double *", 8)))

-- Any pointer, array or struct to any pointer.
local arr = ffi.new("int[2]", 0x01020304, 5)
local bytes = ffi.cast("uint8_t *", arr)
print(bytes[0], bytes[3], ffi.cast("int *", bytes)[1])
local s = ffi.new("struct s", 42)
print(ffi.cast("int *", s)[0], ffi.cast("struct s *", arr).a, ffi.cast("const char **", arr) ~= nil)
print(ffi.cast("int *", ffi.cast("const volatile int *", arr))[1])

-- A cdata of exactly the target type comes back as the same object.
local i = ffi.new("int", 5)
print(ffi.cast("int", i) == i, rawequal(ffi.cast("int", i), i), rawequal(ffi.cast("int *", p), p))
print(rawequal(ffi.cast("const int *", p), p))

-- Strings convert to const char * (and, with a cast, to any pointer).
local cs = ffi.cast("const char *", "text")
print(ffi.string(cs), ffi.string(ffi.cast("char *", "abc")), ffi.cast("void *", "x") ~= nil)

-- Only numbers, pointers and enums are cast targets.
print(t.err(ffi.cast, "struct s", 1))
print(t.err(ffi.cast, "int[2]", arr))
print(t.err(ffi.cast, "void", 1))
print(t.err(ffi.cast, "int (int)", 1))
print(t.err(ffi.cast, "int"))
print(t.err(ffi.cast, "int", "x"), t.err(ffi.cast, "double", "x"))
print(t.err(ffi.cast, "int", {}))
print(t.err(ffi.cast, "int", s))
print(t.err(ffi.cast, "int *", {}))
print(t.err(ffi.cast, "double", p))
print(t.err(ffi.cast, "int *", ffi.new("double", 8)))
print(t.err(ffi.cast, "complex", 1))

-- A userdata that is not a cdata (io.stdout) converts through a `void *` to its payload in
-- LuaJIT. Where that fails in LuaJIT too, both name it 'void *'; where LuaJIT would succeed
-- (pointers, casts to integers) we refuse, fengari's userdata having no native memory, and
-- name it 'userdata'.
print(t.err(ffi.new, "int", io.stdout), t.err(ffi.cast, "bool", io.stdout), t.err(ffi.new, "complex", io.stdout))
if not t.luajit then
  t.eq(t.err(ffi.cast, "void *", io.stdout), "cannot convert 'userdata' to 'void *'")
  t.eq(t.err(ffi.new, "const char *", io.stdout), "cannot convert 'userdata' to 'const char *'")
  t.eq(t.err(ffi.cast, "uint8_t", io.stdout), "cannot convert 'userdata' to 'unsigned char'")
  t.eq(t.err(ffi.cast, "enum { UD_E }", io.stdout):match("^cannot convert 'userdata' to 'enum %d+'$") ~= nil, true)
  t.eq(t.err(ffi.new, "struct { void *p; }", {io.stdout}), "cannot convert 'userdata' to 'void *'")
  t.eq(t.err(ffi.string, io.stdout), "bad argument #1 to '?' (cannot convert 'userdata' to 'const char *')")
  -- a light userdata (pushed by a host) likewise
  local light = require("lua-tests.fixtures").light_userdata()
  t.eq(t.err(ffi.cast, "void *", light), "cannot convert 'userdata' to 'void *'")
  t.eq(t.err(ffi.cast, "int64_t", light), "cannot convert 'userdata' to 'int64_t'")
  t.eq(t.err(ffi.new, "int", light), "cannot convert 'void *' to 'int'")
  t.eq(t.err(ffi.new, "enum { UD_F }", light), "cannot convert 'void *' to 'unsigned int'")
  t.eq(t.err(ffi.new, "enum { UD_G }", io.stdout), "cannot convert 'void *' to 'unsigned int'")
  t.eq(t.err(ffi.cast, "enum { UD_H }", light):match("^cannot convert 'userdata' to 'enum %d+'$") ~= nil, true)
end
