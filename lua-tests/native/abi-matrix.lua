-- The ABI matrix from Lua: every call goes through the Lua marshallers (call.ts) and the JIT's
-- thunks into the C test library (abi.c), which records what it received; the checks compare
-- that record and the results with the values Lua sent. Run by lua-tests/call-abi.test.ts with
-- the header text and the library path as arguments.
local header, libpath = ...
local ffi = require("ffi")
local unpack = table.unpack or unpack
local t = require("helpers")
ffi.cdef(header)
local lib = ffi.load(libpath)
local rec_i, rec_d = lib.abi_rec_i, lib.abi_rec_d

-- integers of every width: identity at the limits, narrowing and widening
local limits = {
  { "char", -128, 127 }, { "schar", -128, 127 }, { "uchar", 0, 255 },
  { "short", -32768, 32767 }, { "ushort", 0, 65535 },
  { "int", -2147483648, 2147483647 }, { "uint", 0, 4294967295 },
  { "int8", -128, 127 }, { "uint16", 0, 65535 },
}
for _, l in ipairs(limits) do
  local f = lib["abi_id_" .. l[1]]
  t.eq(f(l[2]), l[2], l[1] .. " min")
  t.eq(f(l[3]), l[3], l[1] .. " max")
  t.eq(rec_i[0], l[3], l[1] .. " seen by C")
end
t.eq(lib.abi_id_long(-9007199254740993LL), -9007199254740993LL)
t.eq(lib.abi_id_ulong(18446744073709551615ULL), 18446744073709551615ULL)
t.eq(lib.abi_id_llong(-1), -1LL)
t.eq(lib.abi_id_ullong(-1), 18446744073709551615ULL) -- double -1 -> uint64 wraps
t.eq(lib.abi_id_int64(0x123456789abcdefLL), 0x123456789abcdefLL)
t.eq(lib.abi_id_bool(true), true)
t.eq(lib.abi_id_bool(false), false)
t.eq(lib.abi_nonzero(7), true)
-- a C function returning char defines only AL: the marshaller must narrow
t.eq(lib.abi_narrow_char(0x1ff), -1)
t.eq(lib.abi_narrow_uchar(0x1ff), 255)
t.eq(lib.abi_narrow_short(0x18000), -32768)
t.eq(lib.abi_narrow_ushort(-1), 65535)
t.eq(lib.abi_narrow_int(0x1ffffffffLL), -1)
t.eq(lib.abi_narrow_uint(-1LL), 4294967295)
-- small arguments reach C extended to 32 bits
t.eq(lib.abi_widen_char(-5), -5)
t.eq(lib.abi_widen_uchar(250), 250)
t.eq(lib.abi_widen_short(-30000), -30000)
t.eq(lib.abi_widen_ushort(65000), 65000)
t.eq(lib.abi_widen_int(-7), -7LL)
t.eq(lib.abi_widen_uint(4294967295), 4294967295ULL)

-- enums, pointers, floats
t.eq(lib.abi_next_color(lib.ABI_RED), lib.ABI_GREEN)
t.eq(lib.abi_next_color("ABI_GREEN"), "ABI_BLUE")
t.eq(tonumber(lib.abi_id_big_enum(lib.ABI_LARGE)), 4000000000)
-- packed enums: 1 and 2 bytes as gcc lays them out, passed and returned extended per their
-- signedness (C records what it received)
t.eq(ffi.sizeof("abi_pk_u8") * 100 + ffi.sizeof("abi_pk_s8") * 10 + ffi.sizeof("abi_pk_s16"), 112)
t.eq(ffi.sizeof("abi_pk_struct") * 1000 + ffi.offsetof("abi_pk_struct", "u") * 100
  + ffi.offsetof("abi_pk_struct", "w") * 10 + ffi.offsetof("abi_pk_struct", "s"), lib.abi_pk_layout())
