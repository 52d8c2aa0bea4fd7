-- Bad-input sweep: every ffi function called with wrong types, wrong counts, nil, NULL, huge and
-- negative sizes, unknown types and fields. Each call either succeeds or raises a Lua error whose
-- message is a string that reads like LuaJIT's (no leaked JavaScript exception), and the state
-- keeps working afterwards.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[ struct sweep { int a; double b; }; enum sweep_e { SW0, SW1 }; ]]

local NULL = ffi.new("void *")
local values = {
  { "nil", nil }, { "true", true }, { "0", 0 }, { "-1", -1 }, { "1.5", 1.5 }, { "2^31", 2^31 },
  { "2^53", 2^53 }, { "-2^63", -2^63 }, { "inf", 1/0 }, { "nan", 0/0 }, { "''", "" },
  { "'int'", "int" }, { "'int[?]'", "int[?]" }, { "'struct sweep'", "struct sweep" },
  { "'struct nosuch'", "struct nosuch" }, { "'x y z'", "x y z" }, { "'a'", "a" }, { "'le'", "le" },
  { "{}", {} }, { "{1,2}", {1, 2} }, { "print", print }, { "thread", coroutine.create(print) },
  { "io.stdout", io.stdout }, { "NULL", NULL }, { "int", ffi.new("int", 3) }, { "int64", ffi.new("int64_t", -5) },
  { "ctype", ffi.typeof("int") }, { "struct", ffi.new("struct sweep") }, { "int[4]", ffi.new("int[4]") },
  { "enum", ffi.new("enum sweep_e", 1) }, { "huge string", ("x"):rep(100000) },
}

-- A message that came from a JavaScript exception rather than from the ffi library.
local function leaked(msg)
  return msg:find("undefined") or msg:find("TypeError") or msg:find("RangeError") or msg:find("is not a function")
    or msg:find("Cannot read") or msg:find("Cannot convert") or msg:find("BigInt") or msg:find("Invalid array")
    or msg:find("Maximum call") or msg:find("%[object") or msg:find("invalid argument")
end

local calls, errors = 0, 0
local function try(name, fn, ...)
  calls = calls + 1
  local ok, err = pcall(fn, ...)
  if not ok then
    errors = errors + 1
    if type(err) ~= "string" then error(name .. ": error is a " .. type(err), 0) end
    if leaked(err) then error(name .. ": leaked JS error: " .. err, 0) end
  end
  return ok, err
end

-- Functions whose every argument combination is safe to try (no memory is touched).
local total = {
  "new", "typeof", "cast", "metatype", "sizeof", "alignof", "offsetof", "istype", "abi", "errno", "cdef",
}
for _, name in ipairs(total) do
  local fn = ffi[name]
  try(name, fn)
  for _, a in ipairs(values) do
    try(name, fn, a[2])
    for _, b in ipairs(values) do
      try(name, fn, a[2], b[2])
    end
  end
  -- a few three-argument calls
  for _, a in ipairs(values) do try(name, fn, "int[?]", 2, a[2]); try(name, fn, "struct sweep", 1, a[2]) end
end

-- string / copy / fill touch memory: pointers are NULL, a small buffer or wrong types, and
-- lengths are wrong types, negative, or fit the buffer.
local buf = ffi.new("char[8]", "abc")
local ptrs = { nil, NULL, buf, ffi.new("int", 1), "str", {}, 1, true, ffi.typeof("int"), ffi.new("struct sweep") }
local lens = { nil, -1, -2^31, 2^53, 1/0, 0/0, "x", {}, NULL, ffi.new("int64_t", -1), 0, 4 }
for i = 1, #ptrs + 1 do
  local p = ptrs[i]
  for j = 1, #lens + 1 do
    local n = lens[j]
    local big = (p == buf or type(p) == "string") and type(n) == "number" and n > 8
    if not big then
      try("string", ffi.string, p, n)
      try("fill", ffi.fill, p, n)
      try("fill", ffi.fill, p, n, "x")
      for k = 1, #ptrs + 1 do
        local q = ptrs[k]
        if not ((q == buf or type(q) == "string") and p == buf and type(n) == "number" and n > 4) then
          try("copy", ffi.copy, p, q, n)
        end
      end
    end
  end
end
try("string", ffi.string)
try("copy", ffi.copy)
try("fill", ffi.fill)

-- Unknown types and fields.
for _, ty in ipairs({ "struct nosuch", "nosuch_t", "int int", "int[-1]", "int[2^31]", "int x", "struct { int a; } b",
  "void (*)(int", "", " ", "\0", "int[?][?]", "union {", "enum nosuch", "unsigned double", "struct sweep.a" }) do
  try("new", ffi.new, ty)
  try("typeof", ffi.typeof, ty)
  try("sizeof", ffi.sizeof, ty)
  try("cast", ffi.cast, ty, 0)
end
for _, f in ipairs({ "nosuch", "", "a.b", "\0", 1, nil, {} }) do
  try("offsetof", ffi.offsetof, "struct sweep", f)
  try("index", function() return ffi.new("struct sweep")[f] end)
  try("newindex", function() ffi.new("struct sweep")[f] = 1 end)
end

-- Huge and negative sizes.
for _, n in ipairs({ -1, -2^31, 2^31, 2^32, 2^53, 1/0, 0/0, 2^31 - 1 }) do
  try("new", ffi.new, "char[?]", n)
  try("new", ffi.new, "struct { int n; char v[?]; }", n)
  try("sizeof", ffi.sizeof, "double[?]", n)
  try("typeof", ffi.typeof, "char[$]", n)
end
t.raises(function() ffi.new("int[?]", -1) end, "size of C type is unknown or too large")
t.raises(function() ffi.new("char[?]", 2^31) end, "size of C type is unknown or too large")
t.raises(function() ffi.new("char[2147483647]") end, "size of C type is unknown or too large")

-- The namespace and library loader.
try("C", function() return ffi.C[1] end)
try("C", function() return ffi.C[nil] end)
try("C", function() return ffi.C.nosuch end)
try("C", function() ffi.C.nosuch = 1 end)
try("load", ffi.load)
try("load", ffi.load, {})
try("load", ffi.load, "nosuch_library_xyz")
try("load", ffi.load, "")
try("load", ffi.load, "/nonexistent/lib.so")

t.ok(calls > 10000, "calls: " .. calls)
t.ok(errors > 5000, "errors: " .. errors)

-- The state keeps working.
local s = ffi.new("struct sweep", 1, 2.5)
t.eq(s.a, 1)
t.eq(s.b, 2.5)
t.eq(ffi.sizeof("struct sweep"), 16)
t.eq(tostring(ffi.new("int64_t", 5) + 1), "6LL")
ffi.cdef("struct after_sweep { int z; };")
t.eq(ffi.offsetof("struct after_sweep", "z"), 0)
