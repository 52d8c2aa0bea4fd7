// LuaJIT as an independent oracle for tests: the path of the `luajit` binary, if installed,
// and a way to run a script through it.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

function findLuajit(): string | null {
  for (const p of [process.env.LUAJIT, "/usr/bin/luajit", "/usr/local/bin/luajit"]) {
    if (p && existsSync(p)) return p;
  }
  return null;
}

/**
 * The luajit binary, or null when LuaJIT is not installed. The oracle tests need it and fail
 * without it (CI installs Debian's luajit; see README, "Running the tests").
 */
export const LUAJIT = findLuajit();

/** Runs Lua source under luajit and returns its standard output; throws on a non-zero exit. */
export function runLuajit(source: string, args: readonly string[] = []): string {
  if (LUAJIT === null)
    throw new Error("luajit is not installed: apt-get install luajit (the tests use it as an oracle)");
  return execFileSync(LUAJIT, ["-", ...args], { input: source, encoding: "utf8" });
}
