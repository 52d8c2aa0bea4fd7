// Builds C test libraries with the system C compiler into a cache directory: the ABI matrix
// library (abi.c), the callback library (callbacks.c) and libraries the tests generate. The file
// name carries a hash of the source (and of any extra compiler flags), so an edited abi.c or
// abi.h gets a fresh build and an unchanged one is reused; the compiler
// writes to a temporary name that is renamed into place, so test workers building at the same
// time never load a half-written library.

import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const CACHE = join(HERE, "..", "..", "node_modules", ".cache", "fengari-ffi-tests");

/** The declarations abi.c exports, as `cdef` text. */
export function testLibHeader(): string {
  return readFileSync(join(HERE, "abi.h"), "utf8");
}

/** Compiles abi.c into a shared library (once per source version) and returns its path. */
export function buildTestLib(): string {
  const source = `${readFileSync(join(HERE, "abi.h"), "utf8")}\n${readFileSync(join(HERE, "abi.c"), "utf8")}`;
  return compileShared("libabi", source, join(HERE, "abi.c"));
}

/** The declarations callbacks.c exports, as `cdef` text. */
export function callbackLibHeader(): string {
  return readFileSync(join(HERE, "callbacks.h"), "utf8");
}

/** Compiles callbacks.c (it starts threads) into a shared library and returns its path. */
export function buildCallbackLib(): string {
  const source = `${callbackLibHeader()}\n${readFileSync(join(HERE, "callbacks.c"), "utf8")}`;
  return compileShared("libcallbacks", source, join(HERE, "callbacks.c"), ["-pthread"]);
}

/** Compiles generated C source into a shared library (once per source text) and returns its path. */
export function buildGeneratedLib(name: string, source: string): string {
  mkdirSync(CACHE, { recursive: true });
  const file = join(CACHE, `${name}-${digest(source)}.c`);
  if (!existsSync(file)) {
    writeFileSync(`${file}.${process.pid}.tmp`, source);
    renameSync(`${file}.${process.pid}.tmp`, file);
  }
  return compileShared(name, source, file);
}

function digest(text: string): string {
  return createHash("sha256").update(text).digest("hex").slice(0, 16);
}

function compileShared(name: string, hashed: string, file: string, flags: readonly string[] = []): string {
  const target = join(CACHE, `${name}-${digest(hashed + flags.join(" "))}.so`);
  if (existsSync(target)) return target;
  mkdirSync(CACHE, { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  execFileSync("cc", ["-shared", "-fPIC", "-O2", "-Wall", ...flags, "-o", temporary, file], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  renameSync(temporary, target);
  return target;
}
