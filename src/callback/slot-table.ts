/*
 * The process-wide callback machinery: slot pages, the entry stub, the one registered JS
 * dispatcher and the slot table that gives each slot its meaning (LuaJIT's CTState cbid[] and
 * miscmap, lj_ccallback_new / callback_slot_new, ffi_callback_free).
 *
 * Slots are process-wide because the code is: one entry stub, one dispatcher, pages of slots
 * that every Lua state shares. A slot's entry holds what its owner handed in: the registry and
 * function ctype id of its signature, the call plan derived from them, and a handler
 * `(frame) => void` that reads the arguments from the CallbackFrame at `frame` and writes the
 * result into its return area. This layer knows nothing of Lua; the bindings' handlers do the
 * conversions and run the Lua function.
 *
 * Allocation takes the lowest free slot, scanning up from the lowest slot that may be free
 * (LuaJIT's topid), and maps another slot page when the slot lies past the pages made so far.
 * Freed slots are reused. The machinery is built on the first allocation: the entry stub and the
 * slot pages go through emitSealed (own pages, read-execute forever) because a foreign thread
 * may run them at any moment, and the words they share with JS (the current-frame cell, the
 * dropped-call word, the sret table) live in ArrayBuffers this module keeps forever (V8 never
 * moves a backing store).
 *
 * The dispatcher is the only JS that koffi enters for callbacks, and nothing may escape it: a
 * JS exception thrown back into koffi makes it skip every later callback of the same outer call
 * and rethrow from that call. Handlers are expected to catch their own errors; whatever still
 * reaches the dispatcher goes to the slot's onError and is otherwise dropped.
 */

import { type CTypeId, FfiError, msg, type Registry } from "../ctype";
import { type CallPlan, planCall, processMcodeArea } from "../jit";
import { addressOf, mainThreadPointer, PAGE_SIZE, registerDispatcher } from "../native";
import { emitEntryStub } from "./entry-stub";
import {
  CALLBACK_MAX_SLOTS,
  emitSlotPage,
  SLOTS_PER_PAGE,
  slotIndexAtOffset,
  slotOffsetInPage,
  slotsOnPage,
} from "./slot-page";

/** Reads the arguments from the CallbackFrame at `frame` and leaves the result in its return area. */
export type CallbackHandler = (frame: number) => void;

/** Told about an exception a handler let escape (the dispatcher swallows it otherwise). */
export type CallbackErrorSink = (error: unknown) => void;

/** A live callback: its slot number and the C function pointer that enters it. */
export interface Callback {
  readonly slot: number;
  readonly address: number;
  readonly plan: CallPlan;
}

/** What a slot was allocated for. */
export interface SlotInfo {
  readonly reg: Registry;
  readonly fnTypeId: CTypeId;
  readonly plan: CallPlan;
}

interface SlotEntry extends SlotInfo {
  handler: CallbackHandler;
  readonly onError: CallbackErrorSink | undefined;
}

interface Machinery {
  readonly entry: number;
  /** The current-frame cell as two 32-bit halves (addresses are below 2^47). */
  readonly frameCell: Uint32Array;
  readonly dropped: Int32Array;
  readonly sret: Uint8Array;
}

const TWO_32 = 2 ** 32;

let machinery: Machinery | undefined;
const slots: (SlotEntry | undefined)[] = [];
/** Page addresses by page number, and page numbers by address (for slotOfAddress). */
const pages: number[] = [];
const pageByAddress = new Map<number, number>();
/** No slot below this one is free. */
let lowestFree = 0;

function dispatch(slot: number): void {
  const entry = slots[slot];
  // A freed slot that C still calls returns the zeroed result (and is reported afterwards).
  if (entry === undefined) {
    strayFailure ??= BAD_CALLBACK;
    return;
  }
  try {
    const cell = machinery!.frameCell;
    entry.handler(cell[0]! + cell[1]! * TWO_32);
  } catch (e) {
    try {
      entry.onError?.(e);
    } catch {
      // Nothing may reach koffi. The sink failing (near V8's stack limit, where even formatting
      // an error throws) must not lose the failure: record it without calling anything.
      strayFailure ??= LOST_ERROR;
    }
  }
}

function buildMachinery(): Machinery {
  const frameCell = new Uint32Array(2);
  const dropped = new Int32Array(1);
  const sret = new Uint8Array(CALLBACK_MAX_SLOTS);
  const asm = emitEntryStub({
    mainThread: mainThreadPointer(),
    dispatcher: registerDispatcher(dispatch),
    currentFrameCell: addressOf(frameCell.buffer),
    droppedWord: addressOf(dropped.buffer),
    sretTable: addressOf(sret.buffer),
  });
  const { address } = processMcodeArea().emitSealed(asm, "callback entry");
  return { entry: address, frameCell, dropped, sret };
}

