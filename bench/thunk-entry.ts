// What entering JIT'd code costs, measured against koffi's own call of `int abs(int)` in the same
// run: the floor of every ffi call (a bare `ret` entered as `void(void)`), a whole `abs` call
// through a thunk with its state block address baked in (the shape of src/jit's call thunks),
// and one native load through a cached memory window against a DataView over a JS buffer (the
// floor) and against koffi.decode.int32 (what code without the windows would call).

import koffi from "koffi";
import { Assembler, EAX, EDI, mem, processMcodeArea, RAX, RBX } from "../src/jit";
import { addressOf, DEFAULT_NAMESPACE, dlsym, enterableThunk, readI32 } from "../src/native";

/** One measured operation next to its baseline, in nanoseconds per operation. */
export interface BenchResult {
  readonly name: string;
  readonly ns: number;
  readonly baseline: string;
  readonly baselineNs: number;
  readonly ratio: number;
}

const ROUNDS = 7;

/** Median ns per iteration of `body(n)`, which runs n iterations itself (no closure per op). */
function measure(body: (n: number) => void, iterations: number): number {
  body(Math.min(iterations, 20_000));
  const samples: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const start = process.hrtime.bigint();
    body(iterations);
    samples.push(Number(process.hrtime.bigint() - start) / iterations);
  }
  samples.sort((a, b) => a - b);
  return samples[ROUNDS >> 1]!;
}

function bareRetThunk(): () => void {
  const a = new Assembler();
  a.ret();
  return enterableThunk(processMcodeArea().emit(a, "bench-ret").address);
}

function absThunk(state: number, abs: number): () => void {
  const a = new Assembler();
  a.pushReg(RBX);
  a.movRegImm64(RBX, state);
  a.movRegMem(EDI, mem(RBX));
  a.movRegImm64(RAX, abs);
  a.callReg(RAX);
  a.movMemReg(mem(RBX, 4), EAX);
  a.popReg(RBX);
  a.ret();
  return enterableThunk(processMcodeArea().emit(a, "bench-abs").address);
}

/** Thunk entry, a baked-thunk abs call and a window load, each against a baseline of the same run. */
export function benchThunkEntry(iterations = 1_000_000): BenchResult[] {
  const absAddress = dlsym(DEFAULT_NAMESPACE, "abs");
  if (absAddress === undefined) throw new Error("abs not found");
  const koffiAbs = koffi.load(null).func("int abs(int)") as (x: number) => number;
  const koffiNs = measure((n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += koffiAbs(-i);
    if (sum < 0) throw new Error("unreachable");
  }, iterations);

  const ret = bareRetThunk();
  const retNs = measure((n) => {
    for (let i = 0; i < n; i++) ret();
  }, iterations);

  const state = new Int32Array(2);
  const abs = absThunk(addressOf(state), absAddress);
  const absNs = measure((n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) {
      state[0] = -i;
      abs();
      sum += state[1]!;
    }
    if (sum < 0) throw new Error("unreachable");
  }, iterations);

  const buffer = new ArrayBuffer(64);
  const view = new DataView(buffer);
  const at = addressOf(buffer);
  const windowNs = measure((n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += readI32(at + (i & 15) * 4);
    if (sum === 0.5) throw new Error("unreachable");
  }, iterations * 10);
  const dataViewNs = measure((n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += view.getInt32((i & 15) * 4, true);
    if (sum === 0.5) throw new Error("unreachable");
  }, iterations * 10);

  const pointer = BigInt(at);
  const decodeNs = measure((n) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += koffi.decode.int32(pointer) as number;
    if (sum === 0.5) throw new Error("unreachable");
  }, iterations);

  const row = (name: string, ns: number, baseline: string, baselineNs: number): BenchResult => ({
    name,
    ns,
    baseline,
    baselineNs,
    ratio: ns / baselineNs,
  });
  return [
    row("enter a bare `ret` thunk", retNs, "koffi lib.func abs(int)", koffiNs),
    row("abs(int) through a baked thunk", absNs, "koffi lib.func abs(int)", koffiNs),
    row("readI32 through a memory window", windowNs, "DataView.getInt32 on a JS buffer", dataViewNs),
    row("readI32 through a memory window", windowNs, "koffi.decode.int32(pointer)", decodeNs),
  ];
}
