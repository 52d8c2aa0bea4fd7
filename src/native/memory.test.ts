import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import {
  addressOf,
  copyNative,
  fillNative,
  readBytes,
  readF32,
  readF64,
  readI8,
  readI16,
  readI32,
  readI64,
  readPtr,
  readU8,
  readU16,
  readU32,
  readU64,
  strlen,
  viewBytes,
  writeBytes,
  writeF32,
  writeF64,
  writeI8,
  writeI16,
  writeI32,
  writeI64,
  writePtr,
  writeU8,
  writeU16,
  writeU32,
  writeU64,
} from "./index";

function block(size = 64): { bytes: Uint8Array; view: DataView; at: number } {
  const bytes = new Uint8Array(size);
  return { bytes, view: new DataView(bytes.buffer), at: addressOf(bytes) };
}

describe("native memory windows", () => {
  it("stores through native addresses land in the JS buffer, little-endian", () => {
    const { view, at } = block();
    writeI8(at, -2);
    writeU8(at + 1, 0xfe);
    writeI16(at + 2, -3);
    writeU16(at + 4, 0xfffd);
    writeI32(at + 8, -4);
    writeU32(at + 12, 0xfffffffc);
    writeI64(at + 16, -5n);
    writeU64(at + 24, 0xfffffffffffffffbn);
    writeF32(at + 32, 1.5);
    writeF64(at + 40, -2.25);
    writePtr(at + 48, 0x7fff12345678);
    expect(view.getInt8(0)).toBe(-2);
    expect(view.getUint8(1)).toBe(0xfe);
    expect(view.getInt16(2, true)).toBe(-3);
    expect(view.getUint16(4, true)).toBe(0xfffd);
    expect(view.getInt32(8, true)).toBe(-4);
    expect(view.getUint32(12, true)).toBe(0xfffffffc);
    expect(view.getBigInt64(16, true)).toBe(-5n);
    expect(view.getBigUint64(24, true)).toBe(0xfffffffffffffffbn);
    expect(view.getFloat32(32, true)).toBe(1.5);
    expect(view.getFloat64(40, true)).toBe(-2.25);
    expect(view.getBigUint64(48, true)).toBe(0x7fff12345678n);
  });

  it("loads read what JS wrote, signed and unsigned", () => {
    const { view, at } = block();
    view.setBigUint64(0, 0xfffefdfcfbfaf9f8n, true);
    view.setFloat32(8, -0.5, true);
    view.setFloat64(16, 1e300, true);
    view.setBigUint64(24, 0x00007f0011223344n, true);
    expect(readI8(at)).toBe(-8);
    expect(readU8(at)).toBe(0xf8);
    expect(readI16(at)).toBe(-1544);
    expect(readU16(at)).toBe(0xf9f8);
    expect(readI32(at)).toBe(-67438088);
    expect(readU32(at)).toBe(0xfbfaf9f8);
    expect(readI64(at)).toBe(-0x1020304050608n);
    expect(readU64(at)).toBe(0xfffefdfcfbfaf9f8n);
    expect(readF32(at + 8)).toBe(-0.5);
    expect(readF64(at + 16)).toBe(1e300);
    expect(readPtr(at + 24)).toBe(0x7f0011223344);
  });

  it("copies, fills, measures strings and views bytes", () => {
    const a = block();
    const b = block();
    writeBytes(a.at, new TextEncoder().encode("hello\0world"));
    expect(strlen(a.at)).toBe(5);
    expect(strlen(a.at + 6)).toBe(5);
    expect(Array.from(readBytes(a.at + 1, 3))).toEqual([0x65, 0x6c, 0x6c]);
    copyNative(b.at, a.at, 11);
    expect(new TextDecoder().decode(b.bytes.subarray(0, 11))).toBe("hello\0world");
    copyNative(b.at + 1, b.at, 5); // overlapping, memmove semantics
    expect(new TextDecoder().decode(b.bytes.subarray(0, 6))).toBe("hhello");
    fillNative(b.at, 4, 0x41);
    expect(Array.from(b.bytes.subarray(0, 5))).toEqual([0x41, 0x41, 0x41, 0x41, 0x6c]);
    viewBytes(b.at, 2)[1] = 7;
    expect(b.bytes[1]).toBe(7);
  });

  it("addressOf includes the byte offset of a view", () => {
    const bytes = new Uint8Array(32);
    expect(addressOf(bytes.subarray(8))).toBe(addressOf(bytes) + 8);
    expect(addressOf(new DataView(bytes.buffer, 4))).toBe(addressOf(bytes.buffer) + 4);
  });

  it("the NULL page throws instead of faulting", () => {
    expect(() => readI32(0)).toThrow(RangeError);
    expect(() => writeI32(16, 1)).toThrow(RangeError);
    expect(() => strlen(0)).toThrow(/invalid native memory range/);
  });

  it("V8 does not move ArrayBuffer backing stores across major GCs", () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    // Small typed arrays start on the V8 heap; taking the address moves them off it once.
    const buffers = [new Uint8Array(8), new Uint8Array(64), new Float64Array(1024), new ArrayBuffer(1 << 20)];
    const before = buffers.map((b) => addressOf(b));
    before.forEach((at, i) => {
      writeU32(at, 0xc0ffee00 + i);
    });
    for (let round = 0; round < 3; round++) {
      let garbage: number[][] = [];
      for (let i = 0; i < 20000; i++) garbage.push([i, i + 1]);
      garbage = [];
      gc();
    }
    expect(buffers.map((b) => addressOf(b))).toEqual(before);
    before.forEach((at, i) => {
      expect(readU32(at)).toBe(0xc0ffee00 + i);
    });
  });
});
