-- portable
-- `$` type parameters in ffi.cdef and ffi.typeof: a ctype, a name, a number; a tag bound by `$`.
local ffi = require("ffi")
local t = require("helpers")

-- A ctype, a name and a number, each where it fits.
ffi.cdef("typedef $ $[$];", ffi.typeof("short"), "tp_arr3", 3)
print(ffi.sizeof("tp_arr3"), tostring(ffi.typeof("tp_arr3")))
print((tostring(ffi.typeof("struct { $ $; }", ffi.typeof("double"), "d")):gsub("struct %d+", "struct N")))
print(ffi.sizeof(ffi.typeof("$[$]", ffi.typeof("int"), 5)))
print(ffi.sizeof(ffi.typeof("$ *", ffi.typeof("char"))))

-- In a cdef, `struct $` always makes a new type, which hides any type of that tag from then on.
ffi.cdef("struct tp_s { int a; };")
local old = ffi.new("struct tp_s", 7)
ffi.cdef("struct $ { double x, y; };", "tp_s")
print(ffi.sizeof("struct tp_s"), ffi.sizeof(old), old.a)
print(ffi.istype("struct tp_s", old))
-- whatever the old type was: a union or an enum of the same tag is hidden too
ffi.cdef("union $ { char c; int i; };", "tp_s")
print(ffi.sizeof("union tp_s"), t.err(ffi.typeof, "struct tp_s"))
ffi.cdef("enum tp_e { TP_A = 1 };")
ffi.cdef("enum $ { TP_B = 2 };", "tp_e")
print(ffi.C.TP_A, ffi.C.TP_B, tostring(ffi.typeof("enum tp_e")))
-- without a body the new type is incomplete, even though a complete one had the tag
ffi.cdef("struct tp_c { int a; };")
ffi.cdef("typedef struct $ tp_c_t;", "tp_c")
print(ffi.sizeof("tp_c_t"), ffi.sizeof("struct tp_c"))
-- a new tag the usual way
ffi.cdef("struct $ { int a, b, c; };", "tp_new")
print(ffi.sizeof("struct tp_new"))

-- A cdef that fails brings the hidden type back.
ffi.cdef("struct tp_r { int a; };")
print(t.err(ffi.cdef, "struct $ { double x; }; int tp_r_fn(", "tp_r"))
print(ffi.sizeof("struct tp_r"))

-- Only a name can be a tag.
print(t.err(ffi.cdef, "struct $ { int a; };", ffi.typeof("int")))
print(t.err(ffi.cdef, "struct $ { int a; };", 5))
print(t.err(ffi.cdef, "struct $ { int a; };"))