t.eq(tonumber(lib.abi_id_pk_u8("ABI_PK_HIGH")), 200)
t.eq(rec_i[0], 200)
t.eq(tonumber(lib.abi_id_pk_u8(456)), 200, "narrowed to 8 bits")
t.eq(tonumber(lib.abi_id_pk_s8(lib.ABI_PK_NEG)), -100)
t.eq(rec_i[0], -100)
t.eq(tonumber(lib.abi_id_pk_s16(-1000)), -1000)
t.eq(rec_i[0], -1000)
local pk = lib.abi_make_pk(200, -1000, -100)
t.eq(pk.c, string.byte("x"))
t.eq(tonumber(pk.u) * 1e6 + tonumber(pk.w) * 1e3 + tonumber(pk.s), 200e6 - 1000e3 - 100)
pk.u = "ABI_PK_LOW"
t.eq(tonumber(pk.u), 0)
local buf = ffi.new("char[16]", "hello")
t.eq(lib.abi_ptr_add(buf, 3), ffi.cast("void *", buf + 3))
t.eq(ffi.string(lib.abi_strchr("find the x here", string.byte("x"))), "x here")
t.eq(lib.abi_strchr("abc", string.byte("z")), nil)
t.eq(lib.abi_fadd(1.5, 2.25), 3.75)
t.eq(lib.abi_dmul(1e300, 10), 1e301)
t.eq(lib.abi_f2d(0.1), tonumber(ffi.new("float", 0.1)))
t.eq(lib.abi_d2f(1 / 3), tonumber(ffi.new("float", 1 / 3)))
t.eq(lib.abi_get_callback()(20), 60) -- a C function pointer returned by C, called from Lua
t.eq(lib.abi_call_callback(lib.abi_get_callback(), 20), 61) -- and passed back to C
t.eq(lib.abi_call_callback(function(x) return x * 5 end, 4), 21) -- a Lua function becomes a callback

-- argument lists spilling past 6 GPRs and 8 XMMs
t.eq(lib.abi_args0(), 42)
local ints, weighted = {}, 0
for i = 1, 20 do ints[i] = i * 1000 - 7 * i * i; weighted = weighted + ints[i] * i end
t.eq(lib.abi_ints20(unpack(ints)), weighted)
for i = 1, 20 do t.eq(rec_i[i - 1], ints[i], "ints20 arg " .. i) end
local ds = {}
for i = 1, 20 do ds[i] = i + i / 1024 end
lib.abi_doubles20(unpack(ds))
for i = 1, 20 do t.eq(rec_d[i - 1], ds[i], "doubles20 arg " .. i) end
lib.abi_mixed20(-1, 2.5, 3, 4.5, -5, 6.5, -7, 8.5, 4000000000, 10.5, -11, 12.5, 200, 14.5, -15, 16.5, 60000, 18.5, -19, 20.5)
local expect = { -1, 2.5, 3, 4.5, -5, 6.5, -7, 8.5, 4000000000, 10.5, -11, 12.5, 200, 14.5, -15, 16.5, 60000, 18.5, -19, 20.5 }
for i = 1, 20 do
  local got = (i % 2 == 1) and rec_i[i - 1] or rec_d[i - 1]
  t.eq(got, expect[i], "mixed20 arg " .. i)
end

-- structs and unions by value, as arguments (C records the bytes) and results
local structs = {
  "abi_c", "abi_sc", "abi_if", "abi_ff", "abi_fff", "abi_di", "abi_id", "abi_c3", "abi_ld", "abi_dd",
  "abi_ll", "abi_iii", "abi_fid", "abi_cd", "abi_d", "abi_lll", "abi_dddd", "abi_big", "abi_u_if",
  "abi_u_dl", "abi_u_ffd", "abi_u_c12d", "abi_p_ci", "abi_p_ii", "abi_p_cd", "abi_nested", "abi_nested2",
  "abi_f4", "abi_f3", "abi_bits", "abi_fbits", "abi_a32", "abi_a64",
}
for _, T in ipairs(structs) do
  local size = ffi.sizeof(T)
  local val = lib["abi_val_" .. T]
  local want = ffi.string(val, size)
  local got = lib["abi_ret_" .. T]()
  t.ok(ffi.istype(T, got), T .. " result type")
  t.eq(ffi.string(got, size), want, T .. " returned bytes")
  lib["abi_take_" .. T](got)
  t.eq(lib.abi_rec_size, size, T .. " size seen by C")
  t.eq(ffi.string(lib.abi_rec_bytes, size), want, T .. " bytes seen by C")
