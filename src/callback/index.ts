// src/callback: C function pointers that run JS handlers. Slot pages of `mov al, slot; jmp`
// stubs, one entry stub that spills the C arguments into a frame on the machine stack and
// checks the thread, one koffi-registered dispatcher, and the slot table. It knows nothing of
// Lua: src/lua-bindings hands it a handler per callback.

export {
  FRAME_GPR,
  FRAME_PREVIOUS,
  FRAME_RET,
  FRAME_SIZE,
  FRAME_SLOT,
  FRAME_STACK_ARGS,
  FRAME_XMM,
} from "./entry-stub";
export { CALLBACK_MAX_SLOTS, SLOTS_PER_PAGE } from "./slot-page";
export {
  allocCallback,
  type Callback,
  type CallbackErrorSink,
  type CallbackHandler,
  callbackSlot,
  freeCallback,
  type SlotInfo,
  setCallbackHandler,
  slotAddress,
  slotOfAddress,
  slotPageCount,
  takeForeignThreadDrop,
  takeStrayCallbackFailure,
} from "./slot-table";
