-- portable
-- Differential sweep of stores and initializers: every value of a pool written into a field of
-- every kind of type and read back, and passed to ffi.new of that type, printed so that the
-- driver compares each result and error message with LuaJIT's. Address-dependent results and
-- LuaJIT 2.1.0-beta3's older double -> uint64 conversion of negative numbers print as "skip".
local ffi = require("ffi")

ffi.cdef[[
enum fe { EA = 1, EB = 7 };
struct inner { int x; };
struct all {
  int8_t i8; uint8_t u8; int16_t i16; uint16_t u16; int32_t i32; uint32_t u32; int64_t i64;
  uint64_t u64; float f; double d; bool b; enum fe e; char c4[4]; int *ip; const char *cs;
  void *vp; struct inner in; int arr[2]; unsigned bf : 5; int sbf : 3;
};
]]
local types = {
  i8 = "int8_t", u8 = "uint8_t", i16 = "int16_t", u16 = "uint16_t", i32 = "int32_t", u32 = "uint32_t",
  i64 = "int64_t", u64 = "uint64_t", f = "float", d = "double", b = "bool", e = "enum fe", c4 = "char[4]",
  ip = "int *", cs = "const char *", vp = "void *", ["in"] = "struct inner", arr = "int[2]",
}
local fields = { "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64", "f", "d", "b", "e", "c4", "ip", "cs", "vp",
  "in", "arr", "bf", "sbf" }
local pool = {
  { "0", 0 }, { "1", 1 }, { "-1", -1 }, { "2.75", 2.75 }, { "-300.5", -300.5 }, { "70000", 70000 },
  { "2^31", 2^31 }, { "2^32+3", 2^32 + 3 }, { "1e300", 1e300 }, { "nan", 0/0 }, { "true", true }, { "false", false },
  { "nil", nil }, { "'EB'", "EB" }, { "'abcdef'", "abcdef" }, { "''", "" }, { "{}", {} }, { "{5}", { 5 } },
  { "{x=3}", { x = 3 } }, { "{1,2,3}", { 1, 2, 3 } }, { "-5LL", -5LL }, { "2^63ULL", 9223372036854775808ULL },
  { "int", ffi.new("int", -2) }, { "double", ffi.new("double", 1.5) }, { "bool", ffi.new("bool", true) },
  { "enum", ffi.new("enum fe", "EB") }, { "int*", ffi.new("int *") }, { "int[2]", ffi.new("int[2]", 4, 5) },
  { "inner", ffi.new("struct inner", 9) }, { "const int[1]", ffi.new("const int[1]") }, { "print", print },
}

local function show(v)
  if type(v) == "number" then
    if v ~= v then return "nan" end
    if v == math.floor(v) and math.abs(v) < 2^53 then return string.format("%.0f", v) end
    return string.format("%.10g", v)
  end
  if type(v) == "cdata" then
    if ffi.istype("struct inner", v) then return "inner{" .. v.x .. "}" end
    if ffi.istype("int[2]", v) then return "arr{" .. v[0] .. "," .. v[1] .. "}" end
    if ffi.istype("char[4]", v) then return "c4{" .. v[0] .. "," .. v[1] .. "," .. v[2] .. "," .. v[3] .. "}" end
    local s = tostring(v)
    if s:find("LL$") then return s end
    local n = tonumber(v)
    if n ~= nil then return show(n) end
    if s:find("0x") then return "skip" end
    return s
  end
  return tostring(v)
end
local function err(e) return "ERR " .. tostring(e):gsub("^[^:]*:%d+: ", ""):gsub("to '[^']*' %(", "to '?' (") end

for _, f in ipairs(fields) do
  for _, p in ipairs(pool) do
    local s = ffi.new("struct all")
    local ok, e = pcall(function() s[f] = p[2] end)
    local out
    if ok then out = show(s[f]) else out = err(e) end
    local neg = type(p[2]) == "number" and p[2] < 0
    if f == "u64" and neg then out = "skip" end
    if (f == "cs" or f == "vp") and type(p[2]) == "string" and ok then out = "ok" end
    local init = "-"
    if types[f] then
      local ok2, r = pcall(ffi.new, types[f], p[2])
      init = ok2 and show(r) or err(r)
      if types[f] == "uint64_t" and neg then init = "skip" end
      if types[f] == "struct inner" and ok2 then init = show(r) end
    end
    print(f, p[1], out, init)
  end
end
