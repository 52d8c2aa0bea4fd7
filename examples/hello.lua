-- hello.lua: call libc from Lua through fengari-ffi.
--   npx fengari-ffi examples/hello.lua
local ffi = require("ffi")

ffi.cdef[[
int printf(const char *fmt, ...);
int fflush(void *stream);
int snprintf(char *buf, size_t size, const char *fmt, ...);
size_t strlen(const char *s);
]]

-- printf writes through C's stdio; flush it so it shows before Lua's own print output.
ffi.C.printf("Hello from C, %s! %d + %d = %d\n", "Lua", ffi.new("int", 2), ffi.new("int", 3), ffi.new("int", 5))
ffi.C.fflush(nil)

local buf = ffi.new("char[64]")
local n = ffi.C.snprintf(buf, ffi.sizeof(buf), "pi is about %.5f", math.pi)
print(("%s (%d chars, strlen says %d)"):format(ffi.string(buf), n, tonumber(ffi.C.strlen(buf))))
