-- portable
-- ffi.metatype: __index (table or function) after the fields, __newindex, __call, __tostring,
-- __eq/__lt/__le, __len, __concat, __unm and arithmetic (left operand first, then right),
-- __new, metamethods through pointers, and the protected metatable.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
typedef struct vec { double x, y; } vec_t;
typedef struct box { int w; } box_t;
typedef struct counted { int n; } counted_t;
union u { int i; float f; };
]]

local calls = {}
local vec
local mt = {
  __index = {
    len2 = function(v) return v.x * v.x + v.y * v.y end,
    kind = "vec",
    x = "shadowed",
  },
  __add = function(a, b)
    if type(a) == "number" then return vec(a + b.x, a + b.y) end
    if type(b) == "number" then return vec(a.x + b, a.y + b) end
    return vec(a.x + b.x, a.y + b.y)
  end,
  __sub = function(a, b) return vec(a.x - b.x, a.y - b.y) end,
  __mul = function(a, s) return vec(a.x * s, a.y * s) end,
  __div = function(a, s) return vec(a.x / s, a.y / s) end,
  __mod = function() return "mod" end,
  __pow = function() return "pow" end,
  __unm = function(a) return vec(-a.x, -a.y) end,
  __eq = function(a, b) calls[#calls + 1] = "eq"; return a.x == b.x and a.y == b.y end,
  __lt = function(a, b) return a:len2() < b:len2() end,
  __le = function(a, b) return a:len2() <= b:len2() end,
  __len = function(a) return 2 end,
  __concat = function(a, b)
    local function s(v) return type(v) == "string" and v or ("(" .. v.x .. "," .. v.y .. ")") end
    return s(a) .. s(b)
  end,
  __call = function(self, k) return self.x * k end,
  __tostring = function(v) return "vec(" .. v.x .. ", " .. v.y .. ")" end,
}
vec = ffi.metatype("vec_t", mt)
print(vec, ffi.typeof("vec_t") == vec)

local a, b = vec(1, 2), vec(3, 4)
print(tostring(a), a.x, a:len2(), a.kind, tostring(a + b), tostring(b - a), tostring(a * 3), tostring(b / 2))
print(tostring(a + 1), tostring(10 + a), tostring(-a), a % b, a ^ 2, #a, a .. b, a .. "!", "v=" .. a, a(5))
print(a == vec(1, 2), a ~= b, a < b, b <= a, #calls > 0)

-- Fields shadow __index entries.
print(a.x)

-- Through pointers to the struct.
local p = ffi.cast("vec_t *", a)
print(p.x, p:len2(), p.kind, tostring(p) == tostring(a))
local arr = ffi.new("vec_t[2]", {{5, 6}})
print(arr[0]:len2(), tostring(arr[0]))

-- __index / __newindex as functions.
ffi.metatype("box_t", {
  __index = function(self, k) return "no " .. k end,
  __newindex = function(self, k, v) rawset(calls, k, v) end,
})
local bx = ffi.new("box_t", 3)
print(bx.w, bx.nope, bx[1])
bx.w = 4; bx.extra = "set"
print(bx.w, calls.extra)

-- __newindex as a table.
local store = {}
ffi.metatype("union u", { __newindex = store })
local uu = ffi.new("union u")
uu.other = 5; uu.i = 7
print(store.other, uu.i)

-- __new replaces the constructor (ffi.new inside it makes the object).
local ctr = 0
local counted = ffi.metatype("counted_t", {
  __new = function(ct, n) ctr = ctr + 1; return ffi.new(ct, n * 10) end,
})
print(counted(4).n, ffi.new("counted_t", 2).n, ctr)

-- A metatype is permanent.
print(t.err(ffi.metatype, "vec_t", {}))
print(t.err(ffi.metatype, "int", {}))
print(t.err(ffi.metatype, "vec_t *", {}))

-- __eq is called only where no predefined comparison applies: not between pointers or ctypes.
ffi.cdef[[ typedef struct { int v; } e_t; ]]
local neq = 0
local E = ffi.metatype("e_t", { __eq = function(x, y) neq = neq + 1; return true end })
local e1, e2 = E(1), E(2)
local p1, p2 = ffi.cast("e_t *", e1), ffi.cast("e_t *", e2)
print(e1 == e2, neq, p1 == p2, neq, e1 == p1, neq, e1 == 1, neq, e1 == nil, neq, E == E, neq)

-- Without a metamethod, LuaJIT's errors.
local plain = ffi.new("struct { int a; }")
print(t.err(function() return #plain end):gsub("struct %d+", "struct N"))
print(t.err(function() return plain .. "x" end):gsub("struct %d+", "struct N"))
print(t.err(function() return plain + 1 end):gsub("struct %d+", "struct N"))
print(t.err(function() return plain < plain end):gsub("struct %d+", "struct N"))
print(t.err(function() return plain() end):gsub("struct %d+", "struct N"))
print(plain == plain, plain == ffi.new("struct { int a; }"), plain ~= 1)

-- A const struct (or a pointer or reference to one) refuses any key before its __newindex
-- runs, table or function: a field it has is a constant location, and so is a name it lacks.
ffi.cdef[[
struct ct_tab { int x; };
struct ct_fn { int y; };
struct ct_cf { const int z; };
]]
local cstore, ccalls = {}, 0
local CT = ffi.metatype("struct ct_tab", { __newindex = cstore, __index = cstore })
local CF = ffi.metatype("struct ct_fn", { __newindex = function() ccalls = ccalls + 1 end })
local ctab, cfn = ffi.new(ffi.typeof("const $", CT)), ffi.new(ffi.typeof("const $", CF))
print(t.err(function() ctab.bar = 42 end), t.err(function() ctab.x = 42 end), cstore.bar)
print(t.err(function() cfn.bar = 42 end), t.err(function() cfn.y = 42 end), t.err(function() cfn[0] = 1 end))
local cptr = ffi.cast(ffi.typeof("const $ *", CF), cfn)
print(t.err(function() cptr.bar = 1 end), t.err(function() cptr[0] = 1 end))
print(t.err(function() ffi.cast(ffi.typeof("const $ &", CF), cfn).bar = 1 end), ccalls)
-- Not const: a const pointer to the struct, a struct with a const field, the ctype object.
local mut = ffi.new(CF)
ffi.cast(ffi.typeof("$ * const", CF), mut).bar = 1
ffi.new(ffi.metatype("struct ct_cf", { __newindex = function() ccalls = ccalls + 1 end })).bar = 1
ffi.typeof("const $", CF).bar = 1
print(ccalls)
-- Without a metatype, a name a const struct lacks is refused the same way; other types name
-- their qualifiers in the error, as LuaJIT's.
print(t.err(function() ffi.new("const struct ct_tab").bar = 1 end), t.err(function() ffi.new("const struct ct_tab")[1] = 1 end))
print(t.err(function() ffi.new("const enum { CE_A }").x = 1 end), t.err(function() return ffi.new("const int").x end))
print(t.err(function() ffi.new("const int[2]").x = 1 end), t.err(function() return ffi.typeof("const int *").x end))
print(t.err(function() return ffi.new("volatile double")[1] end), t.err(function() return ffi.new("const complex").x end))
