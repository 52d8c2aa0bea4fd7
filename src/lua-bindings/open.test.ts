import { lauxlib, lua, to_jsstring } from "fengari";
import { describe, expect, it } from "vitest";
import { closeState, createState, openFfi } from "./open";
import { runLua } from "./run-lua";
import { FfiState, findFfiState, getFfiState } from "./state";

function evalString(L: ReturnType<typeof createState>, code: string): string {
  runLua(L, code, "=test");
  const s = to_jsstring(lauxlib.luaL_tolstring(L, -1));
  lua.lua_settop(L, 0);
  return s;
}

describe("openFfi / createState / closeState", () => {
  it("makes require('ffi'), require('bit') and require('jit') work, once per state", () => {
    const L = createState();
    expect(
      evalString(L, "return require('ffi') == require('ffi') and package.loaded.ffi == require('ffi')"),
    ).toBe("true");
    expect(
      evalString(L, "return type(require('bit').band) .. type(require('jit').off) .. tostring(jit)"),
    ).toBe("functionfunctionnil");
    expect(evalString(L, "return require('jit').status()")).toBe("false");
    closeState(L);
  });

  it("gives each state its own ffi state and ffi table", () => {
    const A = createState();
    const B = createState();
    expect(getFfiState(A)).not.toBe(getFfiState(B));
    evalString(A, "require('ffi').marker = 1 return true");
    expect(evalString(B, "return require('ffi').marker")).toBe("nil");
    const co = lua.lua_newthread(A);
    expect(getFfiState(co)).toBe(getFfiState(A));
    closeState(A);
    closeState(B);
  });

  it("reports os, arch and abi as LuaJIT does on x64 Linux", () => {
    const L = createState();
    if (process.platform === "linux" && process.arch === "x64") {
      expect(evalString(L, "local ffi = require('ffi') return ffi.os .. ' ' .. ffi.arch")).toBe("Linux x64");
      expect(
        evalString(
          L,
          `local ffi, t = require('ffi'), {}
           for _, p in ipairs{'32bit','64bit','le','be','fpu','softfp','hardfp','eabi','win','pauth','uwp','gc64','dualnum','bogus'} do
             t[#t + 1] = p .. '=' .. tostring(ffi.abi(p))
           end
           return table.concat(t, ' ')`,
        ),
      ).toBe(
        "32bit=false 64bit=true le=true be=false fpu=true softfp=false hardfp=true eabi=false win=false pauth=false uwp=false gc64=true dualnum=false bogus=false",
      );
    }
    expect(evalString(L, "return select(2, pcall(require('ffi').abi))")).toBe(
      "bad argument #1 to 'ffi.abi' (string expected, got no value)",
    );
    closeState(L);
  });

  it("keeps the host's options", () => {
    const L = createState({ allowLoad: ["z", "/usr/lib/libm.so.6"], allowC: false });
    const s = getFfiState(L);
    expect([s.mayLoad("z"), s.mayLoad("/usr/lib/libm.so.6"), s.mayLoad("m")]).toEqual([true, true, false]);
    expect(s.allowC).toBe(false);
    closeState(L);
    expect(new FfiState().mayLoad("anything")).toBe(true);
    expect(new FfiState({ allowLoad: false }).mayLoad("z")).toBe(false);
    expect(new FfiState({ allowLoad: (name) => name.startsWith("lib") }).mayLoad("libz.so")).toBe(true);
    expect(new FfiState().allowC).toBe(true);
  });

  it("refuses to open twice, and openFfi works on a bare state", () => {
    const L = lauxlib.luaL_newstate();
    expect(findFfiState(L)).toBeNull();
    expect(() => getFfiState(L)).toThrow(/not open/);
    openFfi(L);
    expect(() => openFfi(L)).toThrow(/already open/);
    lua.lua_settop(L, 0);
    closeState(L);
  });

  it("runs close hooks once, all of them, then rethrows the first failure", () => {
    const L = createState();
    const ran: string[] = [];
    const s = getFfiState(L);
    s.onClose(() => ran.push("a"));
    s.onClose(() => {
      ran.push("b");
      throw new Error("hook failed");
    });
    s.onClose(() => ran.push("c"));
    expect(() => closeState(L)).toThrow("hook failed");
    expect(ran).toEqual(["a", "b", "c"]);
    s.close();
    expect(ran).toEqual(["a", "b", "c"]);
  });
});
