/*
 * Asks the system C compiler how it lays out a set of declarations.
 *
 * One C file defines them all and prints, per top-level declaration, `sizeof` and
 * `__alignof__`, `offsetof` of each probed ordinary member, and each probed bitfield's
 * absolute bit range. `__alignof__` is the alignment gcc lays out with; C11's `_Alignof`
 * reports the ABI minimum instead, capped at 16 for types like `vector_size(32)` that gcc
 * still places on 32-byte boundaries. The bit range is measured rather than computed: the bitfield is set to all
 * ones (`-1`; `1` for `_Bool`) inside a zeroed copy of the aggregate overlaid with a byte
 * array, and the lowest and highest set bits are read off the bytes (bit 0 = least
 * significant bit of the first byte, the x86-64 order).
 */

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { declText, PRELUDE, probes, type TopDecl } from "./random-decls";

/** gcc's answer for one top-level declaration. */
export interface GccLayout {
  readonly size: number;
  readonly align: number;
  /** Byte offset of each probed ordinary member, by dotted path. */
  readonly offsets: ReadonlyMap<string, number>;
  /** First and last bit of each probed bitfield, by dotted path. */
  readonly bits: ReadonlyMap<string, readonly [number, number]>;
}

const HELPERS = `#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
static void bits(const char *tag, const char *path, const unsigned char *b, size_t n) {
  long first = -1, last = -1;
  for (size_t i = 0; i < n * 8; i++)
    if ((b[i / 8] >> (i % 8)) & 1) { if (first < 0) first = (long)i; last = (long)i; }
  printf("B %s %s %ld %ld\\n", tag, path, first, last);
}
#define REC(tag, T) printf("R %s %zu %zu\\n", #tag, sizeof(T), __alignof__(T))
#define OFF(tag, T, P) printf("F %s %s %zu\\n", #tag, #P, offsetof(T, P))
#define BITS(tag, T, P) do { union { T s; unsigned char b[sizeof(T)]; } u; \\
  memset(&u, 0, sizeof u); u.s.P = -1; bits(#tag, #P, u.b, sizeof u.b); } while (0)
`;

/** The whole C program for `decls`. */
export function oracleProgram(decls: readonly TopDecl[]): string {
  let main = "int main(void) {\n";
  for (const d of decls) {
    const tag = d.tag;
    const type = `${d.union ? "union" : "struct"} ${tag}`;
    main += `  REC(${tag}, ${type});\n`;
    for (const p of probes(d)) {
      main += `  ${p.bitfield ? "BITS" : "OFF"}(${tag}, ${type}, ${p.path.join(".")});\n`;
    }
  }
  main += "  return 0;\n}\n";
  return `${HELPERS}${PRELUDE}${declText(decls, "c")}${main}`;
}

/** Compiles and runs the oracle program; gcc's layouts by tag. */
export function gccLayouts(decls: readonly TopDecl[]): Map<string, GccLayout> {
  const dir = mkdtempSync(join(tmpdir(), "fengari-ffi-layout-"));
  try {
    const src = join(dir, "layout.c");
    const exe = join(dir, "layout");
    writeFileSync(src, oracleProgram(decls));
    execFileSync("cc", ["-std=gnu11", "-w", "-O0", "-o", exe, src], { stdio: ["ignore", "ignore", "pipe"] });
    return parseOutput(execFileSync(exe, { encoding: "utf8", maxBuffer: 64 << 20 }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseOutput(text: string): Map<string, GccLayout> {
  type Building = {
    size: number;
    align: number;
    offsets: Map<string, number>;
    bits: Map<string, [number, number]>;
  };
  const out = new Map<string, Building>();
  for (const line of text.split("\n")) {
    const [kind, tag, a, b, c] = line.split(" ");
    if (kind === undefined || tag === undefined) continue;
    if (kind === "R")
      out.set(tag, { size: Number(a), align: Number(b), offsets: new Map(), bits: new Map() });
    else if (kind === "F") out.get(tag)?.offsets.set(a!, Number(b));
    else if (kind === "B") out.get(tag)?.bits.set(a!, [Number(b), Number(c)]);
  }
  return out;
}
