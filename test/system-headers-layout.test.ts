/*
 * Real headers as a layout oracle: the preprocessed system headers of the issue (SQLite,
 * zlib, POSIX, ELF, curses, ...) are parsed by one `cdef`, and every complete struct, union
 * and typedef in them must have gcc's sizeof and alignment, and every named member of a
 * struct/union its offset (bitfields: their bit range). gcc is asked by compiling the very
 * text `cdef` read, followed by a `main` that uses only builtins (the headers' macros, such
 * as resolv.h's `#define p_type __p_type`, are gone from it). Lives outside src/ because it
 * spans ctype and ctype-parser.
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { alignOf, type CTypeId, findField, Registry, sizeOf } from "../src/ctype";
import { cdef } from "../src/ctype-parser";
import { preprocessedSystemHeaders } from "../src/ctype-parser/system-headers";

const CFLAGS = ["-m64", "-D_FILE_OFFSET_BITS=64"];

const headersAvailable = (() => {
  try {
    preprocessedSystemHeaders();
    return true;
  } catch {
    return false;
  }
})();

/** One C type to ask gcc about: its spelling, our id, and which members to probe. */
interface Subject {
  readonly spelling: string;
  readonly id: CTypeId;
  readonly members: readonly { name: string; bitfield: boolean }[];
}

function subjects(reg: Registry, text: string): Subject[] {
  const out: Subject[] = [];
  const add = (spelling: string, id: CTypeId) => {
    if (sizeOf(reg, id) === undefined) return;
    const t = reg.get(id);
    const members: { name: string; bitfield: boolean }[] = [];
    if (t.kind === "struct") {
      for (const f of t.info.fields) {
        if (f.name !== undefined) members.push({ name: f.name, bitfield: f.bitsize !== undefined });
      }
    }
    out.push({ spelling, id, members });
  };
  // Only names the headers declare: the registry also predefines a few of its own.
  for (const [tag, id] of reg.tags) {
    const t = reg.get(id);
    if (t.kind === "struct" && new RegExp(`\\b${tag}\\b`).test(text)) {
      add(`${t.info.union ? "union" : "struct"} ${tag}`, id);
    }
  }
  for (const [name, id] of reg.typedefs) {
    if (new RegExp(`\\b${name}\\s*;`).test(text)) add(name, id);
  }
  return out;
}

function gccAnswers(text: string, subjectList: readonly Subject[]): string[] {
  let main = "int main(void) {\n";
  for (const s of subjectList) {
    main += `  __builtin_printf("%zu %zu\\n", sizeof(${s.spelling}), __alignof__(${s.spelling}));\n`;
    for (const m of s.members) {
      main += m.bitfield
        ? `  BITS(${s.spelling}, ${m.name});\n`
        : `  __builtin_printf("%zu\\n", __builtin_offsetof(${s.spelling}, ${m.name}));\n`;
    }
  }
  main += "  return 0;\n}\n";
  const source = `${text}
#define BITS(T, P) do { union { T s; unsigned char b[sizeof(T)]; } u; long first = -1, last = -1; \\
  __builtin_memset(&u, 0, sizeof u); u.s.P = -1; \\
  for (unsigned long i = 0; i < sizeof u.b * 8; i++) \\
    if ((u.b[i / 8] >> (i % 8)) & 1) { if (first < 0) first = (long)i; last = (long)i; } \\
  __builtin_printf("%ld %ld\\n", first, last); } while (0)
${main}`;
  const dir = mkdtempSync(join(tmpdir(), "fengari-ffi-headers-"));
  try {
    const src = join(dir, "sizes.c");
    const exe = join(dir, "sizes");
    writeFileSync(src, source);
    execFileSync("cc", [...CFLAGS, "-w", "-O0", "-o", exe, src], { stdio: ["ignore", "ignore", "pipe"] });
    return execFileSync(exe, { encoding: "utf8", maxBuffer: 64 << 20 })
      .trimEnd()
      .split("\n");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe.skipIf(!headersAvailable)("system headers", () => {
  test("every complete type and member laid out as gcc does", () => {
    const text = preprocessedSystemHeaders();
    const reg = new Registry();
    cdef(reg, text);
    const list = subjects(reg, text);
    const lines = gccAnswers(text, list);
    const mismatches: string[] = [];
    let line = 0;
    for (const s of list) {
      const ours = `${sizeOf(reg, s.id)} ${alignOf(reg, s.id)}`;
      const theirs = lines[line++];
      if (ours !== theirs) mismatches.push(`${s.spelling}: sizeof/alignof ${ours}, gcc ${theirs}`);
      for (const m of s.members) {
        const f = findField(reg, s.id, m.name);
        let got = "missing";
        if (f !== undefined) {
          const first = f.offset * 8 + (f.field.bitpos ?? 0);
          got = m.bitfield ? `${first} ${first + (f.field.bitsize ?? 0) - 1}` : `${f.offset}`;
        }
        const want = lines[line++];
        if (got !== want) mismatches.push(`${s.spelling}.${m.name}: ${got}, gcc ${want}`);
      }
    }
    expect(list.length).toBeGreaterThan(300);
    expect(list.reduce((n, s) => n + s.members.length, 0)).toBeGreaterThan(1000);
    expect(mismatches.slice(0, 30).join("\n"), `${mismatches.length} mismatches`).toBe("");
  });
});
