-- portable
-- Calls into libc and libm through ffi.C: integer and double arguments and results, strings in
-- and out, varargs with LuaJIT's promotions, end pointers, struct results, errno.
local ffi = require("ffi")
local t = require("helpers")
ffi.cdef[[
int abs(int);
long labs(long);
double pow(double, double);
float fabsf(float);
size_t strlen(const char *);
int snprintf(char *buf, size_t n, const char *fmt, ...);
double strtod(const char *s, char **end);
long strtol(const char *s, char **end, int base);
int atoi(const char *);
char *strcpy(char *dst, const char *src);
int strcmp(const char *, const char *);
void *memset(void *s, int c, size_t n);
int close(int fd);
typedef struct { long quot, rem; } ldiv_t;
ldiv_t ldiv(long a, long b);
typedef struct { int quot, rem; } div_t;
div_t div(int a, int b);
int toupper(int c);
]]
local C = ffi.C

t.eq(C.abs(-5), 5)
t.eq(C.abs(2147483647), 2147483647)
t.eq(C.labs(-7), 7LL)
t.eq(C.pow(2, 10), 1024)
t.eq(C.fabsf(-1.5), 1.5)
t.eq(C.strlen("hello"), 5ULL)
t.eq(C.atoi("  -42x"), -42)
t.eq(C.toupper(string.byte("a")), string.byte("A"))
print(C.abs(-5), C.pow(2, 0.5), C.strlen("hello"), C.labs(-7))

local buf = ffi.new("char[64]")
local n = C.snprintf(buf, 64, "%d|%s|%.3f|%ld|%c|%u", ffi.new("int", 42), "str", 3.14159, ffi.new("long", -7), ffi.new("char", 65), ffi.new("unsigned int", 4000000000))
print(n, ffi.string(buf))
t.eq(ffi.string(buf), "42|str|3.142|-7|A|4000000000")
-- a float cdata is promoted to double, a bool to int
C.snprintf(buf, 64, "%.1f %d", ffi.new("float", 2.5), true)
t.eq(ffi.string(buf), "2.5 1")

local e = ffi.new("char *[1]")
t.eq(C.strtod("12.5xyz", e), 12.5)
t.eq(ffi.string(e[0]), "xyz")
t.eq(C.strtol("ff;", e, 16), 255LL)
t.eq(ffi.string(e[0]), ";")

local dst = ffi.new("char[16]")
local r = C.strcpy(dst, "copy")
t.eq(ffi.string(r), "copy")
t.eq(r, ffi.cast("char *", dst))
t.ok(C.strcmp("a", "b") < 0)
C.memset(dst, 65, 3)
t.eq(ffi.string(dst, 4), "AAAy")

local q = C.ldiv(17, 5)
t.eq(q.quot, 3LL); t.eq(q.rem, 2LL)
local d = C.div(-17, 5)
t.eq(d.quot, -3); t.eq(d.rem, -2)
print(q.quot, q.rem, d.quot, d.rem)

t.eq(C.close(-1), -1)
t.eq(ffi.errno(), 9) -- EBADF
print(ffi.errno())

t.raises(function() C.abs() end, "wrong number of arguments")
t.raises(function() C.abs(1, 2) end, "wrong number of arguments")
t.raises(function() C.strlen(5) end, "cannot convert 'number' to 'const char %*'")
t.raises(function() return C.no_such_function end, "missing declaration for symbol 'no_such_function'")

-- Only a value that does not convert is a bad argument; other errors in an argument's
-- conversion (here a table initializer too long for a complex) are raised as they are.
ffi.cdef[[ double cabs(complex z); ]]
print(C.cabs({3, 4}), t.err(C.cabs, {3, 4, 5}), t.err(C.cabs, {"x"}), t.err(C.abs, "x"))
