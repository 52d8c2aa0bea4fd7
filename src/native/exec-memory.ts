// Executable memory, W^X: pages are mapped read-write, written, then flipped to read-execute
// with mprotect (and back to read-write when code in them must be patched). A kernel that
// refuses (SELinux execmem, PaX MPROTECT, a seccomp filter) makes mprotect fail with EACCES or
// EPERM; that becomes a NativeError naming the cause instead of a crash at the first call.

import { lastErrno, libc, type RawAddress } from "./libc";
import { NativeError } from "./native-error";
import { MAP_ANONYMOUS, MAP_PRIVATE, PAGE_SIZE, PROT_EXEC, PROT_READ, PROT_WRITE } from "./platform";

/** A mapping of whole pages, identified by its start address and length in bytes. */
export interface PageMapping {
  readonly address: number;
  readonly size: number;
}

/** Rounds a byte count up to whole pages. */
export function roundToPages(size: number): number {
  return Math.ceil(size / PAGE_SIZE) * PAGE_SIZE;
}

function checkedAddress(raw: RawAddress): number {
  // MAP_FAILED is (void *)-1, which koffi hands back as a bigint since it exceeds 2^53.
  return typeof raw === "number" ? raw : -1;
}

/** Maps fresh private read-write pages (at least `size` bytes) for code to be written into. */
export function mapPages(size: number): PageMapping {
  if (!(size > 0) || !Number.isSafeInteger(size)) {
    throw new NativeError("mmap", `cannot map ${size} bytes of code memory`);
  }
  const length = roundToPages(size);
  const address = checkedAddress(
    libc().mmap(0, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0),
  );
  if (address <= 0) {
    const errno = lastErrno();
    throw new NativeError("mmap", `cannot map ${length} bytes of code memory (errno ${errno})`, errno);
  }
  return { address, size: length };
}

function protect(mapping: PageMapping, prot: number, what: string): void {
  if (libc().mprotect(mapping.address, mapping.size, prot) !== 0) {
    const errno = lastErrno();
    throw new NativeError(
      "mprotect",
      `the kernel refuses to make memory ${what} (mprotect errno ${errno}); ` +
        "executable memory is required to call C functions",
      errno,
    );
  }
}

/** Flips pages to read-execute: the code written into them can run, nothing can write them. */
export function protectExecutable(mapping: PageMapping): void {
  protect(mapping, PROT_READ | PROT_EXEC, "executable");
}

/** Flips pages back to read-write so code in them can be patched (then flip them back). */
export function protectWritable(mapping: PageMapping): void {
  protect(mapping, PROT_READ | PROT_WRITE, "writable");
}

/** Unmaps pages; the caller guarantees no code in them runs any more. */
export function unmapPages(mapping: PageMapping): void {
  if (libc().munmap(mapping.address, mapping.size) !== 0) {
    const errno = lastErrno();
    throw new NativeError("munmap", `cannot unmap code memory (errno ${errno})`, errno);
  }
}
