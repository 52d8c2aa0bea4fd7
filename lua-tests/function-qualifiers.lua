-- portable
-- Qualifiers written on a function type: C has no qualified function types, and LuaJIT puts
-- them on the first pointer the declarator makes of the function (dropping them when there is
-- none), so `const F *` is `int (*const)()`. Found by src/ctype-parser/luajit-fuzz.test.ts.
local ffi = require("ffi")
local t = require("helpers")

ffi.cdef[[
typedef int fq_F(int);
typedef const fq_F fq_CF;
typedef fq_F const *fq_PCF;
typedef volatile fq_F * const fq_PCF3;
typedef const fq_F **fq_PPCF;
typedef const fq_F *fq_APCF[2];
typedef const fq_F &fq_RCF;
typedef __restrict fq_F *fq_RPF;
struct fq_s { const fq_F *m; int n; };
int fq_call(const fq_F *cb, const fq_F cb2);
]]

for _, ty in ipairs({ "fq_CF", "fq_PCF", "fq_PCF3", "fq_PPCF", "fq_APCF", "fq_RCF", "fq_RPF", "const fq_F *",
  "const fq_CF *", "const fq_PCF *", "const fq_F * volatile", "const fq_F (*)" }) do
  print(ty, tostring(ffi.typeof(ty)))
end
-- a function pointer member made const this way cannot be assigned
print(t.err(function() ffi.new("struct fq_s").m = nil end))
print(t.err(ffi.typeof, "const fq_F[2]"))
