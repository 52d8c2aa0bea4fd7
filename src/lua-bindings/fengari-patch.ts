// The fengari patch (patches/patch-fengari.cjs) that fengari-ffi needs: mixed-type equality for
// cdata and LuaJIT's LL/ULL literals. See docs/decisions/equality.md.
import * as lvm from "fengari/src/lvm.js";

/** The patch version this code was written against; patches/patch-fengari.cjs writes it. */
export const FENGARI_PATCH_ID = "fengari-ffi:patch/12";

// Throws a clear error unless the fengari that fengari-ffi loads carries this patch version.
export function assertFengariPatched(): void {
  const found = lvm.FENGARI_FFI_PATCH;
  if (found === FENGARI_PATCH_ID) return;
  throw new Error(
    `fengari-ffi: the installed fengari is ${found === undefined ? "not patched" : `patched with ${found}`}, ` +
      `but fengari-ffi needs ${FENGARI_PATCH_ID} (for \`cdata == nil\`, \`cdata == number\` and 1LL literals). ` +
      "Run `node node_modules/fengari-ffi/patches/patch-fengari.cjs` (npm runs it on install unless " +
      "scripts are disabled with --ignore-scripts).",
  );
}
