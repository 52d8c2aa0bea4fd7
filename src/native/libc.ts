// The C library functions that src/native itself needs (mmap, dlopen, ...), bound once
// through koffi. This is plumbing for the doorway, not a user's declared C function: user
// calls always go through thunks written by src/jit. Addresses cross as `uintptr_t` so they
// arrive as JS numbers; values that do not fit in a double (MAP_FAILED) arrive as bigint.

import koffi from "koffi";
import { ERRNO_LOCATION_SYMBOL } from "./platform";

/** A raw return of a `uintptr_t` function: a number, or a bigint above 2^53. */
export type RawAddress = number | bigint;

/** The plumbing functions, bound on first use. */
export interface Libc {
  mmap(addr: number, length: number, prot: number, flags: number, fd: number, offset: number): RawAddress;
  mprotect(addr: number, length: number, prot: number): number;
  munmap(addr: number, length: number): number;
  dlopen(path: string | null, flags: number): RawAddress;
  dlsym(handle: number | bigint, name: string): RawAddress;
  dlclose(handle: number): number;
  dlerror(): string | null;
  errnoLocation(): RawAddress;
  pthreadSelf(): RawAddress;
}

let bound: Libc | undefined;

/** The process's C library functions that src/native calls, bound through koffi once. */
export function libc(): Libc {
  if (bound === undefined) {
    const lib = koffi.load(null);
    bound = {
      mmap: lib.func("uintptr_t mmap(uintptr_t, size_t, int, int, int, intptr_t)"),
      mprotect: lib.func("int mprotect(uintptr_t, size_t, int)"),
      munmap: lib.func("int munmap(uintptr_t, size_t)"),
      dlopen: lib.func("uintptr_t dlopen(const char *, int)"),
      dlsym: lib.func("uintptr_t dlsym(intptr_t, const char *)"),
      dlclose: lib.func("int dlclose(uintptr_t)"),
      dlerror: lib.func("const char *dlerror(void)"),
      errnoLocation: lib.func(ERRNO_LOCATION_SYMBOL, "uintptr_t", []),
      pthreadSelf: lib.func("uintptr_t pthread_self(void)"),
    };
  }
  return bound;
}

/** errno as the last koffi call left it (koffi saves it right after each call). */
export function lastErrno(): number {
  return koffi.errno();
}
