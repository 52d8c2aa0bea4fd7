/*
 * The gcc layout oracle through the whole declaration pipeline: the random declarations of
 * src/ctype/testing are parsed by `cdef` (C parser + layout) and must agree with gcc on every
 * size, alignment, offset and bit range. src/ctype/layout-gcc.test.ts checks the layout
 * module alone on the same declarations; this file lives outside src/ because it spans two
 * layers. LAYOUT_SEEDS=1,2,3 (or LAYOUT_SEEDS=random) tries other seeds, LAYOUT_COUNT sets
 * the number of declarations per seed.
 */

import { describe, expect, test } from "vitest";
import { Registry } from "../src/ctype";
import { compareLayout } from "../src/ctype/testing/compare-layout";
import { gccLayouts } from "../src/ctype/testing/gcc-oracle";
import { LAYOUT_COUNT, LAYOUT_SEEDS } from "../src/ctype/testing/layout-seeds";
import { declText, generateDecls, PRELUDE } from "../src/ctype/testing/random-decls";
import { cdef } from "../src/ctype-parser";

describe("cdef layouts agree with gcc", () => {
  test.each(LAYOUT_SEEDS)("seed %i", (seed) => {
    const decls = generateDecls(seed, LAYOUT_COUNT);
    const gcc = gccLayouts(decls);
    const reg = new Registry();
    cdef(reg, PRELUDE + declText(decls, "cdef"));
    const mismatches = decls.flatMap((d) => {
      const id = reg.tag(d.tag);
      const want = gcc.get(d.tag);
      if (id === undefined || want === undefined) return [`${d.tag}: not declared`];
      return compareLayout(reg, id, d, want);
    });
    const report = `${mismatches.length} mismatches with gcc, seed ${seed}:\n\n${mismatches.slice(0, 20).join("\n\n")}`;
    expect(mismatches.length, report).toBe(0);
  });
});
