// `npm run bench`: every benchmark, each operation next to its baseline measured in the same
// run, printed as a table (and written as JSON with --json FILE).
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { benchCall } from "./call";
import { benchCallback } from "./callback";
import { benchCdataAccess } from "./cdata-access";
import { benchCdef } from "./cdef";
import { benchFfiCall } from "./ffi-call";
import type { BenchRow } from "./measure";
import { benchThunkEntry } from "./thunk-entry";

// The first cdef must run first: it measures a parser nobody has warmed up yet.
const suites: [string, () => BenchRow[]][] = [
  ["cdef", benchCdef],
  ["cdata access", benchCdataAccess],
  ["calls from Lua", benchFfiCall],
  ["call thunks", benchCall],
  ["thunk entry", benchThunkEntry],
  ["callbacks", benchCallback],
];

const rows: (BenchRow & { suite: string })[] = [];
for (const [suite, run] of suites) for (const r of run()) rows.push({ suite, ...r });

const machine = `${cpus()[0]?.model ?? "?"} x${cpus().length}, Node ${process.version}`;
console.log(`machine: ${machine}\n`);
console.log("| benchmark | ns/op | baseline | baseline ns/op | ratio |");
console.log("| --- | ---: | --- | ---: | ---: |");
for (const r of rows) {
  console.log(
    `| ${r.name} | ${r.ns.toFixed(0)} | ${r.baseline} | ${r.baselineNs.toFixed(0)} | ${r.ratio.toFixed(2)}x |`,
  );
}
const jsonAt = process.argv.indexOf("--json");
if (jsonAt >= 0)
  writeFileSync(process.argv[jsonAt + 1] ?? "bench/results.json", JSON.stringify({ machine, rows }, null, 2));
