-- The callback test library for the scripts in this folder: `local lib = require("lib")(...)`
-- with the script's arguments (the library path and its header, passed by callback.test.ts).
local ffi = require("ffi")
return function(path, header)
  ffi.cdef(header)
  return ffi.load(path)
end