end
-- a table initializer converts to a struct argument
lib.abi_take_abi_fid({ 1.5, -2, 3.25 })
local fid = ffi.new("abi_fid", 1.5, -2, 3.25)
t.eq(ffi.string(lib.abi_rec_bytes, ffi.sizeof(fid)), ffi.string(fid, ffi.sizeof(fid)))

-- register exhaustion: a two-XMM struct after seven doubles goes to the stack, z takes xmm7
local dd = ffi.new("abi_dd", 100.5, 200.25)
lib.abi_xmm7_corner(1, 2, 3, 4, 5, 6, 7, dd, 9.75)
local r = lib.abi_sret_args(11, 2.5, dd, -4)
t.eq(r.a + r.b + r.c, lib.abi_sret_args(11, 2.5, dd, -4).a + r.b + r.c)
t.eq(lib.abi_empty_between(3, ffi.new("abi_empty"), 4), 3004)
t.eq(lib.abi_after_a32(1, 2, 3, 4, 5, 6, 7, lib.abi_val_abi_a32, 99), lib.abi_after_a32(1, 2, 3, 4, 5, 6, 7, lib.abi_val_abi_a32, 99))

-- varargs with LuaJIT's conversions: numbers as double, int cdata as int, long as long, strings
local sum = lib.abi_va_sum("ildps", ffi.new("int", -5), ffi.new("long", 7), 2.5, buf, "four")
t.eq(sum, -5 + 7 + 2.5)
t.eq(rec_i[0], -5)
t.eq(rec_i[1], 7)
t.eq(rec_d[2], 2.5)
t.eq(rec_i[3], tonumber(ffi.cast("intptr_t", buf)))
t.eq(rec_i[4], 4)
t.eq(lib.abi_va_sum("d", ffi.new("float", 0.5)), 0.5) -- float promoted to double

-- complex
local c = lib.abi_cd_mul(ffi.new("complex double", 1, 2), ffi.new("complex double", 3, -1))
t.eq(c.re, 5); t.eq(c.im, 5)
local cf = lib.abi_cf_mul(ffi.new("complex float", 2, 0), ffi.new("complex float", 0.5, 1))
t.eq(cf.re, 1); t.eq(cf.im, 2)
t.eq(lib.abi_cd_abs2(ffi.new("complex double", 3, 4)), 25)

-- extern variables through the namespace: read, written in place, seen by C's next read
lib.abi_rec_size = 1234
t.eq(lib.abi_rec_size, 1234)
lib.abi_take_abi_c(lib.abi_val_abi_c)
t.eq(lib.abi_rec_size, 1)
lib.abi_val_abi_ff = { 9.5, -1.25 } -- a struct variable assigned from a table
t.eq(lib.abi_ret_abi_ff().a, 9.5)
t.eq(lib.abi_ret_abi_ff().b, -1.25)
-- declared but absent from the library, and not declared at all
ffi.cdef("int abi_no_such_function(void);")
t.raises(function() return lib.abi_no_such_function end, "cannot resolve symbol 'abi_no_such_function'")
t.raises(function() return lib.abi_undeclared end, "missing declaration for symbol 'abi_undeclared'")
t.raises(function() lib.abi_args0 = nil end, "attempt to write to constant location")

-- results returned through a hidden pointer land in memory aligned for their type (a callee
-- built with -mavx stores an aligned(32) struct with vmovapd)
for _ = 1, 8 do
  -- a struct passed for a void * parameter is its address; abi_ptr_add(p, 0) hands it back
  t.eq(tonumber(ffi.cast("uintptr_t", lib.abi_ptr_add(lib.abi_ret_abi_a32(), 0))) % 32, 0)
  t.eq(tonumber(ffi.cast("uintptr_t", lib.abi_ptr_add(lib.abi_ret_abi_a64(), 0))) % 64, 0)
  ffi.new("char[24]") -- move the allocator off any lucky alignment
end
