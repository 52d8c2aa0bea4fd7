-- portable
-- LuaJIT's error messages (lj_errmsg.h) for the cdata operations, and a failed cdef that
-- leaves nothing behind.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
struct foo { int a; };
typedef struct foo foo_t;
enum e { E1 };
]]
local function p(...) print((select(1, ...):gsub("struct %d+", "struct N"))) end

p(t.err(ffi.new, "struct foo", 1, 2))
p(t.err(ffi.new, "int", {}))
p(t.err(ffi.new, "void"))
p(t.err(ffi.typeof, "struct bar *x"))
p(t.err(ffi.typeof, "int", 1))
p(t.err(ffi.typeof, "int $"))
p(t.err(ffi.typeof, "$ *"))
p(t.err(ffi.typeof, "struct undeclared_tag"))
-- A tag bound by `$` is never looked up: an implicit tag, even when it names a struct.
p(t.err(ffi.typeof, "struct $", "foo"))
p(t.err(ffi.typeof, "struct $ *", "foo"))
p(t.err(ffi.typeof, "enum $", "e"))
p(tostring(ffi.typeof("struct { int $; }", "foo")))
-- A `$` parameter is checked when a `$` takes it; unused ones are counted at the end.
p(t.err(ffi.typeof, "int[$]", nil))
p(t.err(ffi.typeof, "int[$][$]", 2, {}))
p(t.err(ffi.typeof, "int[?]", 2, nil))
p(t.err(ffi.typeof, "$ x y", nil))
p(t.err(ffi.cdef, "struct pp { int a[$]; };", true))
p(t.err(ffi.cdef, "int x", 1, nil))
p(t.err(ffi.cdef, "struct foo { int b; };"))
p(t.err(ffi.cdef, "typedef int foo_t;"))
p(t.err(ffi.cdef, "int x y;"))
p(t.err(ffi.cdef, "static int z;"))
p(t.err(function() return #ffi.new("struct foo") end))
p(t.err(function() return ffi.new("struct foo") .. 1 end))
p(t.err(function() return 1 .. ffi.new("int *") end))
p(t.err(function() return ffi.new("struct foo") + 1 end))
p(t.err(function() return ffi.new("struct foo") < ffi.new("struct foo") end))
p(t.err(function() return ffi.new("int *") <= 1 end))
p(t.err(function() return ffi.new("struct foo")() end))
p(t.err(function() return ffi.new("int")() end))
p(t.err(function() return ffi.new("struct foo").b end))
p(t.err(function() return ffi.new("struct foo")[0] end))
p(t.err(function() return ffi.new("int")[0] end))
p(t.err(function() ffi.new("const int[1]")[0] = 1 end))
p(t.err(function() return ffi.C.no_such_symbol_here end))
p(t.err(pairs, ffi.new("struct foo")))
p(t.err(function() return ffi.new("void *")[0] end))
p(t.err(function() return ffi.cast("struct foo *", 0) + 1 - ffi.cast("int *", 0) end))
p(t.err(function() local x = ffi.new("struct foo"); x.a = "str" end))
p(t.err(function() local x = ffi.new("char *[1]"); x[0] = "str" end))

-- A C call's arguments: a conversion error names the argument, as LuaJIT's CCF_ARG does; a
-- vararg that is no number, string, boolean or cdata goes as a `void *`.
ffi.cdef("int abs(int); size_t strlen(const char *); int snprintf(char *, size_t, const char *, ...);")
p(t.err(ffi.C.abs, "x"))
p(t.err(ffi.C.strlen, 5))
p(t.err(ffi.C.snprintf, nil, 0, "%p", {}))
p(t.err(ffi.C.snprintf, nil, 0, "%d %p", 1, print))
p(t.err(ffi.C.abs))
p(t.err(ffi.C.abs, 1, 2))
local id = ffi.cast("int (*)(int)", function(x) return x end)
p(t.err(id, {}))
id:free()

-- A `static const` must be a plain integer of up to 32 bits: not bool, not an enum type.
p(t.err(ffi.cdef, "static const bool k_bool = 1;"))
p(t.err(ffi.cdef, "static const enum e k_enum = 1;"))
p(t.err(ffi.cdef, "struct k_in_struct { static const _Bool k = 1; };"))
p(t.err(ffi.cdef, "static const long long k_ll = 1;"))
ffi.cdef("static const unsigned char k_uchar = 300;")
print(ffi.C.k_uchar)

-- A failing cdef declares nothing.
p(t.err(ffi.cdef, "struct good { int x; }; struct bad { int y; } z q;"))
p(t.err(ffi.typeof, "struct good"))
ffi.cdef("struct good { int x; };")
print(ffi.sizeof("struct good"))

-- Errors are ordinary Lua errors: pcall catches them and the state goes on.
local ok, err = pcall(ffi.new, "int[?]")
print(ok, type(err))
print(ffi.new("int", 3) + 1)
