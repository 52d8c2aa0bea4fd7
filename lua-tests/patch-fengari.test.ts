// patches/patch-fengari.cjs: applies once, is idempotent, refuses unknown sources.
import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { FENGARI_PATCH_ID } from "../src/lua-bindings";

const ROOT = resolve(__dirname, "..");
const SCRIPT = join(ROOT, "patches/patch-fengari.cjs");
const patcher = createRequire(import.meta.url)(SCRIPT) as {
  PATCH_ID: string;
  patchSource(source: string): string;
  patchFile(path: string): string;
  findLvm(): string;
};

// The pristine lvm.js: the backup the install-time run left beside the patched file.
const lvm = patcher.findLvm();
const pristine = readFileSync(`${lvm}.fengari-ffi-orig`, "utf8");

function tempCopy(content: string): string {
  const p = join(mkdtempSync(join(tmpdir(), "fengari-patch-")), "lvm.js");
  writeFileSync(p, content);
  return p;
}

describe("patch-fengari.cjs", () => {
  it("is the version the runtime expects, and is applied to the fengari in node_modules", () => {
    expect(patcher.PATCH_ID).toBe(FENGARI_PATCH_ID);
    expect(readFileSync(lvm, "utf8")).toBe(patcher.patchSource(pristine));
    expect(execFileSync(process.execPath, [SCRIPT], { encoding: "utf8" })).toContain("already patched");
  });

  it("patches a pristine copy once, keeps the original, and produces valid JavaScript", () => {
    const p = tempCopy(pristine);
    expect(patcher.patchFile(p)).toBe("patched");
    const once = readFileSync(p, "utf8");
    expect(patcher.patchFile(p)).toBe("already patched");
    expect(readFileSync(p, "utf8")).toBe(once);
    expect(readFileSync(`${p}.fengari-ffi-orig`, "utf8")).toBe(pristine);
    expect(once.split(FENGARI_PATCH_ID).length - 1).toBe(3);
    execFileSync(process.execPath, ["--check", p]);
  });

  it("re-applies an older patch version on the kept original", () => {
    const p = tempCopy(pristine.replace("\n", "\n/* fengari-ffi:mixed-eq/0 */\n"));
    copyFileSync(p, `${p}.tmp`);
    writeFileSync(`${p}.fengari-ffi-orig`, pristine);
    expect(patcher.patchFile(p)).toBe("patched");
    expect(readFileSync(p, "utf8")).toBe(patcher.patchSource(pristine));
  });

  it("refuses a source whose anchors are missing, leaving it untouched", () => {
    const changed = pristine.replace(
      "const luaV_equalobj = function(L, t1, t2) {",
      "function luaV_equalobj(L, t1, t2) {",
    );
    const p = tempCopy(changed);
    expect(() => patcher.patchFile(p)).toThrow(/expected exactly one occurrence/);
    expect(readFileSync(p, "utf8")).toBe(changed);
    expect(existsSync(`${p}.fengari-ffi-tmp`)).toBe(false);
    expect(existsSync(`${p}.fengari-ffi-orig`)).toBe(false);
  });
});
