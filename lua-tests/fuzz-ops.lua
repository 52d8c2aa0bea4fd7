-- portable
-- Differential sweep of the other operations on every kind of cdata: length, concatenation,
-- unary minus, call, tonumber, type, sizeof, alignof, typeof, istype, pairs; compared with
-- LuaJIT (addresses and anonymous struct numbers masked).
local ffi = require("ffi")

ffi.cdef[[ struct os { int a; }; enum oe { OA }; ]]
local objects = {
  { "int", ffi.new("int", 3) }, { "int64", ffi.new("int64_t", 3) }, { "uint64", ffi.new("uint64_t", 3) },
  { "double", ffi.new("double", 1.5) }, { "bool", ffi.new("bool", true) }, { "enum", ffi.new("enum oe") },
  { "int*", ffi.new("int *") }, { "int[2]", ffi.new("int[2]") }, { "struct", ffi.new("struct os") },
  { "struct*", ffi.cast("struct os *", 4096) }, { "complex", ffi.new("complex", 1, 2) },
  { "ctype", ffi.typeof("struct os") }, { "fnptr", ffi.cast("int (*)(int)", 0) }, { "vla", ffi.new("int[?]", 3) },
  { "anon", ffi.new("struct { int x; }") }, { "float", ffi.new("float", 2) }, { "char*", ffi.cast("char *", 0) },
}
local function mask(s) return (tostring(s):gsub("0x%x+", "ADDR"):gsub("struct %d+", "struct N")) end
local function try_(f, ...)
  local ok, r = pcall(f, ...)
  if ok then return mask(r) end
  return "ERR " .. mask(tostring(r):gsub("^[^:]*:%d+: ", ""):gsub("to '[^']*' %(", "to '?' ("))
end
local try = try_
-- LuaJIT's ctype objects are int cdata holding the type's id (so `-ct`, `ct + ct`, `#ct` and
-- tonumber see that number), and calling a NULL function pointer is the call path's business:
-- not compared.
local skip = { ctype = true }
for _, o in ipairs(objects) do
  local v = o[2]
  if skip[o[1]] then try = function() return "skip" end end
  print(o[1], try(tostring, v), try(function() return #v end), try(function() return v .. "x" end),
    try(function() return "x" .. v end), try(function() return -v end))
  local call = o[1] == "fnptr" and "skip" or try(function() return v() end)
  print(o[1], call, try(tonumber, v), type(v), try_(ffi.sizeof, v), try_(ffi.alignof, v))
  print(o[1], try_(ffi.typeof, v), try_(ffi.istype, v, v), try_(function() return pairs(v) end),
    try_(function() return v == v end), try(function() return v < v end), try(function() return v + v end))
  try = try_
end
