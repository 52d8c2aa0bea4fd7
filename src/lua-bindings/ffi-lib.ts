// The `ffi` library table (lib_ffi.c). It is built once per lua_State, on the first
// require("ffi"); the functions close over the state's FfiState.
import { endianness } from "node:os";
import { lauxlib, lua, type lua_CFunction, type lua_State, to_jsstring } from "fengari";
import { FfiError, msg } from "../ctype";
import { createCdataMetatable } from "./cdata-meta";
import { toCData } from "./cdata-stack";
import { CLib, defaultCLib, openLibrary, pushCLib } from "./clib";
import { luaValueName } from "./convert";
import { luaFunction } from "./errors";
import { ffiApi, luaType, makeToNumber } from "./ffi-api";
import { checkFinalizable, Finalizers, isFinalizer } from "./finalizers";
import type { FfiState } from "./state";

const {
  lua_getglobal,
  lua_pop,
  lua_pushboolean,
  lua_pushjsfunction,
  lua_pushstring,
  lua_setfield,
  lua_setglobal,
} = lua;
const { lua_settop, lua_tocfunction, lua_toboolean } = lua;
const { luaL_checkstring, luaL_newlib } = lauxlib;

// ffi.os: LuaJIT's names for the operating systems Node reports.
export function ffiOs(platform: NodeJS.Platform = process.platform): string {
  switch (platform) {
    case "linux":
      return "Linux";
    case "darwin":
      return "OSX";
    case "win32":
      return "Windows";
    case "freebsd":
    case "openbsd":
    case "netbsd":
      return "BSD";
    case "aix":
    case "sunos":
    case "android":
      return "POSIX";
    default:
      return "Other";
  }
}

// ffi.arch: LuaJIT's names for the architectures Node reports.
export function ffiArch(arch: string = process.arch): string {
  switch (arch) {
    case "ia32":
      return "x86";
    case "ppc64":
      return "ppc";
    default:
      return arch;
  }
}

// The ffi.abi parameters that hold on this platform; every other parameter is false.
export function ffiAbiFlags(
  arch: string = process.arch,
  platform: string = process.platform,
): ReadonlySet<string> {
  const flags = new Set<string>();
  const is64 =
    arch === "x64" || arch === "arm64" || arch === "ppc64" || arch === "s390x" || arch === "riscv64";
  flags.add(is64 ? "64bit" : "32bit");
  flags.add(endianness() === "LE" ? "le" : "be");
  flags.add("fpu");
  flags.add("hardfp");
  if (platform === "win32") flags.add("win");
  // LuaJIT 2.1 uses 64-bit GC references on all 64-bit targets.
  if (is64) flags.add("gc64");
  return flags;
}

// Pushes a new `ffi` table for the state.
export function pushFfiLibrary(L: lua_State, state: FfiState): void {
  const abi = ffiAbiFlags();
  if (state.cdataMetatable === null) {
    state.cdataMetatable = createCdataMetatable(L, state);
    installCdataGlobals(L, state);
    state.finalizers = new Finalizers(L.l_G.mainthread, state);
  }
  const finalizers = state.finalizers!;
  const functions: Record<string, lua_CFunction> = {
    abi: (L) => {
      lua_pushboolean(L, abi.has(to_jsstring(luaL_checkstring(L, 1))));
      return 1;
    },
    ...ffiApi(state),
    gc: (L) => {
      const cd = toCData(L, 1);
      if (cd === undefined || cd.isCtype) throw new FfiError(msg.invalidType());
      checkFinalizable(cd.t);
      if (!isFinalizer(L, 2)) throw new FfiError(msg.cannotConvert(luaValueName(L, state, 2), "function"));
      finalizers.set(L, cd, 2);
      lua_settop(L, 1);
      return 1;
    },
    load: (L) => {
      const name = to_jsstring(luaL_checkstring(L, 1));
      if (!state.mayLoad(name)) throw new FfiError(`ffi.load: the host does not allow loading '${name}'`);
      pushCLib(L, state, new CLib(openLibrary(name, lua_toboolean(L, 2)), name));
      return 1;
    },
  };
  for (const name of Object.keys(functions)) functions[name] = luaFunction(functions[name]!);
  luaL_newlib(L, functions);
  if (state.allowC) {
    pushCLib(L, state, defaultCLib());
    lua_setfield(L, -2, "C");
  }
  lua_pushstring(L, ffiOs());
  lua_setfield(L, -2, "os");
  lua_pushstring(L, ffiArch());
  lua_setfield(L, -2, "arch");
}

// type() answers "cdata" and tonumber() converts number cdata, as in LuaJIT. No cdata exists
// before the first require("ffi"), so replacing the globals then is as good as at open time.
function installCdataGlobals(L: lua_State, state: FfiState): void {
  lua_pushjsfunction(L, luaFunction(luaType));
  lua_setglobal(L, "type");
  lua_getglobal(L, "tonumber");
  const original = lua_tocfunction(L, -1);
  lua_pop(L, 1);
  if (original !== null) {
    lua_pushjsfunction(L, luaFunction(makeToNumber(state, original)));
    lua_setglobal(L, "tonumber");
  }
}
