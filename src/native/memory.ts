// Loads and stores of native memory through cached DataViews over windows of the address space.
//
// koffi.view(ptr, len) costs about a microsecond and aborts the process when len exceeds 2^32
// (or when ptr is NULL), so views are made once per window and kept. Window k starts at
// k * 2^31 + 4096 and spans 4 GiB: consecutive windows overlap by half, so any access of up to
// 2 GiB that starts in window k also ends inside it, and no access ever straddles two views.
// The lowest 4096 bytes are never covered (NULL page): an access there throws a RangeError from
// the DataView instead of faulting. A lookup is a division, an array load and one DataView
// access: 5 to 8 ns here, against about 1 ns for a DataView over a JS buffer at a hoisted offset. x86-64 user space ends at 2^47, which bounds the window table to 65536
// entries, preallocated so the array stays in V8's fast elements mode.
//
// Native memory is little-endian; every DataView access passes `true`.

import koffi from "koffi";
import { NativeError } from "./native-error";
import { PAGE_SIZE } from "./platform";

const WINDOW_STEP = 2 ** 31;
const WINDOW_SIZE = 2 ** 32;
const WINDOW_COUNT = 2 ** 16;
const TWO_32 = 2 ** 32;

const views: (DataView | undefined)[] = new Array(WINDOW_COUNT).fill(undefined);
const byteViews: (Uint8Array | undefined)[] = new Array(WINDOW_COUNT).fill(undefined);

function openWindow(index: number): DataView {
  if (index < 0 || index >= WINDOW_COUNT) {
    throw new NativeError("memory", `address outside user space (window ${index})`);
  }
  const buffer = koffi.view(BigInt(index * WINDOW_STEP + PAGE_SIZE), WINDOW_SIZE);
  const view = new DataView(buffer);
  views[index] = view;
  byteViews[index] = new Uint8Array(buffer);
  return view;
}

function windowIndex(address: number): number {
  return ((address - PAGE_SIZE) / WINDOW_STEP) | 0;
}

function windowOffset(address: number, index: number): number {
  return address - PAGE_SIZE - index * WINDOW_STEP;
}

function bytesWindow(index: number): Uint8Array {
  const bytes = byteViews[index];
  if (bytes !== undefined) return bytes;
  openWindow(index);
  return byteViews[index]!;
}

function checkRange(address: number, length: number): void {
  if (!(address >= PAGE_SIZE) || !Number.isSafeInteger(address) || !(length >= 0)) {
    throw new NativeError("memory", `invalid native memory range 0x${address.toString(16)} (+${length})`);
  }
}

// ---- loads ----------------------------------------------------------------------------------

/** Loads an int8_t. */
export function readI8(address: number): number {
  const i = windowIndex(address);
  return (views[i] ?? openWindow(i)).getInt8(windowOffset(address, i));
}

/** Loads a uint8_t. */
export function readU8(address: number): number {
  const i = windowIndex(address);
  return (views[i] ?? openWindow(i)).getUint8(windowOffset(address, i));
}

/** Loads an int16_t. */
export function readI16(address: number): number {
  const i = windowIndex(address);
  return (views[i] ?? openWindow(i)).getInt16(windowOffset(address, i), true);
}

/** Loads a uint16_t. */
export function readU16(address: number): number {
  const i = windowIndex(address);
  return (views[i] ?? openWindow(i)).getUint16(windowOffset(address, i), true);
}

/** Loads an int32_t. */
export function readI32(address: number): number {
  const i = windowIndex(address);
  return (views[i] ?? openWindow(i)).getInt32(windowOffset(address, i), true);
}

/** Loads a uint32_t. */
export function readU32(address: number): number {
  const i = windowIndex(address);
  return (views[i] ?? openWindow(i)).getUint32(windowOffset(address, i), true);
}

/** Loads an int64_t as a bigint. */
export function readI64(address: number): bigint {
  const i = windowIndex(address);
  return (views[i] ?? openWindow(i)).getBigInt64(windowOffset(address, i), true);
}

/** Loads a uint64_t as a bigint. */
export function readU64(address: number): bigint {
  const i = windowIndex(address);
  return (views[i] ?? openWindow(i)).getBigUint64(windowOffset(address, i), true);
}

/** Loads a float. */
export function readF32(address: number): number {
  const i = windowIndex(address);
  return (views[i] ?? openWindow(i)).getFloat32(windowOffset(address, i), true);
}

/** Loads a double. */
export function readF64(address: number): number {
  const i = windowIndex(address);
  return (views[i] ?? openWindow(i)).getFloat64(windowOffset(address, i), true);
}

/** Loads a pointer as a number, without BigInt (user-space addresses are below 2^47). */
export function readPtr(address: number): number {
  const i = windowIndex(address);
  const view = views[i] ?? openWindow(i);
  const offset = windowOffset(address, i);
  return view.getUint32(offset, true) + view.getUint32(offset + 4, true) * TWO_32;
}

// ---- stores ---------------------------------------------------------------------------------

/** Stores the low 8 bits of a number. */
export function writeI8(address: number, value: number): void {
  const i = windowIndex(address);
  (views[i] ?? openWindow(i)).setInt8(windowOffset(address, i), value);
}

