/*
 * The System V ABI matrix through real C functions: signatures declared with fengari-ffi's own
 * `cdef` (lua-tests/native/abi.h), planned by src/jit/sysv.ts, called through thunks compiled
 * by src/jit/call-thunk.ts into lua-tests/native/abi.c built with the system `cc`. gcc compiled
 * the callees, so a wrong plan shows up as a wrong value recorded on the C side or returned.
 * The register spy (abi_spy, assembly) shows what the thunk itself put in every register and
 * stack word, AL and the stack alignment. A small marshaller below stands in for the Lua
 * bindings': scalars are written whole into their eightbyte (sign- or zero-extended), and
 * aggregates are copied part by part. Lives outside src/ because it spans the parser and the JIT.
 */

import { beforeAll, describe, expect, it } from "vitest";
import { buildTestLib, testLibHeader } from "../lua-tests/native/build";
import { type CTypeId, Registry, sizeOf } from "../src/ctype";
import { cdef } from "../src/ctype-parser";
import {
  argSlot,
  BLOCK_GPR,
  BLOCK_RET,
  BLOCK_STACK,
  BLOCK_XMM,
  type CallThunk,
  compileCall,
  retSlot,
} from "../src/jit";
import {
  addressOf,
  dlopen,
  dlsym,
  type LibraryHandle,
  readBytes,
  readF64,
  readI32,
  readI64,
  readPtr,
  readU64,
  writeBytes,
} from "../src/native";

/** An argument or result: a number or bigint for scalars, the raw bytes of an aggregate. */
type Value = number | bigint | Uint8Array;

const SPY_DECLS = `
  void spy_mixed(char a, unsigned short b, double c, float d, abi_fid e, long f, abi_dd g, int h,
                 abi_lll i, double j, double k, double l, double m, double n, abi_dd o, double p,
                 long q, long r, abi_ll s, long t) __asm__("abi_spy");
  void spy_long(long a1, long a2, long a3, long a4, long a5, long a6, long a7, long a8, long a9,
                long a10, long a11, long a12, long a13, long a14, long a15, long a16, long a17,
                long a18, long a19, long a20, abi_big big) __asm__("abi_spy");
  void spy_va(int n, ...) __asm__("abi_spy");
  abi_lll spy_sret(long a) __asm__("abi_spy");
  void spy_a64(long a1, long a2, long a3, long a4, long a5, long a6, long a7, abi_a64 s, long z) __asm__("abi_spy");
`;

let reg: Registry;
let lib: LibraryHandle;

function sym(name: string): number {
  const address = dlsym(lib, name);
  if (address === undefined) throw new Error(`no symbol ${name}`);
  return address;
}

/** The thunk for a declared function (its `__asm__` symbol if redirected). */
function thunkOf(name: string, varargs: readonly CTypeId[] = []): CallThunk {
  const decl = reg.declaration(name);
  if (decl?.kind !== "func") throw new Error(`${name} is not a declared function`);
  return compileCall(reg, decl.type, sym(decl.symbol), varargs);
}

function writeScalar(v: DataView, at: number, id: CTypeId, value: number | bigint): void {
  const t = reg.get(id);
  switch (t.kind) {
    case "float":
      if (t.size === 4) {
        v.setBigUint64(at, 0n, true);
        v.setFloat32(at, Number(value), true);
      } else v.setFloat64(at, Number(value), true);
      return;
    case "ptr":
      v.setBigUint64(at, BigInt(value), true);
      return;
    default: {
      // Integers, bool and enums fill the whole eightbyte, extended per their signedness.
      const unsigned = (t.kind === "int" && t.unsigned) || t.kind === "bool";
      if (unsigned) v.setBigUint64(at, BigInt.asUintN(64, BigInt(value)), true);
      else v.setBigInt64(at, BigInt.asIntN(64, BigInt(value)), true);
    }
  }
}

