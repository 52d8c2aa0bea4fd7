// The host API's per-state options: which libraries ffi.load may open, whether ffi.C exists,
// and the isolation of two states (two plugins never share declarations).
import { lua, to_jsstring } from "fengari";
import { describe, expect, it } from "vitest";
import { closeState, createState, LuaRunError, runLua } from "../src";

/** Runs `src` and returns its first result as a string (or the Lua error message). */
function run(L: ReturnType<typeof createState>, src: string): string {
  try {
    const n = runLua(L, src, "=plugin");
    const out = n > 0 ? to_jsstring(lua.lua_tostring(L, -n) ?? new Uint8Array()) : "";
    lua.lua_settop(L, 0);
    return out;
  } catch (e) {
    if (e instanceof LuaRunError) return `error: ${e.message}`;
    throw e;
  }
}

const LOAD_Z = `local ffi = require("ffi") ffi.cdef("const char *zlibVersion(void);")
  return ffi.string(ffi.load("z").zlibVersion())`;
const LOAD_SQLITE = `local ffi = require("ffi") return tostring(ffi.load("sqlite3"))`;

describe("host options", () => {
  it("allowLoad as a list opens only the listed libraries", () => {
    const L = createState({ allowLoad: ["z"] });
    expect(run(L, LOAD_Z)).toMatch(/^\d+\.\d+/);
    expect(run(L, LOAD_SQLITE)).toBe("error: plugin:1: ffi.load: the host does not allow loading 'sqlite3'");
    closeState(L);
  });

  it("allowLoad false refuses every library, a predicate decides per name", () => {
    const none = createState({ allowLoad: false });
    expect(run(none, LOAD_Z)).toContain("does not allow loading 'z'");
    closeState(none);
    const pred = createState({ allowLoad: (name) => name.startsWith("sq") });
    expect(run(pred, LOAD_SQLITE)).toMatch(/^userdata/);
    expect(run(pred, LOAD_Z)).toContain("does not allow loading 'z'");
    closeState(pred);
  });

  it("allowC false leaves ffi.C out; the default has it", () => {
    const noC = createState({ allowC: false });
    expect(run(noC, `return tostring(require("ffi").C)`)).toBe("nil");
    closeState(noC);
    const L = createState();
    expect(
      run(L, `local ffi = require("ffi") ffi.cdef("int abs(int);") return tostring(ffi.C.abs(-3))`),
    ).toBe("3");
    closeState(L);
  });

  it("globals: bit is a global as in LuaJIT, the table require returns; jit is not; false leaves bit to require", () => {
    const L = createState();
    expect(run(L, `return tostring(bit == require("bit") and bit.band(12, 10))`)).toBe("8");
    const jitIdiom = `local jit = require("jit") jit.opt.start("hotloop=10") jit.off() return tostring(jit.status())`;
    expect(run(L, jitIdiom)).toBe("false");
    expect(run(L, "return type(jit)")).toBe("nil");
    closeState(L);
    const bare = createState({ globals: false });
    expect(run(bare, `return type(bit) .. " " .. type(jit) .. " " .. type(require("bit").bor)`)).toBe(
      "nil nil function",
    );
    closeState(bare);
  });

  it("keeps two states' declarations apart", () => {
    const a = createState();
    const b = createState();
    expect(
      run(
        a,
        `local ffi = require("ffi") ffi.cdef("struct plugin_s { int a; };") return ffi.sizeof("struct plugin_s")`,
      ),
    ).toBe("4");
    expect(run(b, `local ffi = require("ffi") return tostring(pcall(ffi.sizeof, "struct plugin_s"))`)).toBe(
      "false",
    );
    expect(
      run(
        b,
        `local ffi = require("ffi") ffi.cdef("struct plugin_s { double a, b; };") return ffi.sizeof("struct plugin_s")`,
      ),
    ).toBe("16");
    expect(run(a, `return require("ffi").sizeof("struct plugin_s")`)).toBe("4");
    closeState(a);
    closeState(b);
  });
});
