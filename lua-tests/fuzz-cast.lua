-- portable
-- Differential sweep of ffi.cast: every value of a pool cast to every kind of number, enum and
-- pointer type, compared with LuaJIT (pointers printed as their integer value).
local ffi = require("ffi")

ffi.cdef[[ enum ce { CA = 1, CB = 2 }; struct cs { int a; }; ]]
local types = { "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t", "uint32_t", "int64_t", "uint64_t", "float",
  "double", "bool", "enum ce", "int *", "void *", "const char *", "struct cs *", "int (*)(int)", "intptr_t", "uintptr_t",
  "long", "size_t", "char", "struct cs", "int[2]", "void" }
local pool = {
  { "0", 0 }, { "1", 1 }, { "-1", -1 }, { "2.75", 2.75 }, { "-300.5", -300.5 }, { "70000", 70000 },
  { "2^31", 2^31 }, { "2^32+3", 2^32 + 3 }, { "2^40", 2^40 }, { "nan", 0/0 }, { "true", true }, { "false", false },
  { "nil", nil }, { "'CB'", "CB" }, { "{}", {} }, { "-5LL", -5LL }, { "2^63ULL", 9223372036854775808ULL },
  { "int", ffi.new("int", -2) }, { "u32", ffi.new("uint32_t", 4000000000) }, { "double", ffi.new("double", 1.5) },
  { "float", ffi.new("float", -2.5) }, { "bool", ffi.new("bool", true) }, { "enum", ffi.new("enum ce", "CB") },
  { "p4096", ffi.cast("int *", 4096) }, { "pNULL", ffi.new("char *") }, { "fn", ffi.cast("int (*)(int)", 8192) },
  { "struct", ffi.new("struct cs") }, { "print", print },
}
local function show(v)
  if type(v) ~= "cdata" then return tostring(v) end
  local s = tostring(v)
  if s:find("LL$") then return s end
  local n = tonumber(v)
  if n ~= nil then
    if n ~= n then return "nan" end
    return string.format("%.10g", n)
  end
  if s:find("NULL") or not s:find("0x") then return s end
  local ok, i = pcall(function() return ffi.cast("intptr_t", v) end)
  return ok and (s:gsub(": 0x%x+", "") .. " = " .. tostring(i)) or "?"
end
for _, ty in ipairs(types) do
  for _, p in ipairs(pool) do
    local ok, r = pcall(ffi.cast, ty, p[2])
    local out = ok and show(r) or ("ERR " .. tostring(r):gsub("^[^:]*:%d+: ", ""):gsub("to '[^']*' %(", "to '?' ("))
    if ok and p[1] == "struct" then out = "skip" end -- the struct's own address
    if ok and (type(p[2]) == "string" or type(p[2]) == "function") then out = "skip" end -- an address
    local negative = (type(p[2]) == "number" and p[2] < 0) or p[1] == "float"
    if (ty == "uint64_t" or ty == "size_t" or ty == "uintptr_t") and negative then out = "skip" end
    print(ty, p[1], out)
  end
end
