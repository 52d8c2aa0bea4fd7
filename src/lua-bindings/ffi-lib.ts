// The `ffi` library table (lib_ffi.c). It is built once per lua_State, on the first
// require("ffi"); the functions close over the state's FfiState.
import { endianness } from "node:os";
import { lauxlib, lua, type lua_State, to_jsstring } from "fengari";
import { luaFunction } from "./errors";
import type { FfiState } from "./state";

const { lua_pushboolean, lua_pushstring, lua_setfield } = lua;
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
export function pushFfiLibrary(L: lua_State, _state: FfiState): void {
  const abi = ffiAbiFlags();
  luaL_newlib(L, {
    abi: luaFunction((L) => {
      lua_pushboolean(L, abi.has(to_jsstring(luaL_checkstring(L, 1))));
      return 1;
    }),
  });
  lua_pushstring(L, ffiOs());
  lua_setfield(L, -2, "os");
  lua_pushstring(L, ffiArch());
  lua_setfield(L, -2, "arch");
}
