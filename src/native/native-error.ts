// The one error type of src/native: every refusal from the OS or the loader carries an
// operation name and, where the kernel gave one, its errno, so upper layers can word it.

/** What src/native was doing when the OS or koffi refused. */
export type NativeOperation = "mmap" | "mprotect" | "munmap" | "dlopen" | "dlsym" | "memory" | "register";

/** A failure of the native plumbing (executable memory, loader, memory windows). */
export class NativeError extends Error {
  override readonly name = "NativeError";

  constructor(
    readonly operation: NativeOperation,
    message: string,
    readonly errno = 0,
  ) {
    super(message);
  }
}
