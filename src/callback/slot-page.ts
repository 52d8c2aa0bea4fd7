/*
 * Callback slot pages: the machine code a C caller jumps to through a callback's function
 * pointer (LuaJIT's lj_ccallback.c callback_mcode_init, callback_slot2ptr and
 * callback_ptr2slot, x64 flavour).
 *
 * Every callback is a slot number. Its C function pointer is the address of a 4-byte stub in
 * a slot page: `mov al, slot & 0xff` then `jmp short` to the tail of its group of 32 slots.
 * The tail does `push rbp; mov ah, slot >> 8; jmp [page head]`: AX now holds the 16-bit slot
 * number and the one entry stub (entry-stub.ts), whose address sits in the first 8 bytes of
 * every page, takes over. The last slot of a group has no jump: it falls through into the tail.
 * Only the slot number differs between callbacks, so a callback costs 4 bytes of code and no
 * code generation; what the slot means (its signature, its handler) is looked up by number.
 *
 * LuaJIT's tail also loads the global_State into rbp (17 bytes); ours carries nothing else, so
 * a group is 32 * 4 - 2 + 9 = 135 bytes and a 4096-byte page holds 30 groups, 960 slots
 * (LuaJIT: 896 in one page, the only one it has). Pages are added as slots are taken, up to
 * CALLBACK_MAX_SLOTS = 65536, the most that AX can name. Group starts are multiples of 32,
 * so the 32 slots of a group share their high byte.
 */

import { AH, AL, Assembler, Label, RBP, rip } from "../jit";
import { PAGE_SIZE } from "../native";

/** Bytes at the head of a page: the address of the entry stub that every tail jumps through. */
export const SLOT_PAGE_HEAD = 8;
/** Bytes of one slot: `mov al, imm8` (2) and `jmp short` (2). */
export const SLOT_SIZE = 4;
/** Slots per group: the farthest slot's rel8 jump must still reach the tail. */
export const SLOTS_PER_GROUP = 32;
/** Bytes of a group tail: `push rbp` (1), `mov ah, imm8` (2), `jmp [rip+disp32]` (6). */
export const GROUP_TAIL_SIZE = 9;
/** Bytes of a group: the last slot has no jump of its own, it falls into the tail. */
export const GROUP_SIZE = SLOTS_PER_GROUP * SLOT_SIZE - 2 + GROUP_TAIL_SIZE;
/** Groups per page, after the head. */
export const GROUPS_PER_PAGE = Math.floor((PAGE_SIZE - SLOT_PAGE_HEAD) / GROUP_SIZE);
/** Slots per page (960). */
export const SLOTS_PER_PAGE = GROUPS_PER_PAGE * SLOTS_PER_GROUP;
/** The most callbacks alive at once: slot numbers travel in AX, 16 bits. */
export const CALLBACK_MAX_SLOTS = 65536;
/** Pages needed for all slots (the last one is partly filled). */
export const CALLBACK_MAX_PAGES = Math.ceil(CALLBACK_MAX_SLOTS / SLOTS_PER_PAGE);

/** Byte offset of slot number `index` within its page (index counted from the page's first). */
export function slotOffsetInPage(index: number): number {
  const group = Math.floor(index / SLOTS_PER_GROUP);
  return SLOT_PAGE_HEAD + group * GROUP_SIZE + (index % SLOTS_PER_GROUP) * SLOT_SIZE;
}

/** The slot index within a page that starts exactly at `offset`, or undefined. */
export function slotIndexAtOffset(offset: number, slotsOnPage: number): number | undefined {
  const rel = offset - SLOT_PAGE_HEAD;
  if (!Number.isInteger(rel) || rel < 0) return undefined;
  const group = Math.floor(rel / GROUP_SIZE);
  const within = rel - group * GROUP_SIZE;
  if (within % SLOT_SIZE !== 0 || within >= SLOTS_PER_GROUP * SLOT_SIZE) return undefined;
  const index = group * SLOTS_PER_GROUP + within / SLOT_SIZE;
  return index < slotsOnPage ? index : undefined;
}

/** The number of slots page `page` holds. */
export function slotsOnPage(page: number): number {
  return Math.max(0, Math.min(SLOTS_PER_PAGE, CALLBACK_MAX_SLOTS - page * SLOTS_PER_PAGE));
}

/** The code of slot page `page` (slots page * SLOTS_PER_PAGE onwards), jumping to `entry`. */
export function emitSlotPage(page: number, entry: number): Assembler {
  const count = slotsOnPage(page);
  if (count === 0) throw new RangeError(`slot page ${page} is past CALLBACK_MAX_SLOTS`);
  const first = page * SLOTS_PER_PAGE;
  const a = new Assembler();
  const head = new Label("entry-address");
  a.bind(head);
  a.data64(entry);
  for (let g = 0; g < count / SLOTS_PER_GROUP; g++) {
    const tail = new Label(`group-${g}-tail`);
    const groupFirst = first + g * SLOTS_PER_GROUP;
    for (let i = 0; i < SLOTS_PER_GROUP; i++) {
      a.movRegImm(AL, (groupFirst + i) & 0xff);
      if (i < SLOTS_PER_GROUP - 1) a.jmpShort(tail);
    }
    a.bind(tail);
    a.pushReg(RBP);
    a.movRegImm(AH, groupFirst >> 8);
    a.jmpMem(rip(head));
  }
  return a;
}
