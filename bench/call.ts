// Calls through src/jit's call thunks with the arguments written straight into the state block
// (what a marshaller specialised per signature does, minus the Lua side), against koffi's own
// `lib.func` call of the same C function in the same run (koffi's function declarations are
// allowed here only as this baseline; src/ never calls C that way). Each case has a loop of its
// own, so every call site stays monomorphic: V8 call-site polymorphism doubled thunk entry cost
// when one factory built all the marshallers.

import koffi from "koffi";
import { Registry } from "../src/ctype";
import { BLOCK_GPR, BLOCK_RET, BLOCK_XMM, compileCall } from "../src/jit";
import { DEFAULT_NAMESPACE, dlsym, readI32, writeI32 } from "../src/native";
import { type BenchRow, medianNs, row } from "./measure";

const N = 1_000_000;

function symbol(name: string): number {
  const address = dlsym(DEFAULT_NAMESPACE, name);
  if (address === undefined) throw new Error(`${name} not found`);
  return address;
}

/** abs(int) and pow(double, double) through thunks against koffi's lib.func, same run. */
export function benchCall(): BenchRow[] {
  const reg = new Registry();
  const { ids } = reg;
  const lib = koffi.load(null);

  const absType = reg.func(ids.int, [{ name: undefined, type: ids.int }], false, "cdecl");
  const absThunk = compileCall(reg, absType, symbol("abs"));
  const koffiAbs = lib.func("int abs(int)") as (x: number) => number;
  const koffiAbsNs = medianNs(() => {
    let sum = 0;
    for (let i = 0; i < N; i++) sum += koffiAbs(-i);
    if (sum < 0) throw new Error("unreachable");
  }, N);

  const absI32 = new Int32Array(absThunk.memory);
  const absEnter = absThunk.enter;
  const absArg = BLOCK_GPR / 4;
  const absRet = BLOCK_RET / 4;
  const absNs = medianNs(() => {
    let sum = 0;
    for (let i = 0; i < N; i++) {
      absI32[absArg] = -i;
      absEnter();
      sum += absI32[absRet]!;
    }
    if (sum < 0) throw new Error("unreachable");
  }, N);

  const absBlock = absThunk.block;
  const absWindowNs = medianNs(() => {
    let sum = 0;
    for (let i = 0; i < N; i++) {
      writeI32(absBlock + BLOCK_GPR, -i);
      absEnter();
      sum += readI32(absBlock + BLOCK_RET);
    }
    if (sum < 0) throw new Error("unreachable");
  }, N);

  const powParams = [
    { name: undefined, type: ids.double },
    { name: undefined, type: ids.double },
  ];
  const powThunk = compileCall(reg, reg.func(ids.double, powParams, false, "cdecl"), symbol("pow"));
  const koffiPow = lib.func("double pow(double, double)") as (x: number, y: number) => number;
  const koffiPowNs = medianNs(() => {
    let sum = 0;
    for (let i = 0; i < N; i++) sum += koffiPow(1.0001, i & 1023);
    if (sum < 0) throw new Error("unreachable");
  }, N);

  const powF64 = new Float64Array(powThunk.memory);
  const powEnter = powThunk.enter;
  const powX = BLOCK_XMM / 8;
  const powY = BLOCK_XMM / 8 + 1;
  const powRet = BLOCK_RET / 8 + 2; // xmm0
  const powNs = medianNs(() => {
    let sum = 0;
    for (let i = 0; i < N; i++) {
      powF64[powX] = 1.0001;
      powF64[powY] = i & 1023;
      powEnter();
      sum += powF64[powRet]!;
    }
    if (sum < 0) throw new Error("unreachable");
  }, N);

  return [
    row("abs(int): thunk, typed-array block writes", absNs, "koffi lib.func abs(int)", koffiAbsNs),
    row("abs(int): thunk, memory-window block writes", absWindowNs, "koffi lib.func abs(int)", koffiAbsNs),
    row("pow(double, double): thunk, typed-array block writes", powNs, "koffi lib.func pow", koffiPowNs),
  ];
}
