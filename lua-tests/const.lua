-- portable
-- const enforcement: const elements, const structs and fields, pointers to const, and the
-- qualifiers that implicit pointer conversions may add but not drop.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
struct cf { const int a; int b; const char name[4]; };
struct plain { int v; };
struct holder { const struct plain p; struct plain q; };
]]

local ca = ffi.new("const int[3]", 1, 2, 3)
print(ca[1], t.err(function() ca[1] = 5 end))

local s = ffi.new("struct cf", 1, 2, "ab")
print(s.a, s.b, ffi.string(s.name))
s.b = 3
print(s.b, t.err(function() s.a = 5 end))
print(t.err(function() s.name = "xy" end))
print(t.err(function() s.name[0] = 65 end))

local cs = ffi.new("const struct plain", 7)
print(cs.v, t.err(function() cs.v = 1 end))
local pcs = ffi.cast("const struct plain *", ffi.new("struct plain", 8))
print(pcs.v, t.err(function() pcs.v = 1 end))
print(t.err(function() pcs[0].v = 1 end))

local h = ffi.new("struct holder")
print(t.err(function() h.p.v = 1 end), t.err(function() h.q.v = 1 end), t.err(function() h.p = h.q end))

local cip = ffi.cast("const int *", ffi.new("int[2]", 4, 5))
print(cip[1], t.err(function() cip[0] = 1 end))
-- A pointer that is itself const can still be written through.
local ipc = ffi.new("int * const", ffi.new("int[1]", 6))
local holder = ffi.new("int[1]")
ipc = ffi.cast("int * const", holder)
ipc[0] = 9
print(holder[0])

-- Qualifiers may be added implicitly but not dropped.
local ip = ffi.new("int[1]")
local p = ffi.new("const int *[1]")
p[0] = ip
print(p[0] ~= nil, t.err(function() ffi.new("int *[1]")[0] = cip end))
print(t.err(function() local v = ffi.new("void *[1]"); v[0] = cip end))
print(t.err(function() local v = ffi.new("volatile int *[1]"); v[0] = cip end))
local cv = ffi.new("const volatile int *[1]")
cv[0] = cip
print(cv[0] ~= nil)
-- ffi.cast drops them.
print(ffi.cast("int *", cip)[1])

-- A const transparent member makes its fields const, struct and union alike, at any depth.
ffi.cdef[[
struct const_anon { const struct { int a; }; int b; };
struct const_anon_union { const union { int u; double d; }; int b; };
struct const_anon_deep { struct { const struct { struct { int z; }; }; }; int b; };
]]
local can = ffi.new("struct const_anon", {a = 1, b = 2})
print(can.a, t.err(function() can.a = 5 end), t.err(function() can.b = 6 end), can.a, can.b)
local canu = ffi.new("struct const_anon_union")
print(t.err(function() canu.u = 1 end), t.err(function() canu.d = 1 end), t.err(function() canu.b = 1 end))
local cad = ffi.new("struct const_anon_deep")
print(t.err(function() cad.z = 1 end), t.err(function() ffi.cast("struct const_anon_deep *", cad).z = 1 end))


-- A struct with a const member, at any depth or in an array member, is itself read-only as a
-- whole (LuaJIT's pseudo-qualifiers): whole-struct assignment fails, its writable fields
-- stay writable, and an initializer may still fill it.
ffi.cdef[[
typedef struct pcs { int v; const int w; } pcs_t;
typedef struct pvs { volatile int v; } pvs_t;
struct pcs_holder { pcs_t x; };
]]
local pair = ffi.new("struct { pcs_t a, b; }")
print(t.err(function() pair.a = pair.b end), t.err(function() pair.a = {} end))
pair.a.v = 5
print(pair.a.v, t.err(function() pair.a.w = 5 end), ffi.new("pcs_t", {1, 2}).w)
local pa = ffi.new("pcs_t[1]")
print(t.err(function() pa[0] = {1, 2} end), t.err(function() pa[0] = ffi.new("pcs_t") end))
print(t.err(function() ffi.cast("pcs_t *", pa)[0] = pair.b end))
local nest = ffi.new("struct { struct { pcs_t in; } x; struct { pcs_t arr[2]; } y; int k; }[2]")
print(t.err(function() nest[0] = nest[1] end), t.err(function() nest[0].x = {} end))
print(t.err(function() nest[0].y = {} end), t.err(function() nest[0].y.arr = {} end))
nest[0].k = 3
print(nest[0].k, ffi.new("struct { pcs_t a; }", {{1, 2}}).a.w)
print(t.err(function() ffi.new("struct { struct { const int a[2]; } x; }").x = {} end))
print(t.err(function() ffi.new("struct { struct { int * const p; } m; }").m = {} end))
print(t.err(function() ffi.new("struct { struct { const int b : 3; } m; }").m = {} end))
print(t.err(function() ffi.new("struct { struct { enum { E0 } const e; } m; }").m = {} end))
-- volatile members and pointers to const do not make a struct read-only.
print(t.err(function() ffi.new("struct { struct { volatile int a; } x; }").x = {} end))
print(t.err(function() ffi.new("struct { struct { const int *p; } m; }").m = {} end))
-- A reference member is written through: its object's qualifiers decide.
local ri = ffi.new("int[1]")
print(t.err(function() ffi.new("struct { const int &r; }", ri).r = 1 end))
local rq = ffi.new("pcs_t")
print(t.err(function() ffi.new("struct { pcs_t &r; }", rq).r = rq end))
-- The member qualifiers count where a pointer conversion may add but not drop qualifiers, so
-- such arrays and pointers do not convert implicitly to void * (a struct value does).
print(t.err(ffi.new, "void *", pa), t.err(ffi.new, "void *", ffi.new("pvs_t[1]")))
print(t.err(ffi.new, "const void *", ffi.new("pvs_t[1]")), t.err(ffi.new, "void *", ffi.new("pcs_t *")))
print(t.err(ffi.new, "void *", ffi.new("pcs_t(*)[2]")), t.err(ffi.fill, pa, 8))
print(t.err(ffi.new, "void *", ffi.new("struct pcs_holder[1]")), t.err(ffi.new, "void **", ffi.new("pcs_t *[1]")))
print(ffi.new("const void *", pa) ~= nil, ffi.new("pcs_t *", pa) ~= nil, ffi.new("const pcs_t *", pa) ~= nil)
print(ffi.new("void *", ffi.new("pcs_t")) ~= nil, ffi.new("void *", ffi.new("const struct plain")) ~= nil)
print(ffi.new("pcs_t **", ffi.new("pcs_t *[1]")) ~= nil, ffi.cast("void *", pa) ~= nil)
ffi.cdef"typedef struct later_s later_s;"
local lp = ffi.new("later_s *")
ffi.cdef"struct later_s { const int z; };"
print(t.err(ffi.new, "void *", lp))
-- An extern variable of such a type is read-only as a whole too (environ, declared with a
-- const member so that the write is refused before it happens).
ffi.cdef"typedef struct envs { void *v; void * const w; } envs_t; extern envs_t environ;"
print(t.err(function() ffi.C.environ = {} end), ffi.C.environ.v ~= nil)
