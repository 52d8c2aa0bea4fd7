// patches/patch-fengari.cjs: applies all files or none, is idempotent, refuses unknown sources.
import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { FENGARI_PATCH_ID } from "../src/lua-bindings";

const ROOT = resolve(__dirname, "..");
const SCRIPT = join(ROOT, "patches/patch-fengari.cjs");
const patcher = createRequire(import.meta.url)(SCRIPT) as {
  PATCH_ID: string;
  FILES: Record<string, unknown>;
  patchSource(file: string, source: string): string;
  patchDir(dir: string): string;
  findFengariSrc(): string;
};

const SRC = patcher.findFengariSrc();
const FILES = Object.keys(patcher.FILES);
// The pristine sources: the backups the install-time run left beside the patched files.
const pristine = Object.fromEntries(
  FILES.map((f) => [f, readFileSync(join(SRC, `${f}.fengari-ffi-orig`), "utf8")]),
);

// A temporary fengari/src holding the given sources.
function tempSrc(sources: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "fengari-patch-"));
  for (const [f, text] of Object.entries(sources)) writeFileSync(join(dir, f), text);
  return dir;
}
const read = (dir: string, f: string) => readFileSync(join(dir, f), "utf8");

describe("patch-fengari.cjs", () => {
  it("is the version the runtime expects, and is applied to the fengari in node_modules", () => {
    expect(patcher.PATCH_ID).toBe(FENGARI_PATCH_ID);
    for (const f of FILES) expect(read(SRC, f)).toBe(patcher.patchSource(f, pristine[f]!));
    expect(execFileSync(process.execPath, [SCRIPT], { encoding: "utf8" })).toContain("already patched");
  });

  it("patches pristine copies once, keeps the originals, and produces valid JavaScript", () => {
    const dir = tempSrc(pristine);
    expect(patcher.patchDir(dir)).toBe("patched");
    const once = Object.fromEntries(FILES.map((f) => [f, read(dir, f)]));
    expect(patcher.patchDir(dir)).toBe("already patched");
    for (const f of FILES) {
      expect(read(dir, f)).toBe(once[f]);
      expect(read(dir, `${f}.fengari-ffi-orig`)).toBe(pristine[f]);
      expect(once[f]).toContain(FENGARI_PATCH_ID);
      execFileSync(process.execPath, ["--check", join(dir, f)]);
    }
  });

  it("re-applies over an older patch version from the kept originals", () => {
    const older = {
      ...pristine,
      "lvm.js": pristine["lvm.js"]!.replace("\n", "\n/* fengari-ffi:mixed-eq/1 */\n"),
    };
    const dir = tempSrc(older);
    writeFileSync(join(dir, "lvm.js.fengari-ffi-orig"), pristine["lvm.js"]!);
    expect(patcher.patchDir(dir)).toBe("patched");
    for (const f of FILES) expect(read(dir, f)).toBe(patcher.patchSource(f, pristine[f]!));
  });

  it("refuses sources whose anchors are missing and writes nothing", () => {
    const changed: Record<string, string> = {
      ...pristine,
      "lparser.js": pristine["lparser.js"]!.replace("case R.TK_INT: {", "case R.TK_INT:{"),
    };
    const dir = tempSrc(changed);
    expect(() => patcher.patchDir(dir)).toThrow(/lparser\.js: expected exactly one occurrence/);
    for (const f of FILES) {
      expect(read(dir, f)).toBe(changed[f]);
      expect(existsSync(join(dir, `${f}.fengari-ffi-orig`))).toBe(false);
    }
  });
});
