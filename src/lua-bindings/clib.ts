/*
 * C library namespaces: ffi.C and what ffi.load returns (lj_clib.c).
 *
 * A namespace is a userdata whose __index resolves a name through the state's declarations:
 * a constant gives a Lua number, a function gives a function cdata bound to the symbol's
 * address, an extern variable is read (and written by __newindex) in place. Symbols are
 * looked up with dlsym on first use and the binding is cached, as in LuaJIT. ffi.load applies
 * LuaJIT's name rules (`z` -> `libz.so`) and, when dlopen finds a GNU ld script instead of a
 * shared object (the `libc.so` text file of glibc's dev package), follows its first
 * GROUP/INPUT entry. Namespaces are anchored by the state, so a loaded library is never
 * unloaded while function cdata may still point into it (LuaJIT #1504).
 */
import { readFileSync } from "node:fs";
import { lua, type lua_State, to_jsstring, type Udata } from "fengari";
import { type CType, type Declaration, FfiError, msg, objectQualifiers, QUAL_CONST, sizeOf } from "../ctype";
import { DEFAULT_NAMESPACE, dlopen, dlsym, type LibraryHandle, NativeError } from "../native";
import { CData } from "./cdata";
import { pushConstant } from "./cdata-index";
import { pushCData } from "./cdata-stack";
import { pushC, storeC } from "./convert";
import { luaFunction } from "./errors";
import type { FfiState } from "./state";

const { lua_newtable, lua_newuserdata, lua_pushjsfunction, lua_pushstring } = lua;
const { lua_setfield, lua_tostring, lua_touserdata } = lua;

/** One namespace: a library handle and its resolved symbols. */
export class CLib {
  /** Addresses resolved so far, by symbol name. */
  private readonly symbols = new Map<string, number>();

  constructor(
    readonly handle: LibraryHandle,
    readonly name: string,
  ) {}

  /** The address of `symbol`, or an error in LuaJIT's words. */
  address(symbol: string): number {
    let a = this.symbols.get(symbol);
    if (a === undefined) {
      a = dlsym(this.handle, symbol);
      if (a === undefined) throw new FfiError(`cannot resolve symbol '${symbol}'`);
      this.symbols.set(symbol, a);
    }
    return a;
  }
}

/** LuaJIT's library name rules (clib_extname): no slash and no dot -> `lib` + name + `.so`. */
export function libraryFileName(name: string): string {
  if (name.includes("/")) return name;
  let file = name;
  if (!file.includes(".")) file = `${file}.so`;
  if (!file.startsWith("lib")) file = `lib${file}`;
  return file;
}

/** The first library a GNU ld script names (`GROUP ( /lib/.../libc.so.6 ... )`), if `path` is one. */
export function ldScriptTarget(path: string): string | undefined {
  let text: string;
  try {
    text = readFileSync(path, "latin1");
  } catch {
    return undefined;
  }
  const m = /\b(?:GROUP|INPUT)\s*\(\s*([^\s()]+)/.exec(text);
  return m?.[1];
}

/** Opens a library with LuaJIT's name resolution and ld-script fallback. */
export function openLibrary(name: string, global: boolean): LibraryHandle {
  const file = libraryFileName(name);
  try {
    return dlopen(file, { lazy: true, global });
  } catch (e) {
    if (!(e instanceof NativeError)) throw e;
    // dlerror starts with the path it tried: "/usr/lib/.../libc.so: invalid ELF header"
    const tried = /^([^:]+):/.exec(e.message.replace(/^[^:]*dlopen[^:]*:\s*/, ""))?.[1];
    const target = tried === undefined ? undefined : ldScriptTarget(tried);
    if (target !== undefined) return dlopen(target, { lazy: true, global });
    throw new FfiError(e.message.replace(/^dlopen:\s*/, ""));
  }
}

/** The declaration `name` refers to, or LuaJIT's error. */
function declarationOf(st: FfiState, name: string): Declaration {
  const d = st.reg.declaration(name);
  if (d === undefined) throw new FfiError(msg.missingDecl(name));
  return d;
}

/** Pushes a namespace userdata for `lib`. */
export function pushCLib(L: lua_State, st: FfiState, lib: CLib): void {
  lua_newuserdata(L, 0);
  const u = L.stack[L.top - 1]!.value as Udata;
  u.data = lib;
  u.metatable = clibMetatable(L, st);
  st.anchorLibrary(lib);
}

/** The shared metatable of namespaces, created on first use. */
function clibMetatable(L: lua_State, st: FfiState): object {
  if (st.clibMetatable !== null) return st.clibMetatable;
  lua_newtable(L);
  lua_pushjsfunction(
    L,
    luaFunction((L) => {
      const lib = lua_touserdata(L, 1) as CLib;
      const name = to_jsstring(lua_tostring(L, 2) ?? new Uint8Array());
      const d = declarationOf(st, name);
      switch (d.kind) {
        case "const":
          pushConstant(L, d.value);
          return 1;
        case "func":
          pushCData(L, st, new CData(st.reg.get(d.type), lib.address(d.symbol), lib));
          return 1;
        case "var":
          pushC(L, st, st.reg.get(d.type), lib.address(d.symbol), lib);
          return 1;
      }
    }),
  );
  lua_setfield(L, -2, "__index");
  lua_pushjsfunction(
    L,
    luaFunction((L) => {
      const lib = lua_touserdata(L, 1) as CLib;
      const name = to_jsstring(lua_tostring(L, 2) ?? new Uint8Array());
      const d = declarationOf(st, name);
      if (d.kind !== "var") throw new FfiError(msg.writeConst());
      const t: CType = st.reg.get(d.type);
      if ((objectQualifiers(st.reg, t) & QUAL_CONST) !== 0) throw new FfiError(msg.writeConst());
      const address = lib.address(d.symbol);
      // the declared size is all the room known to be there (none for a [0] array)
      storeC(L, st, 3, t, address, (keep) => st.anchorLibraryData(lib, keep), sizeOf(st.reg, t.id));
      return 0;
    }),
  );
  lua_setfield(L, -2, "__newindex");
  lua_pushstring(L, "ffi.clib");
  lua_setfield(L, -2, "__metatable");
  st.clibMetatable = (L.stack[L.top - 1] as { value: object }).value;
  lua.lua_pop(L, 1);
  return st.clibMetatable;
}

/** The default namespace (ffi.C): the process's own symbols. */
export function defaultCLib(): CLib {
  return new CLib(DEFAULT_NAMESPACE, "C");
}