function readScalar(v: DataView, at: number, id: CTypeId): number | bigint {
  const t = reg.get(id);
  switch (t.kind) {
    case "bool":
      return v.getUint8(at) !== 0 ? 1 : 0;
    case "float":
      return t.size === 4 ? v.getFloat32(at, true) : v.getFloat64(at, true);
    case "ptr":
      return Number(v.getBigUint64(at, true));
    case "enum":
      return readScalar(v, at, t.info.underlying);
    case "int":
      // Only the low bits of a result register are defined: narrow to the type.
      switch (t.size) {
        case 1:
          return t.unsigned ? v.getUint8(at) : v.getInt8(at);
        case 2:
          return t.unsigned ? v.getUint16(at, true) : v.getInt16(at, true);
        case 4:
          return t.unsigned ? v.getUint32(at, true) : v.getInt32(at, true);
        default:
          return t.unsigned ? v.getBigUint64(at, true) : v.getBigInt64(at, true);
      }
    default:
      throw new Error(`not a scalar: ${t.kind}`);
  }
}

/** Calls `thunk` with `values` and returns its result (undefined for void). */
function invoke(thunk: CallThunk, values: readonly Value[]): Value | undefined {
  const v = new DataView(thunk.memory);
  const { plan } = thunk;
  expect(values.length).toBe(plan.args.length);
  plan.args.forEach((arg, i) => {
    const value = values[i]!;
    if (value instanceof Uint8Array) {
      for (const part of arg.parts) {
        new Uint8Array(thunk.memory, argSlot(part), part.size).set(
          value.subarray(part.offset, part.offset + part.size),
        );
      }
    } else {
      writeScalar(v, argSlot(arg.parts[0]!), arg.type, value);
    }
  });
  const { ret } = plan;
  if (ret.kind === "void") {
    thunk.enter();
    return undefined;
  }
  if (ret.kind === "sret") {
    const out = new Uint8Array(ret.size);
    v.setBigUint64(BLOCK_GPR, BigInt(addressOf(out)), true);
    thunk.enter();
    expect(Number(v.getBigUint64(BLOCK_RET, true))).toBe(addressOf(out)); // sret comes back in rax
    return out;
  }
  thunk.enter();
  const t = reg.get(ret.type);
  if (t.kind === "struct" || t.kind === "complex") {
    const out = new Uint8Array(sizeOf(reg, ret.type)!);
    for (const part of ret.parts)
      out.set(new Uint8Array(thunk.memory, retSlot(part), part.size), part.offset);
    return out;
  }
  return readScalar(v, retSlot(ret.parts[0]!), ret.type);
}

function call(name: string, ...values: Value[]): Value | undefined {
  return invoke(thunkOf(name), values);
}

function callVa(name: string, varargs: readonly CTypeId[], ...values: Value[]): Value | undefined {
  return invoke(thunkOf(name, varargs), values);
}

const recI = (k: number): bigint => readI64(sym("abi_rec_i") + 8 * k);
const recU = (k: number): bigint => readU64(sym("abi_rec_i") + 8 * k);
const recD = (k: number): number => readF64(sym("abi_rec_d") + 8 * k);
function recBytes(): Uint8Array {
  return readBytes(sym("abi_rec_bytes"), readI32(sym("abi_rec_size")));
}
function clearRecords(): void {
  writeBytes(sym("abi_rec_i"), new Uint8Array(256));
  writeBytes(sym("abi_rec_d"), new Uint8Array(256));
  writeBytes(sym("abi_rec_bytes"), new Uint8Array(256));
  writeBytes(sym("abi_rec_size"), new Uint8Array(4));
}

function cString(text: string): Uint8Array {
  return new TextEncoder().encode(`${text}\0`);
}
const f32 = (...xs: number[]): Uint8Array => new Uint8Array(new Float32Array(xs).buffer);
const f64 = (...xs: number[]): Uint8Array => new Uint8Array(new Float64Array(xs).buffer);
function i64s(...xs: bigint[]): Uint8Array {
  return new Uint8Array(new BigInt64Array(xs).buffer);
}
function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

