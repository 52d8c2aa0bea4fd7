/*
 * The gcc oracle: random struct/union declarations, laid out by gcc (compiled and run with
 * the system `cc`) and by layoutAggregate, must agree on every size, alignment, offset and
 * bit range. Deterministic by default; LAYOUT_SEEDS=1,2,3 (or LAYOUT_SEEDS=random) tries
 * others, LAYOUT_COUNT sets the number of declarations per seed.
 */

import { describe, expect, test } from "vitest";
import { Registry } from "./registry";
import { buildDecls } from "./testing/build-decls";
import { compareLayout } from "./testing/compare-layout";
import { gccLayouts } from "./testing/gcc-oracle";
import { LAYOUT_COUNT, LAYOUT_SEEDS } from "./testing/layout-seeds";
import { generateDecls } from "./testing/random-decls";

describe("layout agrees with gcc", () => {
  test.each(LAYOUT_SEEDS)("seed %i, layoutAggregate", (seed) => {
    const decls = generateDecls(seed, LAYOUT_COUNT);
    const gcc = gccLayouts(decls);
    const reg = new Registry();
    const ids = buildDecls(reg, decls);
    const mismatches = decls.flatMap((d) => compareLayout(reg, ids.get(d.tag)!, d, gcc.get(d.tag)!));
    const report = `${mismatches.length} mismatches with gcc, seed ${seed}:\n\n${mismatches.slice(0, 20).join("\n\n")}`;
    expect(mismatches.length, report).toBe(0);
  });
});
