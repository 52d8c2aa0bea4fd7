-- portable
-- cdata and ffi errors inside coroutines: errors are caught by pcall there or ended by resume.
local ffi = require("ffi")
local co = coroutine.create(function(a)
  local x = ffi.new("int[2]", a, a)
  local ok, e = pcall(function() return x.nope end)
  coroutine.yield(x[1], ok, (tostring(e):gsub("^.-:%d+: ", "")))
  return ffi.new("struct { int a; }").zz
end)
print(coroutine.resume(co, 5))
local ok, e = coroutine.resume(co)
print(ok, (tostring(e):gsub("^.-:%d+: ", ""):gsub("struct %d+", "struct N")))
print(coroutine.wrap(function() return ffi.new("int64_t", 3) + 1 end)())
local t = setmetatable({}, {__index = function(_, k) return ffi.new("int", k) + 0 end})
print(t[4])
print(select("#", ffi.offsetof("int", "a")))
