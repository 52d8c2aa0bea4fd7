// Builds the ABI matrix test library (abi.c) with the system C compiler into a cache directory.
// The file name carries a hash of the sources, so an edited abi.c or abi.h gets a fresh build and
// an unchanged one is reused; the compiler writes to a temporary name that is renamed into place,
// so test workers building at the same time never load a half-written library.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const SOURCES = ["abi.c", "abi.h"];
const CACHE = join(HERE, "..", "..", "node_modules", ".cache", "fengari-ffi-tests");

/** The declarations the library exports, as `cdef` text. */
export function testLibHeader(): string {
  return readFileSync(join(HERE, "abi.h"), "utf8");
}

/** Whether a C compiler is available to build the test library. */
export function canBuildTestLib(): boolean {
  try {
    execFileSync("cc", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** Compiles abi.c into a shared library (once per source version) and returns its path. */
export function buildTestLib(): string {
  const hash = createHash("sha256");
  for (const name of SOURCES) hash.update(readFileSync(join(HERE, name)));
  const target = join(CACHE, `libabi-${hash.digest("hex").slice(0, 16)}.so`);
  if (existsSync(target)) return target;
  mkdirSync(CACHE, { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  execFileSync("cc", ["-shared", "-fPIC", "-O2", "-Wall", "-o", temporary, join(HERE, "abi.c")], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  renameSync(temporary, target);
  return target;
}
