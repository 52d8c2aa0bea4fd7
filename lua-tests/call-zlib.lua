-- portable
-- ffi.load("z"): compress2 / uncompress round trip, crc32, zlibVersion.
local ffi = require("ffi")
local t = require("helpers")
ffi.cdef[[
unsigned long compressBound(unsigned long sourceLen);
int compress2(uint8_t *dest, unsigned long *destLen, const uint8_t *source, unsigned long sourceLen, int level);
int uncompress(uint8_t *dest, unsigned long *destLen, const uint8_t *source, unsigned long sourceLen);
unsigned long crc32(unsigned long crc, const uint8_t *buf, unsigned int len);
const char *zlibVersion(void);
]]
local z = ffi.load("z")
local input = string.rep("fengari-ffi says hello to zlib. ", 200)
local bound = z.compressBound(#input)
local buf = ffi.new("uint8_t[?]", bound)
local buflen = ffi.new("unsigned long[1]", bound)
t.eq(z.compress2(buf, buflen, input, #input, 9), 0)
local clen = tonumber(buflen[0])
t.ok(clen < #input / 10, "compressed")
local out = ffi.new("uint8_t[?]", #input)
local outlen = ffi.new("unsigned long[1]", #input)
t.eq(z.uncompress(out, outlen, buf, clen), 0)
t.eq(tonumber(outlen[0]), #input)
t.eq(ffi.string(out, outlen[0]), input)
t.eq(z.crc32(0, "hello", 5), 907060870ULL)
print(clen, tonumber(outlen[0]), z.crc32(0, "hello", 5))
t.ok(ffi.string(z.zlibVersion()):match("^%d+%.%d+"))
t.raises(function() ffi.load("no_such_library_xyz") end, "no_such_library_xyz")
-- the GNU ld script libc.so is followed to the real library
local c = ffi.load("c")
ffi.cdef("int abs(int);")
t.eq(c.abs(-3), 3)
