// The `fengari-ffi` command, built with tsup into build/cli-test and run with node.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "tsup";
import { beforeAll, describe, expect, it } from "vitest";

const ROOT = resolve(__dirname, "..");
const OUT = join(ROOT, "build", "cli-test");
const CLI = join(OUT, "cli.js");
const work = mkdtempSync(join(tmpdir(), "fengari-ffi-cli-"));

beforeAll(async () => {
  // Inside the repository so that the bundle's `import "fengari"` resolves to node_modules.
  await build({
    config: false,
    entry: { cli: join(ROOT, "src/cli.ts") },
    format: ["esm"],
    target: "node20",
    outDir: OUT,
    silent: true,
  });
});

function run(args: string[], input = "", env: Record<string, string> = {}) {
  const { LUA_INIT: _a, LUA_INIT_5_3: _b, ...base } = process.env;
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: work,
    input,
    encoding: "utf8",
    env: { ...base, ...env },
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function script(name: string, source: string): string {
  writeFileSync(join(work, name), source);
  return name;
}

describe("fengari-ffi CLI", () => {
  it("runs a script with the arg table and ... like lua", () => {
    const s = script(
      "args.lua",
      "print(select('#', ...), ..., arg[0], arg[1], arg[2], arg[-1], arg[-2], arg[-3])",
    );
    expect(run(["-e", "x=1", s, "a", "b"])).toEqual({
      status: 0,
      stdout: "2\ta\targs.lua\ta\tb\tx=1\t-e\tfengari-ffi\n",
      stderr: "",
    });
  });

  it("has ffi, bit and jit available through require", () => {
    const s = script(
      "ffi.lua",
      "local ffi = require('ffi') print(type(ffi.abi), require('bit').band(12, 10))",
    );
    expect(run([s]).stdout).toBe("function\t8\n");
  });

  it("runs -e chunks in order, and -l", () => {
    expect(run(["-e", "x = 20", "-e", "print(x + 1)"]).stdout).toBe("21\n");
    expect(run(["-lbit", "-e", "print(bit.tohex(255))"]).stdout).toBe("000000ff\n");
  });

  it("reads the script from stdin for '-' or no script", () => {
    expect(run(["-", "p"], "print('stdin', ...)").stdout).toBe("stdin\tp\n");
    expect(run([], "print('piped', arg[0])").stdout).toBe("piped\tfengari-ffi\n");
  });

  it("prints the version with -v, without reading stdin", () => {
    const r = run(["-v"], "print('not run')");
    expect(r.stdout).toMatch(/^fengari-ffi \d+\.\d+\.\d+ /);
    expect(r.stdout).not.toContain("not run");
  });

  it("reports a Lua error with a traceback on stderr and exits 1", () => {
    const s = script(
      "fail.lua",
      "#!/usr/bin/env fengari-ffi\nlocal function f() error('bad thing') end\nf()\n",
    );
    const r = run([s]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^fengari-ffi: fail\.lua:2: bad thing\nstack traceback:\n/);
    expect(r.stderr).toContain("fail.lua:3: in main chunk");
  });

  it("reports syntax errors, missing files and bad options", () => {
    expect(run(["-e", "x = = 1"])).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^fengari-ffi: .*near '='/),
    });
    expect(run(["missing.lua"])).toMatchObject({
      status: 1,
      stderr: "fengari-ffi: cannot open missing.lua (ENOENT)\n",
    });
    const bad = run(["-x"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/^fengari-ffi: unrecognized option '-x'\nusage:/);
  });

  it("runs LUA_INIT_5_3 or LUA_INIT first, unless -E", () => {
    expect(run(["-e", "print(x)"], "", { LUA_INIT: "x = 'init'" }).stdout).toBe("init\n");
    expect(run(["-e", "print(x)"], "", { LUA_INIT: "x = 1", LUA_INIT_5_3: "x = 2" }).stdout).toBe("2\n");
    const s = script("init.lua", "x = 'from file'");
    expect(run(["-e", "print(x)"], "", { LUA_INIT: `@${s}` }).stdout).toBe("from file\n");
    expect(run(["-E", "-e", "print(x)"], "", { LUA_INIT: "x = 1" }).stdout).toBe("nil\n");
  });

  it("has no interactive mode", () => {
    expect(run(["-i"])).toMatchObject({
      status: 1,
      stderr: expect.stringMatching(/^fengari-ffi: interactive mode/),
    });
  });

  it("keeps output written before an error", () => {
    const r = run(["-e", "for i = 1, 3000 do print(i) end error('late')"]);
    expect(r.stdout.trimEnd().split("\n")).toHaveLength(3000);
    expect(r.status).toBe(1);
  });
});