describe("System V ABI matrix through gcc-compiled callees", () => {
  beforeAll(() => {
    reg = new Registry();
    cdef(reg, testLibHeader());
    cdef(reg, SPY_DECLS);
    lib = dlopen(buildTestLib());
  });

  describe("integers of every width", () => {
    const cases: [string, (number | bigint)[]][] = [
      ["char", [-128, -1, 0, 127]],
      ["schar", [-128, 5, 127]],
      ["uchar", [0, 200, 255]],
      ["short", [-32768, -2, 32767]],
      ["ushort", [0, 40000, 65535]],
      ["int", [-(2 ** 31), -1, 2 ** 31 - 1]],
      ["uint", [0, 2 ** 31, 2 ** 32 - 1]],
      ["long", [-(2n ** 63n), -1n, 2n ** 63n - 1n]],
      ["ulong", [0n, 2n ** 63n, 2n ** 64n - 1n]],
      ["llong", [-(2n ** 63n), 123456789012345n]],
      ["ullong", [2n ** 64n - 1n, 2n ** 53n + 1n]],
      ["int8", [-128, 127]],
      ["uint16", [65535, 1]],
      ["int64", [-(2n ** 62n), 2n ** 63n - 1n]],
      ["bool", [0, 1]],
    ];
    it.each(cases)("passes and returns %s", (name, values) => {
      for (const x of values) {
        clearRecords();
        expect(call(`abi_id_${name}`, x)).toBe(x);
        const unsigned = typeof x === "bigint" && x >= 2n ** 63n;
        expect(unsigned ? recU(0) : recI(0)).toBe(BigInt(x));
      }
    });

    it.each([
      ["abi_narrow_char", 0x1ff, -1],
      ["abi_narrow_char", 0x17f, 127],
      ["abi_narrow_uchar", 0x1ff, 255],
      ["abi_narrow_uchar", -1, 255],
      ["abi_narrow_short", 0x18000, -32768],
      ["abi_narrow_ushort", -1, 65535],
      ["abi_narrow_int", 0x180000000n, -(2 ** 31)],
      ["abi_narrow_uint", -1n, 2 ** 32 - 1],
      ["abi_nonzero", 256, 1],
      ["abi_nonzero", 0, 0],
    ] as const)("narrows the result of %s(%s) to %s", (name, arg, expected) => {
      expect(call(name, arg)).toBe(expected);
    });

    it.each([
      ["abi_widen_char", -5, -5],
      ["abi_widen_uchar", 200, 200],
      ["abi_widen_short", -300, -300],
      ["abi_widen_ushort", 60000, 60000],
      ["abi_widen_int", -7, -7n],
      ["abi_widen_uint", 2 ** 32 - 1, 2n ** 32n - 1n],
    ] as const)("%s(%s) == %s", (name, arg, expected) => {
      expect(call(name, arg)).toBe(expected);
    });
  });

  describe("enums, pointers, float and double", () => {
    it("passes and returns enums (signed and unsigned underlying types)", () => {
      expect(call("abi_next_color", 1)).toBe(2);
      expect(call("abi_next_color", 2)).toBe(-3);
      expect(recI(0)).toBe(2n);
      expect(call("abi_next_color", -3)).toBe(1);
      expect(call("abi_id_big_enum", 4000000000)).toBe(4000000000);
      expect(recI(0)).toBe(4000000000n);
    });

    it("passes and returns pointers, including function pointers", () => {
      expect(call("abi_ptr_add", 0x7f0012345678, -0x5678)).toBe(0x7f0012340000);
      const text = cString("hello");
      expect(call("abi_strchr", addressOf(text), "l".charCodeAt(0))).toBe(addressOf(text) + 2);
      expect(call("abi_strchr", addressOf(text), "z".charCodeAt(0))).toBe(0);
      const triple = call("abi_get_callback") as number;
      expect(call("abi_call_callback", triple, 5)).toBe(16);
      expect(call("abi_call_callback", sym("abi_widen_short"), -9)).toBe(-8);
    });

    it("passes and returns float and double", () => {
      expect(call("abi_fadd", 1.5, 2.25)).toBe(3.75);
      expect([recD(0), recD(1)]).toEqual([1.5, 2.25]);
      expect(call("abi_dmul", 1e300, -1e-300)).toBeCloseTo(-1, 12);
      expect(call("abi_f2d", 0.1)).toBe(Math.fround(0.1));
      expect(call("abi_d2f", 0.1)).toBe(Math.fround(0.1));
    });
  });

  describe("argument lists of 0 to 20 arguments", () => {
    const weighted = (xs: readonly number[]): number => xs.reduce((s, x, i) => s + x * (i + 1), 0);

    it("calls a function without arguments", () => {
      expect(call("abi_args0")).toBe(42);
    });

    it.each([6, 7, 20])("passes %i integers (registers, then the stack)", (n) => {
      clearRecords();
      const xs = Array.from({ length: n }, (_, i) => (i % 2 === 0 ? 1 : -1) * (1000 * (i + 1) + i));
      expect(call(`abi_ints${n}`, ...xs)).toBe(BigInt(weighted(xs)));
      for (let i = 0; i < n; i++) expect(recI(i)).toBe(BigInt(xs[i]!));
    });

    it.each([8, 9, 20])("passes %i doubles (xmm0..7, then the stack)", (n) => {
      clearRecords();
      const xs = Array.from({ length: n }, (_, i) => (i + 1) * 1.5 * (i % 3 === 0 ? -1 : 1));
      expect(call(`abi_doubles${n}`, ...xs)).toBe(weighted(xs));
      for (let i = 0; i < n; i++) expect(recD(i)).toBe(xs[i]);
    });

    it("passes 20 mixed integers and floating-point values of every width", () => {
      clearRecords();
      const xs = [
        -5,
        2.5,
        -100,
        0.75,
        -(2 ** 40),
        1e10,
        -30000,
        -0.5,
        4000000000,
        3.25,
        2 ** 50,
        1.5,
        250,
        -8.5,
        77,
        6.25,
        65000,
        1e-3,
        -99,
        12.5,
      ];
      const floats = new Set([1, 3, 5, 7, 9, 11, 13, 15, 17, 19]);
      const sum = call("abi_mixed20", ...xs) as number;
      expect(sum).toBeCloseTo(
        xs.reduce((s, x) => s + x, 0),
        0,
      );
      xs.forEach((x, i) => {
        if (floats.has(i)) expect(recD(i)).toBe(x);
        else expect(recI(i)).toBe(BigInt(x));
      });
    });

    it("passes 10 floats then 8 integers of every width (both register files spill)", () => {
      clearRecords();
      const floats = [1.5, -2.5, 3.5, -4.5, 5.5, -6.5, 7.5, -8.5, 9.5, -10.5];
      const ints = [-7, -300, -70000, -(2 ** 35), 255, 65535, 2 ** 32 - 1, 2 ** 52];
      const sum = call("abi_floats_then_ints", ...floats, ...ints) as number;
      expect(sum).toBe([...floats, ...ints].reduce((s, x) => s + x, 0));
      floats.forEach((x, i) => {
        expect(recD(i)).toBe(x);
      });
      ints.forEach((x, i) => {
        expect(recI(10 + i)).toBe(BigInt(x));
      });
    });
  });

  describe("structs and unions by value", () => {
    const types = [
      "abi_c",
      "abi_sc",
      "abi_if",
      "abi_ff",
      "abi_fff",
      "abi_di",
      "abi_id",
      "abi_c3",
      "abi_ld",
      "abi_dd",
      "abi_ll",
      "abi_iii",
      "abi_fid",
      "abi_cd",
      "abi_d",
      "abi_lll",
      "abi_dddd",
      "abi_big",
      "abi_u_if",
      "abi_u_dl",
      "abi_u_ffd",
      "abi_u_c12d",
      "abi_p_ci",
      "abi_p_ii",
      "abi_p_cd",
      "abi_nested",
      "abi_nested2",
      "abi_f4",
      "abi_f3",
      "abi_bits",
      "abi_fbits",
      "abi_a32",
      "abi_a64",
    ];
    const structValue = (name: string): Uint8Array =>
      readBytes(sym(`abi_val_${name}`), sizeOf(reg, reg.typedef(name) ?? -1) ?? 0);

    it.each(types)("passes %s as an argument", (name) => {
      clearRecords();
      const bytes = structValue(name);
      expect(call(`abi_take_${name}`, bytes)).toBeUndefined();
      expect(hex(recBytes())).toBe(hex(bytes));
    });

    it.each(types)("returns %s", (name) => {
      const result = call(`abi_ret_${name}`) as Uint8Array;
      expect(hex(result)).toBe(hex(structValue(name)));
    });

    it("sends a two-XMM struct to the stack when only xmm7 is left, and a later double to xmm7", () => {
      clearRecords();
      const plan = thunkOf("abi_xmm7_corner").plan;
      expect(plan.args[7]!.parts).toEqual([{ where: "stack", index: 0, offset: 0, size: 16 }]);
      expect(plan.args[8]!.parts).toEqual([{ where: "xmm", index: 7, offset: 0, size: 8 }]);
      expect(call("abi_xmm7_corner", 1, 2, 3, 4, 5, 6, 7, f64(8.5, 9.5), 10.25)).toBe(56.25);
      expect([recD(0), recD(1), recD(2), recD(3)]).toEqual([7, 8.5, 9.5, 10.25]);
    });

    it("sends a two-GPR struct to the stack when only r9 is left, and a later long to r9", () => {
      clearRecords();
      const plan = thunkOf("abi_gpr_corner").plan;
      expect(plan.args[5]?.parts[0]?.where).toBe("stack");
      expect(plan.args[6]!.parts).toEqual([{ where: "gpr", index: 5, offset: 0, size: 8 }]);
      expect(call("abi_gpr_corner", 1, 2, 3, 4, 5, i64s(-6n, 7n), 8)).toBe(24n);
      expect([recI(0), recI(1), recI(2), recI(3)]).toEqual([5n, -6n, 7n, 8n]);
    });

    it("passes a mix of struct classes among scalars", () => {
      clearRecords();
      const a = cat(i64s(-11n), f64(1.25)); // abi_ld: INTEGER, SSE
      const b = cat(f64(2.5), new Uint8Array(new Int32Array([-3, 0]).buffer)); // abi_di: SSE, INTEGER
      const c = i64s(4n, -5n, 6n); // abi_lll: MEMORY
      const d = f32(0.5, -0.25); // abi_ff: SSE
      const f = f64(7.5, -8.5); // abi_dd: SSE, SSE
      const g = cat(f32(9.5), new Uint8Array(new Int32Array([-10]).buffer), f64(11.5)); // abi_fid: INTEGER, SSE
      const sum = call("abi_struct_mix", a, b, c, d, 12, f, g, 13.5) as number;
      expect(sum).toBe(
        -11 + 1.25 + 2.5 - 3 + 4 - 5 + 6 + 0.5 - 0.25 + 12 + 7.5 - 8.5 + 9.5 - 10 + 11.5 + 13.5,
      );
      expect([recI(0), recD(1), recD(2), recI(3)]).toEqual([-11n, 1.25, 2.5, -3n]);
      expect([recI(4), recI(5), recI(6), recD(7), recD(8)]).toEqual([4n, -5n, 6n, 0.5, -0.25]);
      expect([recI(9), recD(10), recD(11), recD(12), recI(13), recD(14), recD(15)]).toEqual([
        12n,
        7.5,
        -8.5,
        9.5,
        -10n,
        11.5,
        13.5,
      ]);
    });

    it("returns a MEMORY struct through the hidden pointer while the arguments shift by one register", () => {
      const plan = thunkOf("abi_sret_args").plan;
      expect(plan.ret.kind).toBe("sret");
      expect(plan.args[0]!.parts[0]).toMatchObject({ where: "gpr", index: 1 });
      const result = call("abi_sret_args", 40, 1.5, f64(2.25, 0.75), 2) as Uint8Array;
      expect(hex(result)).toBe(hex(i64s(42n, 3n, 3n)));
    });

    it("returns a two-XMM struct built from its arguments", () => {
      expect(hex(call("abi_dd_from", -1.5, 1e-300) as Uint8Array)).toBe(hex(f64(-1.5, 1e-300)));
    });

    it.each([
      ["abi_after_a32", 32, cat(i64s(-32n), f64(3.5), new Uint8Array(16))],
      ["abi_after_a64", 64, new Uint8Array(new Int32Array([-64, ...Array(15).fill(0)]).buffer)],
    ] as const)("%s: an over-aligned struct at stack offset %i, RSP aligned to match", (name, align, bytes) => {
      clearRecords();
      const plan = thunkOf(name).plan;
      expect(plan.stackAlign).toBe(align);
      expect(plan.args[7]?.parts[0]).toMatchObject({ where: "stack", index: align });
      const sum = call(name, 1, 2, 3, 4, 5, 6, 7, bytes, 100);
      expect(sum).toBe(BigInt(28 - align + (align === 32 ? 3 : 0) + 100));
      expect([recI(0), recI(1), recI(3)]).toEqual([7n, BigInt(-align), 100n]);
    });

    it("passes nothing for an empty struct", () => {
      expect(thunkOf("abi_empty_between").plan.args[1]!.parts).toEqual([]);
      expect(call("abi_empty_between", 3, new Uint8Array(0), 4)).toBe(3004n);
    });
  });

  describe("varargs", () => {
    it("passes int, long, double, pointer and string varargs", () => {
      clearRecords();
      const { ids } = reg;
      const text = cString("seven chars");
      const fmt = cString("ildpsd");
      const sum = callVa(
        "abi_va_sum",
        [ids.int, ids.int64, ids.double, ids.voidPtr, ids.constCharPtr, ids.double],
        addressOf(fmt),
        -5,
        -(2 ** 40),
        2.5,
        0x7f00deadbeef,
        addressOf(text),
        0.125,
      );
      expect(sum).toBe(-5 - 2 ** 40 + 2.5 + 0.125);
      expect([recI(0), recI(1), recD(2), recI(3), recI(4), recD(5)]).toEqual([
        -5n,
        -(2n ** 40n),
        2.5,
        0x7f00deadbeefn,
        11n,
        0.125,
      ]);
    });

    it("promotes float and short varargs, and spills past 8 doubles and 6 integers", () => {
      clearRecords();
      const { ids } = reg;
      const fmt = cString("ddddddddddiiiiiii");
      const types = [ids.float, ...Array(9).fill(ids.double), ...Array(7).fill(ids.short)];
      const thunk = thunkOf("abi_va_sum", types);
      expect(thunk.plan.args[1]!.type).toBe(ids.double);
      expect(thunk.plan.args[11]!.type).toBe(ids.int);
      // Doubles 9 and 10 and ints 6 and 7 go to the stack, in argument order.
      expect(thunk.plan.args[10]!.parts[0]).toMatchObject({ where: "stack", index: 8 });
      expect(thunk.plan.args[17]!.parts[0]).toMatchObject({ where: "stack", index: 24 });
      expect(thunk.plan.xmmUsed).toBe(8);
      const doubles = [0.5, 1, 2, 3, 4, 5, 6, 7, 8, 9];
      const ints = [-1, -2, -3, -4, -5, -6, -7];
      const sum = invoke(thunk, [addressOf(fmt), ...doubles, ...ints]);
      expect(sum).toBe([...doubles, ...ints].reduce((s, x) => s + x, 0));
      doubles.forEach((x, i) => {
        expect(recD(i)).toBe(x);
      });
      ints.forEach((x, i) => {
        expect(recI(10 + i)).toBe(BigInt(x));
      });
    });
  });

  describe("complex numbers", () => {
    it("multiplies complex float (one XMM register each) and complex double (two each)", () => {
      expect(hex(call("abi_cf_mul", f32(1, 2), f32(3, 4)) as Uint8Array)).toBe(hex(f32(-5, 10)));
      expect(hex(call("abi_cd_mul", f64(1.5, -2), f64(0.5, 4)) as Uint8Array)).toBe(hex(f64(8.75, 5)));
      expect(call("abi_cd_abs2", f64(3, 4))).toBe(25);
    });
  });

  describe("what the thunk puts in registers and on the stack (the assembly spy)", () => {
    const spyState = (): number => readPtr(sym("abi_spy_out"));
    const spyWord = (k: number): bigint => readU64(spyState() + 8 * k);
    const SPY_XMM = 6;
    const SPY_RAX = 14;
    const SPY_RSP = 15;
    const SPY_STACK = 16;

    /** Fills every argument slot and the stack area with distinct bytes, enters, compares. */
    function checkSpy(thunk: CallThunk, gprs: number, xmms: number): void {
      const bytes = new Uint8Array(thunk.memory);
      for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 37 + 11) & 0xff;
      new DataView(thunk.memory).setInt32(148, 0, true); // no errno request
      thunk.enter();
      const v = new DataView(thunk.memory);
      for (let i = 0; i < gprs; i++) expect(spyWord(i)).toBe(v.getBigUint64(BLOCK_GPR + 8 * i, true));
      for (let i = 0; i < xmms; i++)
        expect(spyWord(SPY_XMM + i)).toBe(v.getBigUint64(BLOCK_XMM + 8 * i, true));
      const words = thunk.plan.stackBytes / 8;
      for (let k = 0; k < words; k++)
        expect(spyWord(SPY_STACK + k)).toBe(v.getBigUint64(BLOCK_STACK + 8 * k, true));
      expect((spyWord(SPY_RSP) + 8n) % 16n).toBe(0n);
      expect(v.getBigUint64(BLOCK_RET, true)).toBe(0x1122334455667788n);
      expect(v.getBigUint64(BLOCK_RET + 8, true)).toBe(0x99aabbccddeeff00n);
      expect(v.getFloat64(BLOCK_RET + 16, true)).toBe(Math.PI);
      expect(v.getFloat64(BLOCK_RET + 24, true)).toBe(Math.E);
    }

    it("passes every register and stack word of a mixed signature unchanged", () => {
      const thunk = thunkOf("spy_mixed");
      // i (24 bytes, MEMORY), m, n, o (two XMMs, none left), p, r, s (two GPRs, none left), t.
      expect(thunk.plan.stackBytes).toBe(24 + 8 + 8 + 16 + 8 + 8 + 16 + 8);
      checkSpy(thunk, 6, 8);
    });

    it("copies a long stack area (20 longs and a 100-byte struct) with the loop", () => {
      const thunk = thunkOf("spy_long");
      expect(thunk.plan.stackBytes).toBe(14 * 8 + 104 + 8); // rounded up to 16
      checkSpy(thunk, 6, 0);
    });

    it.each([
      [[], 0],
      [["int"], 0],
      [["double"], 1],
      [["double", "int", "double", "double"], 3],
      [Array(9).fill("double"), 8],
    ] as const)("sets AL for varargs %j to %i", (names, al) => {
      const ids = names.map((n) => (n === "int" ? reg.ids.int : reg.ids.double));
      const thunk = thunkOf("spy_va", ids);
      checkSpy(thunk, 1 + names.filter((n) => n === "int").length, al);
      expect(spyWord(SPY_RAX) & 0xffn).toBe(BigInt(al));
    });

    it("aligns RSP to 64 at the call for a 64-byte-aligned stack argument", () => {
      const thunk = thunkOf("spy_a64");
      expect(thunk.plan.stackBytes).toBe(192);
      checkSpy(thunk, 6, 0);
      expect((spyWord(SPY_RSP) + 8n) % 64n).toBe(0n);
    });

    it("passes the sret buffer in rdi", () => {
      const thunk = thunkOf("spy_sret");
      expect(thunk.plan.ret.kind).toBe("sret");
      checkSpy(thunk, 2, 0);
    });
  });
});