/** Stores the low 8 bits of a number (same bits as writeI8; both exist for symmetry at call sites). */
export function writeU8(address: number, value: number): void {
  const i = windowIndex(address);
  (views[i] ?? openWindow(i)).setUint8(windowOffset(address, i), value);
}

/** Stores the low 16 bits of a number. */
export function writeI16(address: number, value: number): void {
  const i = windowIndex(address);
  (views[i] ?? openWindow(i)).setInt16(windowOffset(address, i), value, true);
}

/** Stores the low 16 bits of a number, unsigned. */
export function writeU16(address: number, value: number): void {
  const i = windowIndex(address);
  (views[i] ?? openWindow(i)).setUint16(windowOffset(address, i), value, true);
}

/** Stores the low 32 bits of a number. */
export function writeI32(address: number, value: number): void {
  const i = windowIndex(address);
  (views[i] ?? openWindow(i)).setInt32(windowOffset(address, i), value, true);
}

/** Stores the low 32 bits of a number, unsigned. */
export function writeU32(address: number, value: number): void {
  const i = windowIndex(address);
  (views[i] ?? openWindow(i)).setUint32(windowOffset(address, i), value, true);
}

/** Stores an int64_t (the low 64 bits of a bigint). */
export function writeI64(address: number, value: bigint): void {
  const i = windowIndex(address);
  (views[i] ?? openWindow(i)).setBigInt64(windowOffset(address, i), BigInt.asIntN(64, value), true);
}

/** Stores a uint64_t (the low 64 bits of a bigint). */
export function writeU64(address: number, value: bigint): void {
  const i = windowIndex(address);
  (views[i] ?? openWindow(i)).setBigUint64(windowOffset(address, i), BigInt.asUintN(64, value), true);
}

/** Stores a float. */
export function writeF32(address: number, value: number): void {
  const i = windowIndex(address);
  (views[i] ?? openWindow(i)).setFloat32(windowOffset(address, i), value, true);
}

/** Stores a double. */
export function writeF64(address: number, value: number): void {
  const i = windowIndex(address);
  (views[i] ?? openWindow(i)).setFloat64(windowOffset(address, i), value, true);
}

/** Stores a pointer given as a non-negative integer number, without BigInt. */
export function writePtr(address: number, value: number): void {
  const i = windowIndex(address);
  const view = views[i] ?? openWindow(i);
  const offset = windowOffset(address, i);
  view.setUint32(offset, value % TWO_32, true);
  view.setUint32(offset + 4, Math.floor(value / TWO_32), true);
}

// ---- blocks ---------------------------------------------------------------------------------

/** A Uint8Array aliasing native memory (no copy); valid as long as the memory is. */
export function viewBytes(address: number, length: number): Uint8Array {
  checkRange(address, length);
  if (length > WINDOW_STEP) {
    throw new NativeError("memory", `cannot view ${length} bytes at once (2 GiB at most)`);
  }
  const i = windowIndex(address);
  const offset = windowOffset(address, i);
  return bytesWindow(i).subarray(offset, offset + length);
}

/** Copies bytes from native memory into a new Uint8Array. */
export function readBytes(address: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let done = 0; done < length; done += WINDOW_STEP) {
    out.set(viewBytes(address + done, Math.min(WINDOW_STEP, length - done)), done);
  }
  return out;
}

/** Copies a byte array into native memory. */
export function writeBytes(address: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length; done += WINDOW_STEP) {
    const chunk = bytes.subarray(done, Math.min(bytes.length, done + WINDOW_STEP));
    viewBytes(address + done, chunk.length).set(chunk);
  }
}

/** memmove: copies `length` bytes between native addresses; overlapping ranges are allowed. */
export function copyNative(destination: number, source: number, length: number): void {
  checkRange(source, length);
  if (length <= WINDOW_STEP) {
    // TypedArray.prototype.set handles overlap between views of the same buffer, and two
    // views of different windows over the same memory are copied through a temporary.
    const from = viewBytes(source, length);
    const to = viewBytes(destination, length);
    if (from.buffer === to.buffer) to.set(from);
    else to.set(from.slice());
    return;
  }
  writeBytes(destination, readBytes(source, length));
}

/** memset: fills `length` bytes of native memory with a byte value. */
export function fillNative(address: number, length: number, byte: number): void {
  for (let done = 0; done < length; done += WINDOW_STEP) {
    viewBytes(address + done, Math.min(WINDOW_STEP, length - done)).fill(byte);
  }
}

/** strlen: the number of bytes before the first NUL at an address. */
export function strlen(address: number): number {
  checkRange(address, 0);
  let length = 0;
  for (;;) {
    // Scanning runs to the end of the current window, then continues in the window after it.
    const i = windowIndex(address + length);
    const offset = windowOffset(address + length, i);
    const bytes = bytesWindow(i);
    const end = bytes.indexOf(0, offset);
    if (end >= 0) return length + end - offset;
    length += bytes.length - offset;
  }
}

/** The native address of the bytes of an ArrayBuffer or of a typed array / DataView. */
export function addressOf(buffer: ArrayBuffer | ArrayBufferView): number {
  // koffi.address includes byteOffset for views. V8 never moves ArrayBuffer backing stores, and
  // a typed array whose data lived on the V8 heap gets an off-heap backing store the first
  // time its buffer is materialised, which koffi.address does: the address stays valid.
  return Number(koffi.address(buffer));
}
