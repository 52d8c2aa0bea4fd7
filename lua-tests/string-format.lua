-- portable
-- string.format's %e %f %g print as C (and LuaJIT) print them: fengari-ffi's patch of fengari's lstrlib.
local fmts = {"%g","%.3g","%e","%.2e","%E","%f","%.2f","%10.3f","%-10.2f|","%+g","% g","%010.2f","%G","%#g","%.0f","%.0e","%g"}
local nums = {0.6000000000000001, 1/3, 1e20, 100000, 1e-5, 1000000, 123456789, 0, -0.0, -2.5, 1e300, 0.5, 1.5, 2.5, 1e-300, 99999.95}
for _, f in ipairs(fmts) do
  local out = {}
  for _, n in ipairs(nums) do out[#out+1] = string.format(f, n) end
  print(f, table.concat(out, " "))
end
print(string.format("%g %g %g", 1/0, -1/0, 0/0))
