-- A callback entered on a thread other than the one running Lua never runs Lua and never
-- deadlocks: C gets a zero result and the next ffi call that returns raises an error. Once from
-- a thread the caller joins (it is blocked in pthread_join meanwhile), once from a detached
-- thread that finishes while Lua goes on.
local ffi = require("ffi")
local t = require("helpers")
local lib = require("lib")(...)

local calls = 0
local cb = ffi.cast("int32_t (*)(int32_t)", function(x) calls = calls + 1 return x + 1 end)

t.raises(function() lib.cbt_call_in_joined_thread(cb, 3) end, "foreign thread")
t.eq(calls, 0)
t.eq(lib.cbt_call1(cb, 3), 4) -- the report was taken once; the callback still works here
t.eq(calls, 1)

-- the detached thread's drop surfaces at whichever ffi call returns after it happened
local done = ffi.new("int32_t[1]", -1)
local reported = false
local ok, err = pcall(lib.cbt_call_in_detached_thread, cb, 5)
if not ok then
  t.ok(err:find("foreign thread", 1, true), err)
  reported = true
end
local finished = false
local deadline = os.time() + 10
while not (finished and reported) do
  local ok2, r = pcall(lib.cbt_detached_done, done)
  if not ok2 then
    t.ok(r:find("foreign thread", 1, true), r)
    reported = true
  elseif r == 1 then
    finished = true
  end
  t.ok(os.time() <= deadline, "the detached thread finishes within 10 s")
end
t.eq(done[0], 0, "the foreign thread got a zero result")
t.eq(calls, 1)
cb:free()
