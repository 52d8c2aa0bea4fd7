-- Assertions for the Lua test scripts. Plain Lua 5.1/5.3, so that portable scripts also run
-- under LuaJIT. Usage: local t = require("helpers")
local M = {}

local function show(v)
  if type(v) == "string" then return string.format("%q", v) end
  return tostring(v)
end
M.show = show

local function fail(msg, what, level)
  error((msg and msg .. ": " or "") .. what, level + 1)
end

-- a == b (with ==, so metamethods apply).
function M.eq(a, b, msg)
  if not (a == b) then fail(msg, "expected " .. show(b) .. ", got " .. show(a), 2) end
end

-- a ~= b.
function M.ne(a, b, msg)
  if a == b then fail(msg, "expected something other than " .. show(b), 2) end
end

-- A truthy value.
function M.ok(v, msg)
  if not v then fail(msg, "expected a true value, got " .. show(v), 2) end
  return v
end

-- Tables with the same keys and (recursively) equal values.
local function deepeq(a, b)
  if type(a) ~= "table" or type(b) ~= "table" then return a == b end
  for k, v in pairs(a) do if not deepeq(v, b[k]) then return false end end
  for k in pairs(b) do if a[k] == nil then return false end end
  return true
end
function M.deepeq(a, b, msg)
  if not deepeq(a, b) then fail(msg, "tables differ", 2) end
end

-- fn(...) raises an error whose message contains the Lua pattern `pattern` (any error if nil);
-- returns the message.
function M.raises(fn, pattern, ...)
  local ok, err = pcall(fn, ...)
  if ok then fail(nil, "expected an error matching " .. show(pattern) .. ", got none", 2) end
  err = tostring(err)
  if pattern and not err:find(pattern) then
    fail(nil, "expected an error matching " .. show(pattern) .. ", got " .. show(err), 2)
  end
  return err
end

-- The error message of fn(...), or "no error", for printing in portable scripts: without the
-- "file:line: " prefix and with the function name of "bad argument" messages replaced by '?'
-- (LuaJIT and fengari add and name these differently).
function M.err(fn, ...)
  local ok, err = pcall(fn, ...)
  if ok then return "no error" end
  err = tostring(err):gsub("^[^:\n]*:%d+: ", "")
  return (err:gsub("^(bad argument #%d+ to )'[^']*'", "%1'?'"))
end

-- True under LuaJIT, false under fengari-ffi: guards checks of behaviour where they differ on
-- purpose (fengari's 32-bit integers, NULL checks, memory LuaJIT leaves uninitialized).
M.luajit = type(jit) == "table" and type(jit.version) == "string" and jit.version:find("^LuaJIT") ~= nil

return M
