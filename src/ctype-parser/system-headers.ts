/*
 * Real-world declaration text for tests and benchmarks: a set of system headers run through
 * the system C compiler's preprocessor (`cc -E -P`), which is what users paste into cdef.
 * Generated on demand, never committed: it depends on the machine's headers.
 */

import { execFileSync } from "node:child_process";

/** The headers the issue names: SQLite, zlib, POSIX I/O and networking, ELF, curses, AIO, mqueue. */
export const SYSTEM_HEADERS = [
  "sqlite3.h",
  "zlib.h",
  "unistd.h",
  "fcntl.h",
  "netdb.h",
  "elf.h",
  "curses.h",
  "aio.h",
  "mqueue.h",
  "resolv.h",
] as const;

/**
 * `cc -E -P -m64 -D_FILE_OFFSET_BITS=64` of `#include`s of SYSTEM_HEADERS; with
 * `lineMarkers`, without `-P`, so the output is full of `# N "file"` lines.
 */
export function preprocessedSystemHeaders(lineMarkers = false): string {
  const source = SYSTEM_HEADERS.map((h) => `#include <${h}>\n`).join("");
  const flags = lineMarkers ? ["-E"] : ["-E", "-P"];
  return execFileSync("cc", [...flags, "-m64", "-D_FILE_OFFSET_BITS=64", "-"], {
    input: source,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
}
