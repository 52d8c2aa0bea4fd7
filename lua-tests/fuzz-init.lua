-- portable
-- Differential sweep of initializers: a set of flat initializer lists and table initializers
-- applied to arrays, VLAs, structs, unions, nested and transparent aggregates, bitfields and
-- byte arrays, with the resulting contents (or the error) compared with LuaJIT's (cases where
-- LuaJIT reads uninitialized memory print "skip").
local ffi = require("ffi")

ffi.cdef[[
struct p2 { int a, b; };
union u2 { int i; float f; };
struct nest { int n; struct p2 p; int arr[2]; };
struct tu { int a; union { int u1; short u2; }; struct { int s1, s2; }; int z; };
struct bfs { unsigned a : 3; int b : 4; bool c : 1; int d; };
struct vls { int n; short v[?]; };
]]

local function dump(v, t)
  if t == "int[3]" or t == "int[?]" then return v[0] .. "," .. v[1] .. "," .. v[2] end
  if t == "char[4]" then return v[0] .. "," .. v[1] .. "," .. v[2] .. "," .. v[3] end
  if t == "struct p2" then return v.a .. "," .. v.b end
  if t == "union u2" then return tostring(v.i) end
  if t == "struct nest" then return v.n .. "," .. v.p.a .. "," .. v.p.b .. "," .. v.arr[0] .. "," .. v.arr[1] end
  if t == "struct tu" then return v.a .. "," .. v.u1 .. "," .. v.s1 .. "," .. v.s2 .. "," .. v.z end
  if t == "struct bfs" then return v.a .. "," .. v.b .. "," .. tostring(v.c) .. "," .. v.d end
  if t == "struct vls" then return v.n .. "," .. v.v[0] .. "," .. v.v[1] .. "," .. v.v[2] end
  return "?"
end

local inits = {
  { "none" }, { "1", 1 }, { "1,2", 1, 2 }, { "1,2,3", 1, 2, 3 }, { "1,2,3,4,5", 1, 2, 3, 4, 5 },
  { "{}", {} }, { "{7}", { 7 } }, { "{[0]=7}", { [0] = 7 } }, { "{[0]=7,8}", { [0] = 7, 8 } }, { "{1,2,3}", { 1, 2, 3 } },
  { "{1,2,3,4}", { 1, 2, 3, 4 } }, { "{a=5}", { a = 5 } }, { "{b=6,n=1}", { b = 6, n = 1 } }, { "{p={1,2}}", { p = { 1, 2 } } },
  { "{1,{2,3},{4}}", { 1, { 2, 3 }, { 4 } } }, { "{u2=9,s2=4}", { u2 = 9, s2 = 4 } }, { "{1,2,3,4,5}", { 1, 2, 3, 4, 5 } },
  { "{-1,-1,true,4}", { -1, -1, true, 4 } }, { "'ab'", "ab" }, { "'abcdef'", "abcdef" }, { "1,{2}", 1, { 2 } },
  { "{1,nil,3}", { 1, nil, 3 } }, { "{[1]=1,[3]=3}", { [1] = 1, [3] = 3 } }, { "true", true }, { "{{}}", { {} } },
}
local types = { "int[3]", "int[?]", "char[4]", "struct p2", "union u2", "struct nest", "struct tu", "struct bfs", "struct vls" }
for _, ty in ipairs(types) do
  for _, init in ipairs(inits) do
    local unpack = table.unpack or unpack
    local args = { select(2, unpack(init)) }
    local n = select("#", unpack(init)) - 1
    local ok, r
    if ty == "int[?]" or ty == "struct vls" then
      ok, r = pcall(ffi.new, ty, 3, unpack(args, 1, n))
    else
      ok, r = pcall(ffi.new, ty, unpack(args, 1, n))
    end
    local out
    if ok then
      local ok2, d = pcall(dump, r, ty)
      out = ok2 and d or "dump error"
    else
      out = "ERR " .. tostring(r):gsub("^[^:]*:%d+: ", ""):gsub("to '[^']*' %(", "to '?' (")
    end
    -- LuaJIT leaves a VLA uninitialized past a table's elements and writes past its end when
    -- the table is longer (we zero and raise): not compared.
    if (ty == "int[?]" or ty == "struct vls") and type(args[1]) == "table" then out = "skip" end
    print(ty, init[1], out)
  end
end
