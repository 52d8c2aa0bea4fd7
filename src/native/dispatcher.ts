// The single JavaScript dispatcher that callback entry stubs call. koffi.register turns a JS
// function into a C function pointer (a koffi trampoline); the stub calls it as
// `void dispatch(int slot)` after saving the C arguments in a state block, and reads the
// result back from that block. Only one is registered per process: callback slots multiplex
// through the slot number, so koffi's 8192-trampoline limit never matters.

import koffi from "koffi";
import { NativeError } from "./native-error";

/** The JS side of the callback doorway: called with the slot number of the C callback. */
export type Dispatcher = (slot: number) => void;

let registered: { readonly address: number; readonly pointer: bigint } | undefined;

/** Registers the process's one dispatcher and returns its C address (for the entry stub). */
export function registerDispatcher(dispatch: Dispatcher): number {
  if (registered !== undefined) {
    throw new NativeError("register", "a callback dispatcher is already registered");
  }
  const type = koffi.pointer(koffi.proto("void fengari_ffi_dispatch(int slot)"));
  const pointer = koffi.register(dispatch, type);
  registered = { address: Number(pointer), pointer };
  return registered.address;
}

/** The address of the registered dispatcher, or undefined before registerDispatcher. */
export function dispatcherAddress(): number | undefined {
  return registered?.address;
}
