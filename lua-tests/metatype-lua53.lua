-- Metatypes with what Lua 5.3 adds (//, & | ~ << >>, unary ~), __index on the ctype object
-- (static methods), __pairs, and anonymous struct types being distinct.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[ typedef struct { int v; } box_t; ]]

local log = {}
local box
box = ffi.metatype("box_t", {
  __index = { make = function(n) return box(n) end, twice = function(self) return self.v * 2 end },
  __idiv = function(a, b) return box(a.v // b) end,
  __band = function(a, b) return box(a.v & b) end,
  __bor = function(a, b) return box(a.v | b) end,
  __bxor = function(a, b) return box(a.v ~ b) end,
  __shl = function(a, b) return box(a.v << b) end,
  __shr = function(a, b) return box(a.v >> b) end,
  __bnot = function(a) return box(~a.v) end,
  __pairs = function(self)
    return function(_, k) if k == nil then return "v", self.v end end, self, nil
  end,
})

local b = box(13)
t.eq((b // 4).v, 3)
t.eq((b & 6).v, 4)
t.eq((b | 2).v, 15)
t.eq((b ~ 1).v, 12)
t.eq((b << 2).v, 52)
t.eq((b >> 2).v, 3)
t.eq((~b).v, -14)

-- Static methods through the ctype; methods through instances and pointers.
t.eq(box.make(4).v, 4)
t.eq(b:twice(), 26)
t.eq(ffi.cast("box_t *", b):twice(), 26)

-- __pairs.
for k, v in pairs(b) do log[#log + 1] = k .. "=" .. v end
t.eq(table.concat(log, ","), "v=13")

-- Without a metatype: errors.
local plain = ffi.new("struct { int a; }")
t.raises(function() return plain // 1 end, "attempt to perform arithmetic")
t.raises(function() return ~plain end, "attempt to perform arithmetic")
t.raises(function() return pairs(plain) end, "has no '__pairs' metamethod")

-- Every parse of an anonymous struct is a new type.
local a1, a2 = ffi.new("struct { int x; }"), ffi.new("struct { int x; }")
t.ok(not ffi.istype(ffi.typeof(a1), a2))
t.raises(function() ffi.new(ffi.typeof(a1), a2) end, "cannot convert")
local T = ffi.typeof("struct { int x; }")
t.ok(ffi.istype(T, T(1)))
