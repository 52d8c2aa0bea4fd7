/*
 * Real headers, checked against gcc: the preprocessed system headers parse in one cdef, and
 * every complete type they define (typedefs, struct/union tags, and the offsets of their
 * named members) has the size, alignment and offsets that gcc computes for the same text.
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { alignOf, FfiError, Registry, sizeOf } from "../ctype";
import { cdef, parseType } from ".";
import { preprocessedSystemHeaders } from "./system-headers";

let text = "";
let reg: Registry;
let predefined: Set<string>;

beforeAll(() => {
  text = preprocessedSystemHeaders();
  predefined = new Set(new Registry().typedefs.keys());
  reg = new Registry();
  cdef(reg, text);
});

/** Our answers and the C expressions gcc must agree with, keyed by a readable name. */
function probes(): { key: string; ours: number; c: string }[] {
  const out: { key: string; ours: number; c: string }[] = [];
  const add = (key: string, ours: number | undefined, c: string) => {
    if (ours !== undefined) out.push({ key, ours, c });
  };
  for (const [name, id] of reg.typedefs) {
    if (predefined.has(name)) continue;
    add(`sizeof(${name})`, sizeOf(reg, id), `sizeof(${name})`);
    if (sizeOf(reg, id) !== undefined) add(`alignof(${name})`, alignOf(reg, id), `_Alignof(${name})`);
  }
  for (const [tag, id] of reg.tags) {
    const t = reg.get(id);
    if (t.kind !== "struct" || !t.info.complete || tag === "__va_list_tag") continue;
    const spelled = `${t.info.union ? "union" : "struct"} ${tag}`;
    add(`sizeof(${spelled})`, sizeOf(reg, id), `sizeof(${spelled})`);
    add(`alignof(${spelled})`, alignOf(reg, id), `_Alignof(${spelled})`);
    for (const f of t.info.fields) {
      if (f.name !== undefined && f.bitsize === undefined) {
        add(`offsetof(${spelled}, ${f.name})`, f.offset, `__builtin_offsetof(${spelled}, ${f.name})`);
      }
    }
  }
  return out;
}

describe("preprocessed system headers", () => {
  test("parse in one cdef and declare what they should", () => {
    expect(text.length).toBeGreaterThan(100_000);
    for (const name of [
      "sqlite3_open",
      "deflate",
      "read",
      "open",
      "getaddrinfo",
      "aio_read",
      "mq_open",
      "__res_init",
    ]) {
      expect(reg.declaration(name)?.kind, name).toBe("func");
    }
    for (const t of ["z_stream", "Elf64_Ehdr", "WINDOW", "sqlite3_vfs", "fd_set", "pthread_mutex_t"]) {
      expect(reg.typedef(t), t).toBeDefined();
    }
    // _FILE_OFFSET_BITS=64 redirects through __asm__; a later redeclaration is ignored (LuaJIT).
    expect(reg.declaration("open")).toMatchObject({ symbol: "open64" });
    expect(reg.declaration("fscanf")).toMatchObject({ symbol: "fscanf" });
  });

  test("every complete type has gcc's size, alignment and member offsets", () => {
    const list = probes();
    expect(list.length).toBeGreaterThan(1000);
    const program = `${text}\nint main(void) {\n${list
      .map((p) => `  __builtin_printf("%lu\\n", (unsigned long)(${p.c}));`)
      .join("\n")}\n  return 0;\n}\n`;
    const dir = mkdtempSync(join(tmpdir(), "fengari-ffi-headers-"));
    try {
      const source = join(dir, "probe.c");
      const exe = join(dir, "probe");
      writeFileSync(source, program);
      execFileSync("cc", ["-m64", "-w", "-o", exe, source]);
      const gcc = execFileSync(exe, { encoding: "utf8" }).trim().split("\n").map(Number);
      const mismatches = list
        .filter((p, i) => gcc[i] !== p.ours)
        .map((p) => `${p.key}: ours ${p.ours}, gcc ${gcc[list.indexOf(p)]}`);
      expect(mismatches).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  test("with line markers (cc -E without -P) too, even inside declarations", () => {
    const marked = preprocessedSystemHeaders(true);
    expect(marked).toMatch(/^# \d+ "/m);
    const again = new Registry();
    cdef(again, marked);
    expect(again.count).toBe(reg.count);
    // Errors are positioned by the markers: the last one says `# N "<stdin>"`.
    expect(() => cdef(new Registry(), `${marked}\nint oops oops;`)).toThrow(
      /^';' expected near 'oops' at line \d+$/,
    );
  });

  test("with _GNU_SOURCE too: glibc then declares functions of gcc's _FloatN and _Complex _FloatN", () => {
    const source = "#include <math.h>\n#include <complex.h>\n#include <stdlib.h>\n";
    const gnu = execFileSync("cc", ["-E", "-P", "-m64", "-D_GNU_SOURCE", "-"], {
      input: source,
      encoding: "utf8",
    });
    expect(gnu).toMatch(/_Complex _Float32 cacosf32/);
    const r = new Registry();
    cdef(r, gnu);
    const cacosf32 = r.declaration("cacosf32");
    expect(cacosf32?.kind).toBe("func");
    const fn = r.get(cacosf32!.type);
    expect(fn.kind === "func" && [fn.ret, fn.params[0]?.type]).toEqual([
      r.ids.complexFloat,
      r.ids.complexFloat,
    ]);
    expect(sizeOf(r, parseType(r, "_Complex _Float64"))).toBe(16);
    expect(sizeOf(r, parseType(r, "_Complex _Float128"))).toBe(32);
  });

  test("a failing cdef after the headers leaves everything in place", () => {
    const count = reg.count;
    const decls = reg.declarations.size;
    expect(() => cdef(reg, "struct fresh { int x; }; typedef struct fresh F; int broken(;")).toThrow(
      FfiError,
    );
    expect(reg.count).toBe(count);
    expect(reg.declarations.size).toBe(decls);
    expect(() => parseType(reg, "struct fresh")).toThrow("undeclared or implicit tag 'fresh'");
  });
});
