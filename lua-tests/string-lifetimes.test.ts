// Native copies of Lua strings (fengari strings are not native memory) live as long as what
// points at them: a pointer or reference derived from a cast string, a pointer re-cast, a string
// stored through a pointer or reference into Lua-owned memory or into C memory, a struct copied
// with its pointer; so does the memory of a cdata a pointer or reference was made from. Each
// case keeps the pointer alive, runs V8's GC, and checks the copy survived and reads right.
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { lua } from "fengari";
import { describe, expect, it } from "vitest";
import { closeState, createState, getFfiState, runLua } from "../src/lua-bindings";

setFlagsFromString("--expose-gc");
const gc = runInNewContext("gc") as () => void;

async function collect(): Promise<void> {
  for (let i = 0; i < 6; i++) {
    gc();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

type State = ReturnType<typeof createState>;

/** WeakRefs to the buffers of every allocation of at least `min` bytes (the string copies). */
function track(L: State, min = 600): WeakRef<ArrayBuffer>[] {
  const memory = getFfiState(L).memory;
  const allocate = memory.allocate.bind(memory);
  const refs: WeakRef<ArrayBuffer>[] = [];
  memory.allocate = (size: number, align: number) => {
    const a = allocate(size, align);
    if (size >= min) refs.push(new WeakRef(a.keep));
    return a;
  };
  return refs;
}

function value(L: State, expr: string): string {
  runLua(L, `return tostring(${expr})`, "=expr");
  const v = lua.lua_tojsstring(L, -1) ?? "";
  lua.lua_pop(L, 1);
  return v;
}

/** Allocates and fills memory so that freed buffers would be reused and overwritten. */
const CHURN = `local ffi = require("ffi") churn = {}
  for i = 1, 200 do local b = ffi.new("char[1001]") ffi.fill(b, 1000, 90) churn[i] = b end`;

describe("string copies live as long as what points at them", () => {
  it("through pointer arithmetic and re-casts", async () => {
    const L = createState();
    const refs = track(L);
    runLua(
      L,
      `local ffi = require("ffi")
       p2 = ffi.cast("const char *", string.rep("A", 1000)) + 1
       q = ffi.cast("const uint8_t *", ffi.cast("const char *", string.rep("B", 1000)))`,
      "=t",
    );
    expect(refs.length).toBe(2);
    await collect();
    runLua(L, CHURN, "=churn");
    expect(refs.every((r) => r.deref() !== undefined)).toBe(true);
    expect(value(L, `require("ffi").string(p2, 4)`)).toBe("AAAA");
    expect(value(L, `require("ffi").string(q, 4)`)).toBe("BBBB");
    closeState(L);
  });

  it("stored through a pointer into Lua memory, into C memory, and copied with a struct", async () => {
    const L = createState();
    const refs = track(L, 900);
    runLua(
      L,
      `local ffi = require("ffi")
       ffi.cdef("struct lt_s { const char *name; char pad[600]; }; void *malloc(size_t); void free(void *);")
       buf = ffi.new("struct lt_s")
       do local p = ffi.cast("struct lt_s *", buf); p.name = string.rep("C", 1000) end
       c = ffi.cast("struct lt_s *", ffi.C.malloc(ffi.sizeof("struct lt_s")))
       c.name = string.rep("D", 1000)
       do local s = ffi.new("struct lt_s", { name = string.rep("E", 1000) }); s2 = ffi.new("struct lt_s", s) end`,
      "=t",
    );
    expect(refs.length).toBe(3);
    await collect();
    runLua(L, CHURN, "=churn");
    expect(refs.every((r) => r.deref() !== undefined)).toBe(true);
    expect(value(L, `require("ffi").string(buf.name, 3)`)).toBe("CCC");
    expect(value(L, `require("ffi").string(c.name, 3)`)).toBe("DDD");
    expect(value(L, `require("ffi").string(s2.name, 3)`)).toBe("EEE");
    runLua(L, `require("ffi").C.free(c)`, "=free");
    closeState(L);
  });

  it("behind references, and stored through a reference to Lua memory", async () => {
    const L = createState();
    const refs = track(L, 900);
    runLua(
      L,
      `local ffi = require("ffi")
       ffi.cdef("struct lt_r { const char *name; };")
       ra = ffi.cast("const char (&)[1000]", string.rep("F", 1000))
       rc = ffi.new("const char &", string.rep("G", 1000))
       buf = ffi.new("struct lt_r[1]")
       do local r = ffi.cast("struct lt_r &", buf); r.name = string.rep("H", 1000) end`,
      "=t",
    );
    expect(refs.length).toBe(3);
    await collect();
    runLua(L, CHURN, "=churn");
    expect(refs.every((r) => r.deref() !== undefined)).toBe(true);
    expect(value(L, `require("ffi").string(ra, 3)`)).toBe("FFF");
    expect(value(L, "rc + 0")).toBe("71LL");
    expect(value(L, `require("ffi").string(buf[0].name, 3)`)).toBe("HHH");
    closeState(L);
  });

  it("ffi.new of a pointer or reference keeps its source cdata, as ffi.cast does", async () => {
    const L = createState();
    const refs = track(L, 900);
    runLua(
      L,
      `local ffi = require("ffi")
       do local a = ffi.new("char[1000]", 73); p = ffi.new("char *", a) end
       do local a = ffi.new("char[1000]", 74); r = ffi.new("char &", a) end
       do local a = ffi.new("char[1000]", 75); c = ffi.cast("char *", a) end`,
      "=t",
    );
    expect(refs.length).toBe(3);
    await collect();
    runLua(L, CHURN, "=churn");
    expect(refs.every((r) => r.deref() !== undefined)).toBe(true);
    expect(value(L, "p[999]")).toBe("73");
    expect(value(L, "r + 0")).toBe("74LL");
    expect(value(L, "c[999]")).toBe("75");
    closeState(L);
  });

  it("a failed call gives its string copies back", () => {
    const L = createState();
    runLua(
      L,
      `local ffi = require("ffi")
       ffi.cdef("int strcmp(const char *, const char *);")
       for i = 1, 100 do pcall(ffi.C.strcmp, "abc", {}) end`,
      "=t",
    );
    expect(getFfiState(L).callScratch.length).toBe(0);
    closeState(L);
  });

  it("a finalizer failing with a non-UTF-8 message is reported, not thrown", () => {
    const L = createState();
    runLua(
      L,
      `local ffi = require("ffi") keep = ffi.gc(ffi.new("int[1]"), function() error("\\255") end)`,
      "=t",
    );
    expect(() => closeState(L)).not.toThrow();
  });
});
