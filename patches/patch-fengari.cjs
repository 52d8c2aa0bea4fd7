#!/usr/bin/env node
// Patches the installed fengari for two LuaJIT behaviours that fengari-ffi needs in the VM
// itself; runs as fengari-ffi's postinstall. See docs/decisions/equality.md.
//
// - lvm.js: a full userdata opted in by fengari-ffi (cdata) compares equal to nil, a boolean, a
//   number or a string through its __eq, as in LuaJIT (`p == nil`, `x == 0`).
// - lvm.js: indexing a full userdata whose metatable carries fengari-ffi's index hooks (cdata)
//   first offers the access to the hook, which reads or writes plain numbers in C memory
//   directly into the VM's stack slot; anything else falls through to __index / __newindex.
//   This is what makes `a[i]` and `p.x` on cdata cost about what a table access costs.
// - ldo.js: calling a full userdata whose metatable carries fengari-ffi's call hook (a C
//   function cdata) runs the hook as a JS function of the VM, with the arguments where a JS
//   function finds them, instead of shifting the stack to call a __call metamethod.
// - lstrlib.js: string.format's %e, %f and %g print as C prints them (fengari's sprintf
//   library gives `0.6000000000000001` for %g, `1e-1` for %e and `0.1` for %f), so Lua code
//   that formats numbers prints what it prints under LuaJIT.
// - llex.js, lparser.js, lcode.js: the numeric literal suffixes LL / ULL (`0x10ULL`), scanned
//   only in states where fengari-ffi installed a literal hook; the literal becomes a constant of
//   the function, built by that hook (an int64 cdata).
//
// Each edit is an exact anchor in a pristine fengari 0.1.5 source file plus the text put in its
// place. All files are patched together or not at all: every patched source is computed before
// anything is written, and a missing anchor (an unsupported fengari version) aborts with a
// message. The run is idempotent (files that carry PATCH_ID are left alone); the pristine files
// are kept beside the patched ones (*.fengari-ffi-orig) so a newer patch version re-applies on
// the originals. fengari is found with require.resolve from the fengari-ffi package root: the
// copy fengari-ffi itself loads, also when fengari-ffi is installed as a dependency.
"use strict";

const fs = require("node:fs");
const path = require("node:path");

const PATCH_ID = "fengari-ffi:patch/12";
const SUPPORTED_FENGARI = "0.1.5";

const MIXED_EQ_HELPER = `/* ${PATCH_ID}: added by fengari-ffi (patches/patch-fengari.cjs).
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

const INT64_LITERAL = `    /* ${PATCH_ID}: LuaJIT's 64-bit integer literals (1LL, 0x10ULL), only in states where
    ** fengari-ffi installed its literal hook. As in LuaJIT, letters after the digits belong to
    ** the numeral; the hook checks the text and pushes the constant (or returns false). */
    const fengari_ffi_literal = ls.L.l_G[Symbol.for("fengari-ffi.int64-literal")];
    if (fengari_ffi_literal !== undefined && (ls.current === 76 || ls.current === 108 || ls.current === 85 || ls.current === 117)) {
        while (lislalnum(ls.current))
            save_and_next(ls);
        if (!fengari_ffi_literal(ls.L, luaZ_buffer(ls.buff)))
            lexerror(ls, to_luastring("malformed number", true), TK_FLT);
        const L = ls.L;
        seminfo.cdata = new lobject.TValue();
        seminfo.cdata.setfrom(L.stack[L.top - 1]);
        delete L.stack[--L.top];
        return TK_INT;
    }
    seminfo.cdata = null;

`;

const INDEX_HOOKS = `/* ${PATCH_ID}: cdata index fast paths, added by fengari-ffi (patches/patch-fengari.cjs).
** A metatable may carry JS functions under these symbols; luaV_gettable and settable offer
** the access to them first, and a hook that returns false leaves the access to the usual
** __index / __newindex path. Only fengari-ffi sets them, on the metatable of its cdata. */
const FENGARI_FFI_GET = Symbol.for("fengari-ffi.get");
const FENGARI_FFI_SET = Symbol.for("fengari-ffi.set");

