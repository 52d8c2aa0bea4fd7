-- A Lua error inside a callback never unwinds through C: C gets a zero result, later callbacks
-- of the same C call are skipped, and the error value is raised as it was raised, as LuaJIT
-- raises it, when the C call returns; at every nesting depth, catchable on the way out.
local ffi = require("ffi")
local t = require("helpers")
local lib = require("lib")(...)

local ok0, err = pcall(lib.cbt_call1, function() error("boom") end, 1)
t.eq(ok0, false)
t.eq(err, "lua-tests/callback/errors.lua:8: boom", "the message names the failing line, nothing added")
ok0, err = pcall(lib.cbt_call1, function() error("plain", 0) end, 1)
t.eq(err, "plain", "a string error value comes back unchanged")

-- a non-string error value comes back as it was raised
local ok, e = pcall(lib.cbt_call1, function() error({ code = 42 }) end, 1)
t.eq(ok, false)
t.eq(type(e), "table")
t.eq(e.code, 42)

-- the first error skips the rest of the C call's callbacks
local calls = 0
t.raises(function()
  lib.cbt_call_n(function(i)
    calls = calls + 1
    if i == 2 then error("third") end
    return i
  end, 100)
end, "third")
t.eq(calls, 3)

-- the state is fine afterwards
t.eq(lib.cbt_call1(function(x) return x end, 9), 9)

-- an error at depth d of C -> Lua -> C -> Lua ... reaches the outermost caller
for _, depth in ipairs({ 1, 2, 5, 20 }) do
  local function f(n)
    if n == depth then error("deep " .. n) end
    return lib.cbt_recurse(f, n + 1)
  end
  t.raises(function() lib.cbt_recurse(f, 1) end, "deep " .. depth)
end

-- Lua code between the C calls can catch the error, as in LuaJIT
local caught
local r = lib.cbt_call1(function(x)
  local ok2, e2 = pcall(lib.cbt_call1, function() error("inner") end, 0)
  caught = not ok2 and e2
  return x + 1
end, 1)
t.eq(r, 2)
t.ok(caught and caught:find("inner", 1, true))

-- recursion without end: a Lua error, not a crash
local function forever(n) return lib.cbt_recurse(forever, n + 1) end
t.raises(function() lib.cbt_recurse(forever, 0) end, "overflow")
t.eq(lib.cbt_recurse(function(n) return n end, 5), 6)

-- a callback on a coroutine runs on it, and cannot yield across the C call
local co = coroutine.create(function()
  local inside
  lib.cbt_call1(function() inside = coroutine.running() return 0 end, 0)
  t.eq(inside, coroutine.running())
  return lib.cbt_call1(function() coroutine.yield(1) return 0 end, 0)
end)
local ok3, e3 = coroutine.resume(co)
t.eq(ok3, false)
t.ok(tostring(e3):find("yield", 1, true), tostring(e3))

-- tracebacks work inside callbacks (debug.traceback, xpcall with it)
local tb
lib.cbt_call1(function()
  tb = debug.traceback("here")
  return 0
end, 0)
t.ok(tb:find("^here\nstack traceback:"), tb)
t.ok(tb:find("errors.lua", 1, true), tb)
t.eq(lib.cbt_call1(function()
  local okx, e = xpcall(function() error("inside") end, debug.traceback)
  t.eq(okx, false)
  t.ok(e:find("inside", 1, true) and e:find("stack traceback:", 1, true), e)
  return 1
end, 0), 1)

-- C calling a freed callback gets the zero result, and the ffi call raises "bad callback"
local freed = ffi.cast("int (*)(int)", function(x) return x end)
freed:free()
t.raises(function() lib.cbt_call1(freed, 5) end, "bad callback")
t.raises(function() freed(5) end, "bad callback")
t.eq(lib.cbt_call1(function(x) return x + 1 end, 5), 6)
