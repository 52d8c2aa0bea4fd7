-- vector.lua: a C struct with methods and operators (ffi.metatype).
--   npx fengari-ffi examples/vector.lua
local ffi = require("ffi")

ffi.cdef[[ typedef struct { double x, y; } vec2; ]]

local vec2
vec2 = ffi.metatype("vec2", {
  __add = function(a, b) return vec2(a.x + b.x, a.y + b.y) end,
  __sub = function(a, b) return vec2(a.x - b.x, a.y - b.y) end,
  __mul = function(a, k) return vec2(a.x * k, a.y * k) end,
  __eq = function(a, b) return a.x == b.x and a.y == b.y end,
  __len = function(a) return math.sqrt(a.x * a.x + a.y * a.y) end,
  __tostring = function(a) return ("vec2(%g, %g)"):format(a.x, a.y) end,
  __index = {
    dot = function(a, b) return a.x * b.x + a.y * b.y end,
    normalized = function(a) return a * (1 / #a) end,
  },
})

local a, b = vec2(3, 4), vec2(1, 2)
print("a = " .. tostring(a), "b = " .. tostring(b))
print("a + b = " .. tostring(a + b), "a - b = " .. tostring(a - b))
print("|a| = " .. #a, "a . b = " .. a:dot(b))
print("a normalized = " .. tostring(a:normalized()))
print("a == vec2(3, 4): " .. tostring(a == vec2(3, 4)))

-- an array of structs in one block of C memory
local n = 1000
local points = ffi.new("vec2[?]", n)
for i = 0, n - 1 do points[i].x, points[i].y = i, 2 * i end
local sum = vec2(0, 0)
for i = 0, n - 1 do sum = sum + points[i] end
print(("sum of %d points = %s (%d bytes)"):format(n, tostring(sum), ffi.sizeof(points)))