`;

const FMT_FLOAT = `/* ${PATCH_ID}: C's %e %f %g for string.format, added by fengari-ffi
** (patches/patch-fengari.cjs). form: the char codes of '%', flags, width, precision, conversion. */
const fengari_ffi_fmtfloat = function(form, n) {
    const spec = String.fromCharCode(...form);
    const m = /^%([-+ #0]*)(\\d*)(?:\\.(\\d*))?([eEfgG])$/.exec(spec);
    if (m === null) return spec;
    const flags = m[1], width = m[2] === "" ? 0 : +m[2], conv = m[4];
    let prec = m[3] === undefined ? 6 : +m[3];
    const upper = conv === "E" || conv === "G";
    const neg = n < 0 || Object.is(n, -0);
    let a = Math.abs(n), body;
    const exp = (s) => s.replace(/e([+-])(\\d)$/, "e$10$2");
    if (!isFinite(a)) body = isNaN(a) ? "nan" : "inf";
    else if (conv === "f") body = a < 1e21 ? a.toFixed(prec) : BigInt(a).toString() + (prec > 0 ? "." + "0".repeat(prec) : "");
    else if (conv === "e" || conv === "E") body = exp(a.toExponential(prec));
    else {
        if (prec === 0) prec = 1;
        const x = a === 0 ? 0 : +a.toExponential(prec - 1).split("e")[1];
        body = (x < prec && x >= -4) ? a.toFixed(prec - 1 - x) : exp(a.toExponential(prec - 1));
        if (!flags.includes("#")) body = body.replace(/\\.?0+(?=e|$)/, (z) => (z.startsWith(".") || body.includes(".") ? "" : z));
        else if (!body.includes(".")) body = body.replace(/(?=e|$)/, ".");
    }
    if (upper) body = body.toUpperCase();
    const sign = neg && !isNaN(a) ? "-" : flags.includes("+") ? "+" : flags.includes(" ") ? " " : "";
    let out = sign + body;
    if (out.length < width) {
        if (flags.includes("-")) out = out.padEnd(width);
        else if (flags.includes("0") && isFinite(a)) out = sign + body.padStart(width - sign.length, "0");
        else out = out.padStart(width);
    }
    return out;
};

`;

// The edits per file under fengari/src, in file order. Each anchor must occur exactly once.
const FILES = {
  "lvm.js": [
    {
      anchor: "const luaV_equalobj = function(L, t1, t2) {\n",
      replacement: MIXED_EQ_HELPER + "const luaV_equalobj = function(L, t1, t2) {\n",
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
      anchor: "const MAXTAGLOOP = 2000;\n",
      replacement: INDEX_HOOKS + "const MAXTAGLOOP = 2000;\n",
    },
    {
      anchor: "const luaV_gettable = function(L, t, key, ra) {\n",
      replacement:
        "const luaV_gettable = function(L, t, key, ra) {\n" +
        `    if (t.type === LUA_TUSERDATA && t.value.metatable !== null) { /* ${PATCH_ID} */\n` +
        "        const hook = t.value.metatable[FENGARI_FFI_GET];\n" +
        "        if (hook !== undefined && hook(L, t.value, key, ra)) return;\n" +
        "    }\n",
    },
    {
      anchor: "const settable = function(L, t, key, val) {\n",
      replacement:
        "const settable = function(L, t, key, val) {\n" +
        `    if (t.type === LUA_TUSERDATA && t.value.metatable !== null) { /* ${PATCH_ID} */\n` +
        "        const hook = t.value.metatable[FENGARI_FFI_SET];\n" +
        "        if (hook !== undefined && hook(L, t.value, key, val)) return;\n" +
        "    }\n",
    },
    {
      anchor: "module.exports.luaV_equalobj    = luaV_equalobj;\n",
      replacement:
        "module.exports.luaV_equalobj    = luaV_equalobj;\n" +
        `module.exports.FENGARI_FFI_PATCH = "${PATCH_ID}"; /* checked by fengari-ffi at runtime */\n`,
    },
  ],
  "ldo.js": [
    {
      anchor: "const luaD_precall = function(L, off, nresults) {\n",
      replacement:
        `/* ${PATCH_ID}: the frame function of a call run by fengari-ffi's call hook. The hook gets
** the cdata itself; the frame gets a C function, which is what lua_getinfo and tracebacks expect
** (it reads as "[C]: in ?", or by the name the caller used). */
const FENGARI_FFI_CALL_FRAME = new lobject.TValue(LUA_TLCF, function fengari_ffi_call() { return 0; });

` + "const luaD_precall = function(L, off, nresults) {\n",
    },
    {
      anchor: "        default:\n            luaD_checkstack(L, 1);\n            tryfuncTM(L, off, func);\n",
      replacement:
        `        default: /* ${PATCH_ID}: fengari-ffi's call hook for C function cdata */\n` +
        "            if (func.ttisfulluserdata() && func.value.metatable !== null) {\n" +
        '                const hook = func.value.metatable[Symbol.for("fengari-ffi.call")];\n' +
        "                if (hook !== undefined) {\n" +
        "                    luaD_checkstack(L, LUA_MINSTACK);\n" +
        "                    let ci = lstate.luaE_extendCI(L);\n" +
        "                    ci.funcOff = off;\n" +
        "                    ci.nresults = nresults;\n" +
        "                    ci.func = FENGARI_FFI_CALL_FRAME; /* lua_getinfo wants a function here */\n" +
        "                    ci.top = L.top + LUA_MINSTACK;\n" +
        "                    ci.callstatus = 0;\n" +
        "                    if (L.hookmask & LUA_MASKCALL)\n" +
        "                        luaD_hook(L, LUA_HOOKCALL, -1);\n" +
        "                    let n = hook(L, func.value); /* -1: not a C function, use __call */\n" +
        "                    if (n === 1 && nresults === 1 && !(L.hookmask & (LUA_MASKRET | LUA_MASKLINE))) {\n" +
        "                        /* one result for one wanted: moveresults without its per-slot deletes */\n" +
        "                        lobject.setobjs2s(L, off, L.top - 1);\n" +
        "                        L.ci = ci.previous;\n" +
        "                        L.ci.next = null;\n" +
        "                        L.top = off + 1;\n" +
        "                        return true;\n" +
        "                    }\n" +
        "                    if (n >= 0) {\n" +
        "                        luaD_poscall(L, ci, L.top - n, n);\n" +
        "                        return true;\n" +
        "                    }\n" +
        "                    L.ci = ci.previous;\n" +
        "                }\n" +
        "            }\n" +
        "            luaD_checkstack(L, 1);\n" +
        "            tryfuncTM(L, off, func);\n",
    },
  ],
  "lstrlib.js": [
    {
      anchor: "const str_format = function(L) {\n",
      replacement: FMT_FLOAT + "const str_format = function(L) {\n",
    },
    {
      anchor:
        "                case 'g': case 'G': {\n" +
        "                    let n = luaL_checknumber(L, arg);\n" +
        "                    addlenmod(form, to_luastring(LUA_INTEGER_FRMLEN, true));\n" +
        "                    luaL_addstring(b, to_luastring(sprintf(String.fromCharCode(...form), n)));\n",
      replacement:
        "                case 'g': case 'G': {\n" +
        "                    let n = luaL_checknumber(L, arg);\n" +
        `                    luaL_addstring(b, to_luastring(fengari_ffi_fmtfloat(form, n))); /* ${PATCH_ID} */\n`,
    },
  ],
  "llex.js": [
    {
      anchor: "    // save(ls, 0);\n\n    let obj = new lobject.TValue();\n",
      replacement: "    // save(ls, 0);\n\n" + INT64_LITERAL + "    let obj = new lobject.TValue();\n",
    },
    {
      anchor: "        ls.t.seminfo.ts = ls.lookahead.seminfo.ts;\n",
      replacement:
        "        ls.t.seminfo.ts = ls.lookahead.seminfo.ts;\n" +
        `        ls.t.seminfo.cdata = ls.lookahead.seminfo.cdata; /* ${PATCH_ID} */\n`,
    },
  ],
  "lparser.js": [
    {
      anchor: "        case R.TK_INT: {\n            init_exp(v, expkind.VKINT, 0);\n",
      replacement:
        "        case R.TK_INT: {\n" +
        `            if (ls.t.seminfo.cdata) { /* ${PATCH_ID}: a 64-bit literal is a constant */\n` +
        "                const k = require('./lcode.js').fengari_ffi_addk(ls.fs, ls.t.seminfo.cdata, ls.t.seminfo.cdata);\n" +
        "                init_exp(v, expkind.VK, k);\n" +
        "                break;\n" +
        "            }\n" +
        "            init_exp(v, expkind.VKINT, 0);\n",
    },
  ],
  "lcode.js": [
    {
      anchor: "module.exports.luaK_intK          = luaK_intK;\n",
      replacement:
        "module.exports.luaK_intK          = luaK_intK;\n" +
        `module.exports.fengari_ffi_addk = addk; /* ${PATCH_ID} */\n`,
    },
  ],
};

// Returns the patched text of a pristine fengari/src/<file>, or throws naming the missing anchor.
function patchSource(file, source) {
  let out = source;
  for (const { anchor, replacement } of FILES[file]) {
    const at = out.indexOf(anchor);
    if (at < 0 || out.indexOf(anchor, at + 1) >= 0) {
      throw new Error(`${file}: expected exactly one occurrence of:\n${anchor}`);
    }
    out = out.slice(0, at) + replacement + out.slice(at + anchor.length);
  }
  return out;
}

// Patches the files of a fengari/src directory; returns "patched" or "already patched".
function patchDir(srcDir) {
  const plans = Object.keys(FILES).map((file) => {
    const target = path.join(srcDir, file);
    const backup = target + ".fengari-ffi-orig";
    const current = fs.readFileSync(target, "utf8");
    // A file patched by an older version: start again from the pristine copy it left behind.
    const older = current.includes("fengari-ffi:") && !current.includes(PATCH_ID);
    if (older && !fs.existsSync(backup)) {
      throw new Error(`${target} carries another fengari-ffi patch and no ${backup}`);
    }
    return { file, target, backup, current, older, done: current.includes(PATCH_ID) };
  });
  if (plans.every((p) => p.done)) return "already patched";
  const writes = plans.map((p) => {
    const pristine = p.older || p.done ? fs.readFileSync(p.backup, "utf8") : p.current;
    return { ...p, pristine, patched: patchSource(p.file, pristine) };
  });
  for (const w of writes) {
    if (!w.older && !w.done) fs.writeFileSync(w.backup, w.pristine);
    const tmp = w.target + ".fengari-ffi-tmp";
    fs.writeFileSync(tmp, w.patched);
    fs.renameSync(tmp, w.target);
  }
  return "patched";
}

// The fengari/src directory that fengari-ffi loads at runtime (resolved from the package root).
function findFengariSrc() {
  return path.dirname(require.resolve("fengari/src/lvm.js", { paths: [path.join(__dirname, "..")] }));
}

function main() {
  let srcDir = "(fengari not found)";
  try {
    srcDir = findFengariSrc();
    const status = patchDir(srcDir);
    process.stdout.write(`fengari-ffi: ${status} ${srcDir} (${PATCH_ID})\n`);
  } catch (e) {
    let version = "unknown";
    try {
      version = require(path.join(srcDir, "..", "package.json")).version;
    } catch {}
    process.stderr.write(
      `fengari-ffi: cannot patch fengari ${version} at ${srcDir} (supported: ${SUPPORTED_FENGARI}).\n` +
        `${e instanceof Error ? e.message : String(e)}\n`,
    );
    process.exit(1);
  }
}

module.exports = { PATCH_ID, FILES, patchSource, patchDir, findFengariSrc };

if (require.main === module) main();
