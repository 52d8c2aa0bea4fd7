-- zlib.lua: compress and decompress a string with the system's zlib.
--   npx fengari-ffi examples/zlib.lua [text]
local ffi = require("ffi")

ffi.cdef[[
unsigned long compressBound(unsigned long sourceLen);
int compress2(uint8_t *dest, unsigned long *destLen, const uint8_t *source, unsigned long sourceLen, int level);
int uncompress(uint8_t *dest, unsigned long *destLen, const uint8_t *source, unsigned long sourceLen);
const char *zlibVersion(void);
]]
local zlib = ffi.load("z")

local function compress(s)
  local n = zlib.compressBound(#s)
  local buf = ffi.new("uint8_t[?]", n)
  local len = ffi.new("unsigned long[1]", n)
  assert(zlib.compress2(buf, len, s, #s, 9) == 0, "compress2 failed")
  return ffi.string(buf, len[0])
end

local function uncompress(c, size)
  local buf = ffi.new("uint8_t[?]", size)
  local len = ffi.new("unsigned long[1]", size)
  assert(zlib.uncompress(buf, len, c, #c) == 0, "uncompress failed")
  return ffi.string(buf, len[0])
end

local text = arg and arg[1] or string.rep("fengari-ffi brings LuaJIT's ffi to fengari. ", 50)
local packed = compress(text)
assert(uncompress(packed, #text) == text)
print(("zlib %s: %d bytes -> %d bytes, round trip ok"):format(ffi.string(zlib.zlibVersion()), #text, #packed))
