-- portable
-- Lua -> C conversions on writes (fields and elements): numbers with x86-64's truncation
-- rules, booleans, nil as NULL, strings (enum names, const char *, byte arrays), cdata through
-- the C <-> C rules, and pointer compatibility (qualifiers, void *, signedness, identity).
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
enum color { RED, GREEN = 5, BLUE };
struct foo { int a; };
struct bar { int a; };
struct dst {
  int8_t i8; uint8_t u8; int16_t i16; uint16_t u16; int32_t i32; uint32_t u32;
  int64_t i64; uint64_t u64; float f; double d; bool b; enum color e;
  int *ip; const int *cip; unsigned int *uip; void *vp; const void *cvp; char *cp;
  const char *ccp; const unsigned char *cucp; char name[4]; struct foo *fp; short *sp;
  int **ipp; const int **cipp; double *dp; bool *bp;
};
]]
local s = ffi.new("struct dst")
local function set(k, v) s[k] = v; return s[k] end
local function conv(k, v)
  local ok, r = pcall(set, k, v)
  if not ok then return (tostring(r):gsub("^[^:]*:%d+: ", "")) end
  return tostring(r)
end

-- Numbers: truncation toward zero; int32 and smaller through int32 (out of range gives
-- 0x80000000), uint32 through int64, 64-bit types saturating to 0x8000000000000000.
local nums = { 0, 1.9, -1.9, 127.5, 128, 255, 256, -129, 32768, 65535, 65536, 2147483647, -2147483648,
  2^31, -2^31 - 1, 2^32, 2^32 + 5, -1, 1e15 + 0.5, 2^53, 2^63, -2^63, 1e300, 0/0 }
for i, v in ipairs(nums) do
  print(i, conv("i8", v), conv("u8", v), conv("i16", v), conv("u16", v),
    conv("i32", v), conv("u32", v), conv("i64", v), v >= 0 and conv("u64", v) or "-")
end
print(conv("f", 0.1), conv("f", 1/3), conv("d", 1/3), conv("f", 16777217), conv("f", 1e-46))

-- Booleans: false -> 0, true -> 1; numbers -> bool: 0 is false, anything else (NaN too) true.
print(conv("i32", true), conv("i32", false), conv("d", true), conv("b", true), conv("b", false))
print(conv("b", 0), conv("b", 0.5), conv("b", -1), conv("b", 0/0), conv("b", ffi.new("int64_t", 0)))
print(conv("ip", true))

-- nil is NULL for pointers and an error for numbers; a Lua number is not a pointer (not even 0).
print(conv("ip", nil) == "cdata<int *>: NULL", conv("i32", nil), conv("ip", 0), conv("vp", 1))

-- Strings: enum constant names, const char * / const void * / const uint8_t *, byte arrays.
print(conv("e", "GREEN"), conv("e", "BLUE"), conv("e", "PURPLE"), conv("e", 1), conv("i32", "5"))
print(ffi.string(set("ccp", "hello")), ffi.string(set("cvp", "void"), 4), set("cucp", "u")[0])
print(conv("cp", "x"), conv("vp", "x"), conv("ip", "x"), conv("cip", "x"))
s.name = "abc"; print(ffi.string(s.name))
s.name = "toolong"; print(ffi.string(s.name, 4))
s.name = ""; print(s.name[0], s.name[1])

-- Numeric cdata convert like the numbers they hold.
print(conv("i32", ffi.new("int64_t", 2^40 + 7)), conv("u8", ffi.new("uint64_t", 511)), conv("d", ffi.new("int64_t", -3)))
print(conv("i64", ffi.new("double", -2.5)), conv("i32", ffi.new("float", 1e10)), conv("u32", ffi.new("int8_t", -1)))
print(conv("i16", ffi.new("uint32_t", 70000)), conv("u64", ffi.new("int", -1)), conv("d", ffi.new("uint64_t", 2^40)))
print(conv("f", ffi.new("complex", 1.5, 2)), conv("i32", ffi.new("enum color", "BLUE")), conv("e", ffi.new("int", 5)))
print(conv("i32", ffi.new("bool", true)), conv("b", ffi.new("double", 0)))

-- Pointers: compatible types convert implicitly; anything else needs ffi.cast.
local ints = ffi.new("int[2]", 1, 2)
local uints = ffi.new("unsigned int[1]", 3)
local cints = ffi.new("const int[1]", 4)
print(set("ip", ints)[1], set("cip", ints)[1], set("uip", ints)[0], set("ip", uints)[0])
print(set("vp", ints) ~= nil, set("cvp", ints) ~= nil, set("ip", ffi.cast("void *", ints))[0])
print(conv("ip", cints), conv("ip", set("cip", ints)), conv("vp", ffi.cast("const int *", ints)))
print(conv("sp", ints), conv("dp", ints), conv("bp", ffi.new("uint8_t[1]")), conv("cp", ffi.new("uint8_t[1]")) ~= nil)
print(conv("ipp", ffi.new("int *[1]")) ~= nil, conv("cipp", ffi.new("int *[1]")), conv("ipp", ffi.new("const int *[1]")))
print(conv("ip", ffi.new("int64_t", 0)), conv("ip", ffi.new("double", 0)), conv("ip", ffi.new("struct foo")))

-- A struct converts to a pointer to it (the identical type only), arrays decay.
local foo = ffi.new("struct foo", 5)
print(set("fp", foo).a, conv("fp", ffi.new("struct bar")), conv("fp", ffi.new("struct foo[1]")) ~= nil)
print(conv("vp", foo) ~= nil, conv("ip", foo))

-- Other Lua types.
print(conv("i32", {}), conv("ip", {}), conv("i32", print), conv("ip", coroutine.create(print)))
print(conv("i32", io.stdout))
-- (LuaJIT passes a userdata's payload address; fengari's userdata live in no native memory.)
if not t.luajit then t.eq(conv("vp", io.stdout), "cannot convert 'userdata' to 'void *'") end

-- Element writes use the same rules.
local a = ffi.new("uint8_t[2]")
a[0] = 300; a[1] = -1
print(a[0], a[1])
local pa = ffi.new("int *[1]")
pa[0] = ints
print(pa[0][1], t.err(function() pa[0] = 5 end))

-- Which pointer types accept a Lua string: pointers to const 1-byte integers and const void.
for _, ty in ipairs{"const char *", "const unsigned char *", "const int8_t *", "const uint8_t *", "const bool *", "const void *", "const volatile char *", "char *", "void *", "const short *", "const char **", "const char * const"} do
  local ok, e = pcall(function() local p = ffi.new(ty .. "[1]"); p[0] = "s" end)
  print(ty, ok, ok or e:gsub("^[^:]*:%d+: ", ""))
end

-- A C function converts as a pointer to itself, and is named so, as in arithmetic.
ffi.cdef[[ int abs(int); ]]
print(t.err(ffi.new, "int", ffi.C.abs), t.err(ffi.new, "double", ffi.cast("int(&)(int)", ffi.C.abs)))
print(t.err(function() local a = ffi.new("int[1]"); a[0] = ffi.C.abs end), t.err(function() return ffi.C.abs + 1.5 end))
