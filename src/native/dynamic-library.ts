// The dynamic loader: dlopen / dlsym / dlerror / dlclose. Symbol addresses come back as JS
// numbers (user-space addresses are below 2^47). The default namespace is RTLD_DEFAULT: the
// executable (node, with V8, libuv, OpenSSL) and every library loaded with RTLD_GLOBAL, which
// is what LuaJIT's ffi.C searches.

import { libc } from "./libc";
import { NativeError } from "./native-error";
import { RTLD_DEFAULT, RTLD_GLOBAL, RTLD_LAZY, RTLD_NOW } from "./platform";

/** A handle from dlopen, or the default namespace. */
export interface LibraryHandle {
  readonly handle: number | bigint;
  readonly path: string | null;
}

/** How to open a library; LuaJIT's ffi.load uses lazy binding, `global` on request. */
export interface OpenOptions {
  readonly lazy?: boolean;
  readonly global?: boolean;
}

/** The process's default namespace (RTLD_DEFAULT): what ffi.C resolves against. */
export const DEFAULT_NAMESPACE: LibraryHandle = { handle: RTLD_DEFAULT, path: null };

/** The loader's message for the last failure on this thread, or undefined if none is pending. */
export function dlerror(): string | undefined {
  return libc().dlerror() ?? undefined;
}

/** Opens a shared library (null: the main program) and returns its handle, or throws with dlerror. */
export function dlopen(path: string | null, options: OpenOptions = {}): LibraryHandle {
  const flags = (options.lazy === false ? RTLD_NOW : RTLD_LAZY) | (options.global ? RTLD_GLOBAL : 0);
  dlerror();
  const handle = libc().dlopen(path, flags);
  if (handle === 0) {
    throw new NativeError("dlopen", dlerror() ?? `cannot load library '${path}'`);
  }
  return { handle, path };
}

/** The address of a symbol in a library (or the default namespace), or undefined if absent. */
export function dlsym(library: LibraryHandle, name: string): number | undefined {
  dlerror();
  const address = libc().dlsym(library.handle, name);
  // A symbol may legitimately sit at address 0 only for absolute symbols; treat 0 as absent
  // like LuaJIT's clib_getsym does.
  return typeof address === "number" && address !== 0 ? address : undefined;
}

/** Closes a library opened with dlopen; code and data from it must no longer be used. */
export function dlclose(library: LibraryHandle): void {
  if (library === DEFAULT_NAMESPACE || typeof library.handle !== "number") return;
  if (libc().dlclose(library.handle) !== 0) {
    throw new NativeError("dlopen", dlerror() ?? `cannot close library '${library.path}'`);
  }
}
