// `fengari-ffi [options] [script [args]]`: the standalone interpreter, following lua.c.
//
//   -e chunk   run the string `chunk`
//   -l name    require library `name` into global `name`
//   -v         print version information
//   -E         ignore the environment variables LUA_INIT_5_3 and LUA_INIT
//   --         stop handling options
//   -          run standard input and stop handling options
//
// Before the options run, LUA_INIT_5_3 (or LUA_INIT) is run: `@file` runs a file, anything else
// is a chunk. There is no interactive mode (-i). With no script and no -e/-v, the script is
// read from standard input. The script gets its
// arguments as `...` and in the global `arg` (arg[0] the script, the interpreter and its
// options at negative indices). A Lua error prints `fengari-ffi: message` and a traceback to
// standard error and exits with status 1.
import { readFileSync } from "node:fs";
import {
  createState,
  LuaRunError,
  messageOf,
  requireGlobal,
  runLua,
  setArgTable,
  VERSION,
} from "./lua-bindings";

const PROGNAME = "fengari-ffi";

const USAGE = `usage: ${PROGNAME} [options] [script [args]]
Available options are:
  -e stat  execute string 'stat'
  -l name  require library 'name' into global 'name'
  -v       show version information
  -E       ignore environment variables
  --       stop handling options
  -        stop handling options and execute stdin
`;

type Action = { kind: "e"; chunk: string } | { kind: "l"; name: string };

interface CommandLine {
  actions: Action[];
  version: boolean;
  ignoreEnv: boolean;
  /** Index in argv of the script ("-" for stdin), or argv.length when there is none. */
  script: number;
}

// Parses argv (argv[0] is the program name) as lua.c's collectargs does; a string is a usage error.
function parseArgs(argv: readonly string[]): CommandLine | string {
  const cl: CommandLine = { actions: [], version: false, ignoreEnv: false, script: argv.length };
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "-" || !a.startsWith("-")) return { ...cl, script: i };
    if (a === "--") return { ...cl, script: i + 1 < argv.length ? i + 1 : argv.length };
    if (a === "-v" || a === "-E") {
      if (a === "-v") cl.version = true;
      else cl.ignoreEnv = true;
      continue;
    }
    if (a === "-i") return "interactive mode (-i) is not supported";
    const opt = a.slice(0, 2);
    if (opt !== "-e" && opt !== "-l") return `unrecognized option '${a}'`;
    const value = a.length > 2 ? a.slice(2) : argv[++i];
    if (value === undefined) return `'${opt}' needs argument`;
    cl.actions.push(opt === "-e" ? { kind: "e", chunk: value } : { kind: "l", name: value });
  }
  return cl;
}

// Reads the main script; a first line starting with '#' (a shebang) is blanked, as luaL_loadfile does.
function readScript(path: string): { source: Buffer; chunkname: string } {
  const stdin = path === "-";
  const source = readFileSync(stdin ? 0 : path);
  if (source[0] === 0x23) {
    const eol = source.indexOf(0x0a);
    source.fill(0x20, 0, eol < 0 ? source.length : eol);
  }
  return { source, chunkname: stdin ? "=stdin" : `@${path}` };
}

function report(message: string): void {
  process.stderr.write(`${PROGNAME}: ${message}\n`);
}

// Runs the interpreter; returns the exit status.
function main(argv: readonly string[]): number {
  const cl = parseArgs(argv);
  if (typeof cl === "string") {
    report(cl);
    process.stderr.write(USAGE);
    return 1;
  }
  if (cl.version) process.stdout.write(`${PROGNAME} ${VERSION} (fengari, Lua 5.3)\n`);
  try {
    const L = createState();
    setArgTable(L, argv, cl.script);
    const init = cl.ignoreEnv ? undefined : (process.env.LUA_INIT_5_3 ?? process.env.LUA_INIT);
    if (init?.startsWith("@")) runLua(L, readScript(init.slice(1)).source, `@${init.slice(1)}`);
    else if (init !== undefined) runLua(L, init, "=LUA_INIT");
    for (const action of cl.actions) {
      if (action.kind === "e") runLua(L, action.chunk, "=(command line)");
      else requireGlobal(L, action.name);
    }
    const script = argv[cl.script];
    const readStdin = script === undefined && cl.actions.length === 0 && !cl.version;
    if (script !== undefined || readStdin) {
      let loaded: { source: Buffer; chunkname: string };
      try {
        loaded = readScript(script ?? "-");
      } catch (e) {
        report(`cannot open ${script ?? "stdin"}${e instanceof Error && "code" in e ? ` (${e.code})` : ""}`);
        return 1;
      }
      runLua(L, loaded.source, loaded.chunkname, argv.slice(cl.script + 1));
    }
    return 0;
  } catch (e) {
    if (e instanceof LuaRunError) report(e.traceback ? `${e.message}\n${e.traceback}` : e.message);
    else report(messageOf(e));
    return 1;
  }
}

// process.exitCode rather than process.exit() so that pending output is flushed first.
process.exitCode = main([PROGNAME, ...process.argv.slice(2)]);
