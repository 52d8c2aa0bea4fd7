// Shared by the benchmarks: one row format, and a median-of-rounds timer.

/** One measured operation next to its baseline from the same run, in ns per operation. */
export interface BenchRow {
  readonly name: string;
  readonly ns: number;
  readonly baseline: string;
  readonly baselineNs: number;
  readonly ratio: number;
}

/** Median ns per operation over `rounds` runs of `run()`, which performs `ops` operations. */
export function medianNs(run: () => void, ops: number, rounds = 5): number {
  run();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    run();
    samples.push(Number(process.hrtime.bigint() - start) / ops);
  }
  samples.sort((a, b) => a - b);
  return samples[rounds >> 1]!;
}

/** A row from a measurement and its baseline. */
export function row(name: string, ns: number, baseline: string, baselineNs: number): BenchRow {
  return { name, ns, baseline, baselineNs, ratio: ns / baselineNs };
}
