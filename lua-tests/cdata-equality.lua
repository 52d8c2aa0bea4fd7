-- portable
-- == on cdata never errors: numbers by value, pointers and aggregates by address (a struct
-- equals a pointer to it), ctype objects by type, NULL equals nil, anything else is false.
local ffi = require("ffi")

ffi.cdef[[ struct in { int a; }; struct out { struct in i; int arr[2]; }; ]]
local o = ffi.new("struct out")
local p = ffi.cast("struct out *", o)
print(o == o, o.i == o.i, o.arr == o.arr, o == p, p == o, o.arr == ffi.cast("int *", o.arr), o == ffi.new("struct out"))
print(ffi.new("int", 1) == ffi.new("int", 1), ffi.new("complex", 1) == ffi.new("complex", 1), ffi.new("complex", 1) == 1)
print(o == nil, o.arr == nil, ffi.typeof("int") == ffi.typeof("int"), ffi.typeof("int") == ffi.typeof("int *"))
print(ffi.typeof("int") == ffi.typeof("int32_t"), ffi.typeof("struct in") == ffi.typeof(o.i), ffi.typeof("int") == 0)
print(ffi.new("bool", true) == ffi.new("bool", true), ffi.new("int *") == ffi.new("int[1]"))
local f = ffi.cast("int (*)(int)", 0)
print(f == nil, f == ffi.cast("void *", 0), o == "x", o == {}, o == print, o == true)
print(o.arr < o.arr + 1, (pcall(function() return o < p end)))
local keys = {}
keys[o] = 1
print(keys[o], keys[p], keys[ffi.new("int", 1)])
