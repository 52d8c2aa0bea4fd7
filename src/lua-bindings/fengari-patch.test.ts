// openFfi on a fengari installed without the patch (npm install --ignore-scripts) must fail
// loudly, naming the fix, instead of letting `p == nil` silently be false.
import { describe, expect, it, vi } from "vitest";

vi.mock("fengari/src/lvm.js", () => ({ FENGARI_FFI_PATCH: undefined }));

describe("without the fengari patch", () => {
  it("createState throws a clear error", async () => {
    const { createState } = await import("./open");
    expect(() => createState()).toThrow(/fengari is not patched.*patches\/patch-fengari\.cjs/s);
  });
});
