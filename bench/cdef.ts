// cdef throughput on real declarations: the preprocessed system headers (sqlite3.h, zlib.h,
// unistd.h, ... about 150-190 KB of `cc -E -P` output) parsed in one cdef into a fresh
// registry. "first parse" is the first time this process parses that text, with the parser's
// code still cold (run by V8's interpreter until it has been compiled), which is what a plugin
// pays at startup; "warm" is the median of later parses (after some more that let V8 optimize
// the parser), each into a fresh registry. The baseline is LuaJIT's own ffi.cdef of the same
// text, timed inside a luajit process started for the purpose in the same run (its os.clock
// around the cdef, so process startup is not counted); without luajit on the machine,
// LuaJIT's figure measured on these machines, 67 MB/s.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Registry } from "../src/ctype";
import { cdef } from "../src/ctype-parser";
import { preprocessedSystemHeaders } from "../src/ctype-parser/system-headers";
import { type BenchRow, row } from "./measure";

const LUAJIT_BYTES_PER_SECOND = 67e6;

/** ns LuaJIT takes to cdef `text` (median of 5 fresh runs), or undefined without luajit. */
function luajitCdefNs(text: string): number | undefined {
  const dir = mkdtempSync(join(tmpdir(), "fengari-ffi-bench-"));
  const file = join(dir, "headers.h");
  const script = join(dir, "time-cdef.lua");
  writeFileSync(file, text);
  writeFileSync(
    script,
    `local f = io.open(arg[1]) local s = f:read("*a") f:close()
     local t0 = os.clock() require("ffi").cdef(s) io.write(os.clock() - t0)`,
  );
  try {
    const samples: number[] = [];
    for (let i = 0; i < 5; i++) {
      samples.push(Number(execFileSync("luajit", [script, file], { encoding: "utf8" })) * 1e9);
    }
    samples.sort((a, b) => a - b);
    return samples[2];
  } catch {
    return undefined;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const WARMUP_ROUNDS = 15;
const WARM_ROUNDS = 15;

function parseOnceNs(text: string): number {
  const reg = new Registry();
  const start = process.hrtime.bigint();
  cdef(reg, text);
  return Number(process.hrtime.bigint() - start);
}

/** First (cold) and warm cdef of the preprocessed system headers, in ns per whole text. */
export function benchCdef(): BenchRow[] {
  const text = preprocessedSystemHeaders();
  const bytes = Buffer.byteLength(text);
  const measured = luajitCdefNs(text);
  const luajitNs = measured ?? (bytes / LUAJIT_BYTES_PER_SECOND) * 1e9;
  const mbPerSecond = (ns: number) => (bytes / 1e6 / (ns / 1e9)).toFixed(1);
  const baseline =
    measured === undefined
      ? "LuaJIT on these machines, 67 MB/s"
      : `LuaJIT's ffi.cdef, ${mbPerSecond(measured)} MB/s`;
  const first = parseOnceNs(text);
  for (let i = 0; i < WARMUP_ROUNDS; i++) parseOnceNs(text);
  const samples: number[] = [];
  for (let i = 0; i < WARM_ROUNDS; i++) samples.push(parseOnceNs(text));
  samples.sort((a, b) => a - b);
  const warm = samples[WARM_ROUNDS >> 1]!;
  const kb = (bytes / 1024).toFixed(0);
  return [
    row(
      `cdef ${kb} KB of system headers, first parse: ${mbPerSecond(first)} MB/s`,
      first,
      baseline,
      luajitNs,
    ),
    row(`cdef ${kb} KB of system headers, warm: ${mbPerSecond(warm)} MB/s`, warm, baseline, luajitNs),
  ];
}
