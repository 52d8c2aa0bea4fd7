-- portable
-- Differential sweep of indexing: reads and writes with every kind of key on every kind of
-- cdata (arrays, pointers, structs, unions, complex, numbers, ctypes), compared with LuaJIT.
local ffi = require("ffi")

ffi.cdef[[ struct p2 { int a, b; }; union un { int a; float f; }; enum ie { I0, I1 }; struct k { static const int K = 3; int a; }; ]]
local backing = ffi.new("int[4]", 10, 20, 30, 40)
local sp = ffi.new("struct p2[2]", {{1, 2}, {3, 4}})
local objects = {
  { "int[4]", function() return ffi.new("int[4]", 10, 20, 30, 40) end },
  { "int*", function() return ffi.cast("int *", backing) + 1 end },
  { "const int*", function() return ffi.cast("const int *", backing) end },
  { "struct", function() return ffi.new("struct p2", 1, 2) end },
  { "struct*", function() return ffi.cast("struct p2 *", sp) end },
  { "union", function() return ffi.new("union un", 7) end },
  { "complex", function() return ffi.new("complex", 1, 2) end },
  { "int", function() return ffi.new("int", 3) end },
  { "int64", function() return ffi.new("int64_t", 3) end },
  { "ctype", function() return ffi.typeof("struct k") end },
  { "void*", function() return ffi.cast("void *", backing) end },
  { "struct p2[2]", function() return sp end },
}
local keys = { { "0", 0 }, { "1", 1 }, { "1.9", 1.9 }, { "'a'", "a" }, { "'b'", "b" }, { "'x'", "x" },
  { "'re'", "re" }, { "'im'", "im" }, { "'K'", "K" }, { "true", true }, { "1LL", 1LL }, { "int", ffi.new("int", 2) },
  { "double", ffi.new("double", 1) }, { "enum", ffi.new("enum ie", 1) }, { "{}", {} }, { "'1'", "1" } }
local function show(v)
  local s = tostring(v):gsub("0x%x+", "ADDR"):gsub("struct %d+", "struct N")
  return s
end
local function err(e) return "ERR " .. tostring(e):gsub("^[^:]*:%d+: ", "") end
for _, o in ipairs(objects) do
  for _, k in ipairs(keys) do
    local obj = o[2]()
    local ok, r = pcall(function() return obj[k[2]] end)
    local read = ok and show(r) or err(r)
    local ok2, e2 = pcall(function() obj[k[2]] = 5 end)
    local write = ok2 and "set" or err(e2)
    if ok2 then
      local ok3, r3 = pcall(function() return obj[k[2]] end)
      write = write .. " " .. (ok3 and show(r3) or err(r3))
    end
    print(o[1], k[1], read, write)
  end
end
local ok = pcall(function() return ffi.new("int[4]")[nil] end)
print(ok)
