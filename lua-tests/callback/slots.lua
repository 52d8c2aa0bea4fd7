-- Slots: thousands of callbacks (more than one 960-slot page) made, called, freed and reused;
-- callbacks stored by C (a pointer, a struct of pointers, an array of pointers); implicit
-- conversions are permanent and made once per function and type; the slot limit.
local ffi = require("ffi")
local t = require("helpers")
local lib = require("lib")(...)

local FN = "int32_t (*)(int32_t)"
local function addr(cb) return tonumber(ffi.cast("uintptr_t", cb)) end

local n = 3000
local cbs, first = {}, {}
for i = 1, n do
  cbs[i] = ffi.cast(FN, function(x) return x * 2 + i end)
  first[addr(cbs[i])] = true
end
local arr = ffi.new("int32_t (*[?])(int32_t)", n)
for i = 1, n do arr[i - 1] = cbs[i] end
local expected = 0
for i = 1, n do expected = expected + (i - 1) * 2 + i end
t.eq(lib.cbt_call_each(arr, n), expected)
for i = 1, n do cbs[i]:free() end

-- freed slots are reused, lowest first
local again = 0
for i = 1, n do
  cbs[i] = ffi.cast(FN, function(x) return -x end)
  if first[addr(cbs[i])] then again = again + 1 end
end
t.eq(again, n)
t.eq(lib.cbt_call1(cbs[n], 5), -5)
for i = 1, n do cbs[i]:free() end

-- a pointer C keeps: set redirects it; a freed one gives C zero and the ffi call raises
-- LuaJIT's "bad callback"
local cb = ffi.cast(FN, function(x) return x + 1 end)
lib.cbt_store(cb)
t.eq(lib.cbt_call_stored(1), 2)
cb:set(function(x) return x + 100 end)
t.eq(lib.cbt_call_stored(1), 101)
cb:free()
t.raises(function() lib.cbt_call_stored(1) end, "bad callback")

-- ffi.cast, a ctype's constructor and ffi.new each make a callback of their own, which the
-- script may free without touching the others (implicit conversions share one per function)
local same = function(x) return x end
local c1, c2, c3 = ffi.cast(FN, same), ffi.typeof(FN)(same), ffi.new(FN, same)
t.ok(addr(c1) ~= addr(c2) and addr(c2) ~= addr(c3) and addr(c1) ~= addr(c3))
c1:free()
c2:free()
t.eq(lib.cbt_call1(c3, 7), 7)
c3:free()

-- a struct of function pointers filled from Lua functions (implicit, permanent callbacks)
local ops = ffi.new("struct cbt_ops")
local add = function(a, b) return a + b end
ops.add = add
ops.scale = function(x) return x * 0.5 end
t.eq(lib.cbt_use_ops(ops, 2, 3, 10), 10)
local a1 = addr(ops.add)
ops.add = add
t.eq(addr(ops.add), a1, "the same function converted again keeps its slot")
local ops2 = ffi.new("struct cbt_ops", { add, function(x) return x end })
t.eq(addr(ops2.add), a1)
t.eq(lib.cbt_use_ops(ops2, 1, 1, 3), 5)

-- the limit: a clear error, and everything works again once slots are freed
local many = {}
local err
for i = 1, 70000 do
  local ok, cbi = pcall(ffi.cast, FN, add)
  if not ok then err = cbi break end
  many[i] = cbi
end
t.ok(err and err:find("too many callbacks", 1, true), tostring(err))
t.ok(err:find("cb:free()", 1, true))
t.ok(#many >= 60000)
-- a function argument that finds no slot raises that, not a bad argument (as LuaJIT)
local ok, argErr = pcall(lib.cbt_call1, function(x) return x end, 7)
t.ok(not ok and argErr:find("too many callbacks", 1, true) and not argErr:find("bad argument", 1, true), argErr)
for _, c in ipairs(many) do c:free() end
local last = ffi.cast(FN, function(x) return x end)
t.eq(lib.cbt_call1(last, 7), 7)
last:free()