function addPage(m: Machinery): void {
  const page = pages.length;
  const { address } = processMcodeArea().emitSealed(emitSlotPage(page, m.entry), `callback slots ${page}`);
  pages.push(address);
  pageByAddress.set(address, page);
}

/**
 * Allocates a callback of function type `fnTypeId` whose calls run `handler`; throws
 * FfiError "too many callbacks" when all CALLBACK_MAX_SLOTS slots are taken.
 */
export function allocCallback(
  reg: Registry,
  fnTypeId: CTypeId,
  handler: CallbackHandler,
  onError?: CallbackErrorSink,
): Callback {
  const fn = reg.get(fnTypeId);
  if (fn.kind !== "func" || fn.varargs) throw new FfiError(msg.invalidType());
  const plan = planCall(reg, fnTypeId);
  let slot = lowestFree;
  while (slot < CALLBACK_MAX_SLOTS && slots[slot] !== undefined) slot++;
  if (slot === CALLBACK_MAX_SLOTS) throw new FfiError(msg.tooManyCallbacks());
  const m = (machinery ??= buildMachinery());
  while (pages.length <= Math.floor(slot / SLOTS_PER_PAGE)) addPage(m);
  m.sret[slot] = plan.ret.kind === "sret" ? 1 : 0;
  slots[slot] = { reg, fnTypeId, plan, handler, onError };
  lowestFree = slot + 1;
  return { slot, address: slotAddress(slot)!, plan };
}

/** Frees a slot for reuse; FfiError "bad callback" if it is not allocated. */
export function freeCallback(slot: number): void {
  if (slots[slot] === undefined) throw new FfiError(msg.badCallback());
  slots[slot] = undefined;
  machinery!.sret[slot] = 0;
  if (slot < lowestFree) lowestFree = slot;
}

/** Points an allocated slot at another handler (same signature); FfiError "bad callback" if free. */
export function setCallbackHandler(slot: number, handler: CallbackHandler): void {
  const entry = slots[slot];
  if (entry === undefined) throw new FfiError(msg.badCallback());
  entry.handler = handler;
}

/** What an allocated slot was allocated for, or undefined for a free slot. */
export function callbackSlot(slot: number): SlotInfo | undefined {
  return slots[slot];
}

/** The C function pointer of slot `slot`, or undefined when its page was never made. */
export function slotAddress(slot: number): number | undefined {
  if (!Number.isInteger(slot) || slot < 0 || slot >= CALLBACK_MAX_SLOTS) return undefined;
  const page = Math.floor(slot / SLOTS_PER_PAGE);
  const base = pages[page];
  return base === undefined ? undefined : base + slotOffsetInPage(slot - page * SLOTS_PER_PAGE);
}

/** The slot whose code starts exactly at `address`, or undefined (LuaJIT's callback_ptr2slot). */
export function slotOfAddress(address: number): number | undefined {
  if (!Number.isSafeInteger(address) || address <= 0) return undefined;
  const offset = address % PAGE_SIZE;
  const page = pageByAddress.get(address - offset);
  if (page === undefined) return undefined;
  const index = slotIndexAtOffset(offset, slotsOnPage(page));
  return index === undefined ? undefined : page * SLOTS_PER_PAGE + index;
}

const BAD_CALLBACK = msg.badCallback();
const LOST_ERROR = "stack overflow (in a callback)";

/**
 * The first failure since the last takeStrayCallbackFailure that no slot's error sink could
 * record: C calling a freed slot (LuaJIT's "bad callback"), or a sink that failed itself (near
 * V8's stack limit). The call got the zeroed result; the ffi call it happened in raises this.
 */
let strayFailure: string | undefined;

/** The message of such a failure, forgotten once read; undefined if there was none. */
export function takeStrayCallbackFailure(): string | undefined {
  const failure = strayFailure;
  strayFailure = undefined;
  return failure;
}

/**
 * Whether a callback entered on a foreign thread was dropped since the last time this was asked,
 * clearing the record. The stub only ever sets the word, so a drop that races with the clear is
 * merged into the one being reported.
 */
export function takeForeignThreadDrop(): boolean {
  const dropped = machinery?.dropped;
  if (dropped === undefined || dropped[0] === 0) return false;
  dropped[0] = 0;
  return true;
}

/** Number of slot pages mapped so far. */
export function slotPageCount(): number {
  return pages.length;
}
