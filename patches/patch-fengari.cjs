#!/usr/bin/env node
// Patches the installed fengari so that a full userdata opted in by fengari-ffi (cdata) can
// compare equal to nil, a boolean, a number or a string through its __eq, as in LuaJIT
// (`p == nil`, `x == 0`). Runs as fengari-ffi's postinstall; see docs/decisions/equality.md.
//
// Each edit is an exact anchor in node_modules/fengari/src/lvm.js plus the text put in its
// place. The script is idempotent (a file that carries PATCH_ID is left alone), keeps the
// pristine file beside it (lvm.js.fengari-ffi-orig) so a newer patch version re-applies on the
// original, and fails loudly when an anchor is missing (an unsupported fengari version)
// instead of leaving a half-patched VM behind. It finds fengari with require.resolve from
// the fengari-ffi package root, so it patches the copy fengari-ffi itself loads, also when
// fengari-ffi is installed as a dependency.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const PATCH_ID = "fengari-ffi:mixed-eq/1";
const SUPPORTED_FENGARI = "0.1.5";

const HELPER = `/* ${PATCH_ID}: added by fengari-ffi (patches/patch-fengari.cjs).
** LuaJIT compares a cdata with nil, a boolean, a number or a string through the cdata's
** __eq; Lua 5.3 never calls __eq for operands of different types. When exactly one operand
** is a full userdata whose metatable fengari-ffi marked with the symbol below and the other
** is nil, a boolean, a number or a string, its __eq is called with both operands in their
** original order. Every other comparison keeps Lua 5.3 semantics. */
const FENGARI_FFI_MIXED_EQ = Symbol.for("fengari-ffi.mixed-eq");
const fengari_ffi_eq_scalar = function(o) {
    return o.ttisnil() || o.ttisboolean() || o.ttisnumber() || o.ttisstring();
};
const fengari_ffi_mixed_eq = function(L, t1, t2) {
    let u;
    if (t1.ttisfulluserdata() && fengari_ffi_eq_scalar(t2)) u = t1;
    else if (t2.ttisfulluserdata() && fengari_ffi_eq_scalar(t1)) u = t2;
    else return 0;
    const mt = u.value.metatable;
    if (mt === null || mt[FENGARI_FFI_MIXED_EQ] !== true) return 0;
    const tm = ltm.fasttm(L, mt, ltm.TMS.TM_EQ);
    if (tm === null) return 0;
    const tv = new lobject.TValue();
    ltm.luaT_callTM(L, tm, t1, t2, tv, 1);
    return tv.l_isfalse() ? 0 : 1;
};

`;

// The edits, in file order. `anchor` must occur exactly once in the pristine file.
const EDITS = [
  {
    anchor: "const luaV_equalobj = function(L, t1, t2) {\n",
    replacement: HELPER + "const luaV_equalobj = function(L, t1, t2) {\n",
  },
  {
    anchor:
      "        if (t1.ttnov() !== t2.ttnov() || t1.ttnov() !== LUA_TNUMBER)\n" +
      "            return 0; /* only numbers can be equal with different variants */\n",
    replacement:
      "        if (t1.ttnov() !== t2.ttnov() || t1.ttnov() !== LUA_TNUMBER) /* only numbers can be equal with different variants */\n" +
      `            return L === null ? 0 : fengari_ffi_mixed_eq(L, t1, t2); /* ${PATCH_ID} */\n`,
  },
  {
    anchor: "module.exports.luaV_equalobj    = luaV_equalobj;\n",
    replacement:
      "module.exports.luaV_equalobj    = luaV_equalobj;\n" +
      `module.exports.FENGARI_FFI_PATCH = "${PATCH_ID}"; /* checked by fengari-ffi at runtime */\n`,
  },
];

// Returns the patched text of a pristine lvm.js, or throws naming the missing anchor.
function patchSource(source) {
  let out = source;
  for (const { anchor, replacement } of EDITS) {
    const at = out.indexOf(anchor);
    if (at < 0 || out.indexOf(anchor, at + 1) >= 0) {
      throw new Error(`expected exactly one occurrence of:\n${anchor}`);
    }
    out = out.slice(0, at) + replacement + out.slice(at + anchor.length);
  }
  return out;
}

// Patches lvm.js in place; returns "patched" or "already patched".
function patchFile(lvmPath) {
  const current = fs.readFileSync(lvmPath, "utf8");
  if (current.includes(`FENGARI_FFI_PATCH = "${PATCH_ID}"`)) return "already patched";
  const backup = lvmPath + ".fengari-ffi-orig";
  const older = current.includes("fengari-ffi:");
  // An older patch version: start again from the pristine copy it left behind.
  if (older && !fs.existsSync(backup)) {
    throw new Error(`${lvmPath} carries another fengari-ffi patch and no ${backup}`);
  }
  const pristine = older ? fs.readFileSync(backup, "utf8") : current;
  const patched = patchSource(pristine);
  if (!older) fs.writeFileSync(backup, pristine);
  const tmp = lvmPath + ".fengari-ffi-tmp";
  fs.writeFileSync(tmp, patched);
  fs.renameSync(tmp, lvmPath);
  return "patched";
}

// The lvm.js that fengari-ffi loads at runtime (resolved from the package root).
function findLvm() {
  return require.resolve("fengari/src/lvm.js", { paths: [path.join(__dirname, "..")] });
}

function main() {
  let lvmPath = "(fengari not found)";
  try {
    lvmPath = findLvm();
    const status = patchFile(lvmPath);
    process.stdout.write(`fengari-ffi: ${status} ${lvmPath} (${PATCH_ID})\n`);
  } catch (e) {
    let version = "unknown";
    try {
      version = require(path.join(path.dirname(lvmPath), "..", "package.json")).version;
    } catch {}
    process.stderr.write(
      `fengari-ffi: cannot patch fengari ${version} at ${lvmPath} (supported: ${SUPPORTED_FENGARI}).\n` +
        `${e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exit(1);
  }
}

module.exports = { PATCH_ID, patchSource, patchFile, findLvm };

if (require.main === module) main();
