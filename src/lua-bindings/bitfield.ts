// Bitfield access: reads and writes touch only the bytes that hold the field's bits, so a
// bitfield at the end of a packed struct never reads past the struct (LuaJIT #1451), and
// 64-bit and container-crossing bitfields (which gcc lays out and LuaJIT refuses) work.
// BigInt keeps every width exact; bitfields are not on the hot paths.
import type { CType } from "../ctype";
import { readU8, writeI8 } from "../native";

/** Reads bitfield bits [bitpos, bitpos+bitsize) above `address` as a value of type `t`. */
export function readBitfield(address: number, bitpos: number, bitsize: number, t: CType): number | bigint {
  const first = address + (bitpos >> 3);
  const shift = bitpos & 7;
  const nbytes = (shift + bitsize + 7) >> 3;
  let raw = 0n;
  for (let i = nbytes - 1; i >= 0; i--) raw = (raw << 8n) | BigInt(readU8(first + i));
  let v = (raw >> BigInt(shift)) & ((1n << BigInt(bitsize)) - 1n);
  // an enum bitfield has its enum's signedness (signed when a constant is negative, as in gcc)
  const signed = t.kind === "int" ? !t.unsigned : t.kind === "enum" && !t.info.unsigned;
  if (signed && bitsize > 0 && (v >> BigInt(bitsize - 1)) & 1n) v -= 1n << BigInt(bitsize);
  if (t.kind === "int" && t.size === 8) return v;
  return Number(v);
}

/** Writes the low `bitsize` bits of `v` into bits [bitpos, ...) above `address`. */
export function writeBitfield(address: number, bitpos: number, bitsize: number, v: number | bigint): void {
  const first = address + (bitpos >> 3);
  const shift = BigInt(bitpos & 7);
  const nbytes = ((bitpos & 7) + bitsize + 7) >> 3;
  const mask = ((1n << BigInt(bitsize)) - 1n) << shift;
  let raw = 0n;
  for (let i = nbytes - 1; i >= 0; i--) raw = (raw << 8n) | BigInt(readU8(first + i));
  raw = (raw & ~mask) | ((BigInt(v) << shift) & mask);
  for (let i = 0; i < nbytes; i++) writeI8(first + i, Number((raw >> BigInt(8 * i)) & 0xffn));
}
