// cdef throughput on real declarations: the preprocessed system headers (sqlite3.h, zlib.h,
// unistd.h, ... about 150-190 KB) parsed in one cdef into a fresh registry. "first" is the
// first parse in the process, with the parser's code still cold, which is what a plugin pays
// at startup; "warm" is the median of later parses, each into a fresh registry. LuaJIT parses
// the same text at about 67 MB/s on these machines.

import { Registry } from "../src/ctype";
import { cdef } from "../src/ctype-parser";
import { preprocessedSystemHeaders } from "../src/ctype-parser/system-headers";

/** One cdef measurement: ns for the whole text, and the throughput in MB/s in `note`. */
export interface CdefBenchResult {
  readonly name: string;
  readonly ns: number;
  readonly mbPerSecond: number;
  readonly note: string;
}

const LUAJIT_MB_PER_SECOND = 67;
const WARM_ROUNDS = 15;

function parseOnceNs(text: string): number {
  const reg = new Registry();
  const start = process.hrtime.bigint();
  cdef(reg, text);
  return Number(process.hrtime.bigint() - start);
}

/** First (cold) and warm cdef of the preprocessed headers, each into a fresh registry. */
export function benchCdef(): CdefBenchResult[] {
  const text = preprocessedSystemHeaders();
  const bytes = Buffer.byteLength(text);
  const result = (name: string, ns: number): CdefBenchResult => {
    const mbPerSecond = bytes / 1e6 / (ns / 1e9);
    const note = `${(bytes / 1024).toFixed(0)} KB at ${mbPerSecond.toFixed(1)} MB/s (LuaJIT ~${LUAJIT_MB_PER_SECOND} MB/s)`;
    return { name, ns, mbPerSecond, note };
  };
  const first = parseOnceNs(text);
  const samples: number[] = [];
  for (let i = 0; i < WARM_ROUNDS; i++) samples.push(parseOnceNs(text));
  samples.sort((a, b) => a - b);
  return [
    result("cdef system headers, first parse", first),
    result("cdef system headers, warm", samples[WARM_ROUNDS >> 1]!),
  ];
}
