// Numeric constants of the OS interfaces src/native calls (mmap, dlopen). They differ between
// Linux and macOS, the two System V AMD64 targets; everything else in src/native is shared.

const isDarwin = process.platform === "darwin";

/** Page protections for mmap / mprotect. */
export const PROT_NONE = 0;
export const PROT_READ = 1;
export const PROT_WRITE = 2;
export const PROT_EXEC = 4;

/** mmap flags for private anonymous memory. */
export const MAP_PRIVATE = 0x02;
export const MAP_ANONYMOUS = isDarwin ? 0x1000 : 0x20;

/** dlopen flags. */
export const RTLD_LAZY = 0x1;
export const RTLD_NOW = 0x2;
export const RTLD_GLOBAL = isDarwin ? 0x8 : 0x100;

/** The pseudo-handle that makes dlsym search the global namespace: NULL on glibc, -2 on macOS. */
export const RTLD_DEFAULT: bigint = isDarwin ? -2n : 0n;

/** The size of a page of memory, the granularity of mmap / mprotect. */
export const PAGE_SIZE = 4096;

/** The name glibc and macOS give the function that returns the calling thread's errno address. */
export const ERRNO_LOCATION_SYMBOL = isDarwin ? "__error" : "__errno_location";
