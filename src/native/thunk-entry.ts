// Entering JIT'd code. koffi calls the code at an address as a C function of type
// `void(void)`: its trampoline switches to koffi's own 2 MiB stack, calls the address with the
// System V stack alignment (RSP + 8 divisible by 16 on entry) and returns. Thunks take no
// arguments and return nothing because everything they need sits in a state block whose
// address is baked into their code. koffi.proto names are process-global, so the one
// prototype is declared once under a name no other module would pick.

import koffi, { type TypeObject } from "koffi";

/** A function that runs a block of machine code once. */
export type EnterThunk = () => void;

let thunkType: TypeObject | undefined;

/** A JS function that calls the machine code at `address` as `void (*)(void)`. */
export function enterableThunk(address: number): EnterThunk {
  thunkType ??= koffi.proto("void fengari_ffi_thunk_void_void(void)");
  return koffi.decode(BigInt(address), thunkType) as EnterThunk;
}
