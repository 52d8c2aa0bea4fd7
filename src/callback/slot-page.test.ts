// Slot pages read back by objdump (an independent decoder): every slot is `mov al, low byte`
// then a short jump to its group tail (the last one falls through), every tail pushes rbp, loads
// the high byte and jumps through the page head; the offsets the slot <-> address mapping
// computes are exactly the addresses where objdump finds the `mov al` instructions.

import { describe, expect, it } from "vitest";
import { disassemble, objdumpAvailable } from "../jit";
import {
  CALLBACK_MAX_PAGES,
  CALLBACK_MAX_SLOTS,
  emitSlotPage,
  GROUP_SIZE,
  SLOT_PAGE_HEAD,
  SLOTS_PER_GROUP,
  SLOTS_PER_PAGE,
  slotIndexAtOffset,
  slotOffsetInPage,
  slotsOnPage,
} from "./slot-page";

const BASE = 0x7f1234560000;
const ENTRY = 0x7f00deadb000;

const hex = (n: number) => `0x${n.toString(16)}`;

/** objdump prints a negative rip displacement as its 64-bit two's complement. */
const ripDisplacement = (d: number) => `0x${(d < 0 ? 2n ** 64n + BigInt(d) : BigInt(d)).toString(16)}`;

/** What objdump must print for page `page` placed at BASE: [address, text] per instruction. */
function expectedListing(page: number): [number, string][] {
  const out: [number, string][] = [];
  const count = slotsOnPage(page);
  for (let g = 0; g < count / SLOTS_PER_GROUP; g++) {
    const groupStart = BASE + SLOT_PAGE_HEAD + g * GROUP_SIZE;
    const tail = groupStart + SLOTS_PER_GROUP * 4 - 2;
    for (let i = 0; i < SLOTS_PER_GROUP; i++) {
      const slot = page * SLOTS_PER_PAGE + g * SLOTS_PER_GROUP + i;
      const at = groupStart + i * 4;
      out.push([at, `mov al,${hex(slot & 0xff)}`]);
      if (i < SLOTS_PER_GROUP - 1) out.push([at + 2, `jmp ${hex(tail)}`]);
    }
    const high = (page * SLOTS_PER_PAGE + g * SLOTS_PER_GROUP) >> 8;
    out.push([tail, "push rbp"]);
    out.push([tail + 1, `mov ah,${hex(high)}`]);
    out.push([tail + 3, `jmp QWORD PTR [rip+${ripDisplacement(BASE - (tail + 9))}]`]);
  }
  return out;
}

describe("slot page geometry", () => {
  it("follows LuaJIT's x64 layout without the global_State load", () => {
    expect(GROUP_SIZE).toBe(135);
    expect(SLOTS_PER_PAGE).toBe(960);
    expect(CALLBACK_MAX_SLOTS).toBe(65536);
    expect(CALLBACK_MAX_PAGES).toBe(69);
    expect(slotsOnPage(0)).toBe(960);
    expect(slotsOnPage(68)).toBe(65536 - 68 * 960);
    expect(slotsOnPage(69)).toBe(0);
  });

  it("maps offsets to slots and back, and nothing else to a slot", () => {
    const starts = new Set<number>();
    for (let i = 0; i < SLOTS_PER_PAGE; i++) {
      const off = slotOffsetInPage(i);
      starts.add(off);
      expect(slotIndexAtOffset(off, SLOTS_PER_PAGE)).toBe(i);
    }
    for (let off = 0; off < 4096; off++) {
      if (!starts.has(off)) expect(slotIndexAtOffset(off, SLOTS_PER_PAGE)).toBeUndefined();
    }
    // a partial page knows where its slots end
    expect(slotIndexAtOffset(slotOffsetInPage(256), 256)).toBeUndefined();
    expect(slotIndexAtOffset(slotOffsetInPage(255), 256)).toBe(255);
  });

  it("stores the entry address in the page head and fits in one page", () => {
    const code = emitSlotPage(0, ENTRY).link(BASE);
    expect(code.length).toBeLessThanOrEqual(4096);
    expect(new DataView(code.buffer).getBigUint64(0, true)).toBe(BigInt(ENTRY));
    expect(Array.from(code.subarray(8, 12))).toEqual([0xb0, 0x00, 0xeb, 0x7a]);
  });

  it("refuses a page past the last slot", () => {
    expect(() => emitSlotPage(CALLBACK_MAX_PAGES, ENTRY)).toThrow(RangeError);
  });
});

describe.runIf(objdumpAvailable())("slot pages through objdump", () => {
  it.each([0, 1, 5, CALLBACK_MAX_PAGES - 1])("decodes page %i slot by slot", (page) => {
    const code = emitSlotPage(page, ENTRY).link(BASE);
    const lines = disassemble(code.subarray(SLOT_PAGE_HEAD), BASE + SLOT_PAGE_HEAD);
    const got = lines.map((l): [number, string] => [l.address, l.text.replace(/\s*#.*$/, "")]);
    expect(got).toEqual(expectedListing(page));
    // every tail's comment names the page head, the address the jump reads
    for (const l of lines.filter((l) => l.text.startsWith("jmp QWORD PTR"))) {
      expect(l.text).toMatch(new RegExp(`# ${hex(BASE)}`));
    }
    // the mapping's slot addresses are exactly the `mov al` instructions
    const movAl = lines.filter((l) => l.text.startsWith("mov al,")).map((l) => l.address);
    const mapped = Array.from({ length: slotsOnPage(page) }, (_, i) => BASE + slotOffsetInPage(i));
    expect(movAl).toEqual(mapped);
  });
});
