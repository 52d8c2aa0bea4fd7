-- Mixed-type ==: a userdata opted in (as cdata will be) compares with nil, booleans, numbers
-- and strings through its __eq; everything else keeps Lua 5.3 semantics.
local t = require("helpers")
local fixtures = require("lua-tests.fixtures")

local calls = {}
local function eq(a, b)
  calls[#calls + 1] = type(a) .. "," .. type(b)
  local other = a
  if type(a) == "userdata" then other = b end
  return other == nil or other == 5 or other == "five"
end

local u = fixtures.mixed_userdata(eq)
t.ok(u == nil, "u == nil")
t.ok(nil == u, "nil == u")
t.ok(not (u ~= nil), "u ~= nil")
t.ok(u == 5, "u == 5")
t.ok(5.0 == u, "5.0 == u")
t.ok(u ~= 6, "u ~= 6")
t.ok(u == "five", "u == 'five'")
t.ok(u ~= false, "u ~= false")
t.eq(calls[1], "userdata,nil", "operands keep their order")
t.eq(calls[2], "nil,userdata", "operands keep their order")

-- __eq is not consulted for tables, functions, threads, or raw comparisons.
calls = {}
t.ok(u ~= {}, "u ~= {}")
t.ok(u ~= print, "u ~= print")
t.ok(u ~= coroutine.create(print), "u ~= thread")
t.ok(not rawequal(u, nil), "rawequal(u, nil)")
t.eq(#calls, 0, "no __eq calls")

-- An error in __eq propagates.
local bad = fixtures.mixed_userdata(function() error("eq failed") end)
t.raises(function() return bad == 1 end, "eq failed")

-- Userdata that did not opt in, and tables, keep Lua 5.3 semantics.
local plain = fixtures.mixed_userdata(function() return true end, true)
t.ok(plain ~= nil, "plain ~= nil")
t.ok(plain ~= 5, "plain ~= 5")
local always = setmetatable({}, { __eq = function() return true end })
t.ok(always ~= nil, "table with __eq ~= nil")
t.ok(always ~= 1, "table with __eq ~= 1")
t.ok(always == setmetatable({}, getmetatable(always)), "table == table uses __eq")
t.ok(1 == 1.0 and 1 ~= "1" and nil ~= false, "numbers, strings, nil, false")
t.ok(io.stdout ~= nil, "io.stdout ~= nil")
