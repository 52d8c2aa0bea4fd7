import { describe, expect, it } from "vitest";
import {
  DEFAULT_NAMESPACE,
  dlerror,
  dlopen,
  dlsym,
  enterableThunk,
  errnoAddress,
  mainThreadPointer,
  mapPages,
  NativeError,
  PAGE_SIZE,
  protectExecutable,
  protectWritable,
  readI32,
  unmapPages,
  writeI32,
  writeU8,
} from "./index";

// The one byte of `ret`; the JIT's tests build real code, this only proves the doorway.
const RET = 0xc3;

describe("executable memory", () => {
  it("maps whole pages read-write, flips them to read-execute and back", () => {
    const pages = mapPages(100);
    expect(pages.size).toBe(PAGE_SIZE);
    expect(pages.address % PAGE_SIZE).toBe(0);
    writeU8(pages.address, RET);
    protectExecutable(pages);
    enterableThunk(pages.address)();
    protectWritable(pages);
    writeI32(pages.address + 8, 42);
    expect(readI32(pages.address + 8)).toBe(42);
    unmapPages(pages);
  });

  it("refuses nonsense sizes with a typed error", () => {
    expect(() => mapPages(0)).toThrow(NativeError);
    expect(() => mapPages(2 ** 60)).toThrow(NativeError);
  });

  it("reports a refused mprotect with its errno", () => {
    const pages = mapPages(PAGE_SIZE);
    unmapPages(pages);
    // mprotect of an unmapped range fails with ENOMEM: the same path as a hardened kernel's EACCES.
    const error = (() => {
      try {
        protectExecutable(pages);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(NativeError);
    expect((error as NativeError).operation).toBe("mprotect");
    expect((error as NativeError).errno).toBeGreaterThan(0);
  });
});

describe("dynamic libraries", () => {
  it("finds libc symbols in the default namespace", () => {
    expect(dlsym(DEFAULT_NAMESPACE, "strlen")).toBeGreaterThan(PAGE_SIZE);
    expect(dlsym(DEFAULT_NAMESPACE, "no_such_symbol_fengari_ffi")).toBeUndefined();
  });

  it("opens the main program and a library by soname", () => {
    const self = dlopen(null);
    expect(dlsym(self, "malloc")).toBe(dlsym(DEFAULT_NAMESPACE, "malloc"));
    const libm = dlopen("libm.so.6", { lazy: true });
    expect(dlsym(libm, "cos")).toBeGreaterThan(PAGE_SIZE);
  });

  it("turns a dlopen failure into an error carrying dlerror's text", () => {
    expect(() => dlopen("/nonexistent/libnothing.so")).toThrow(/libnothing\.so/);
    expect(dlerror()).toBeUndefined();
  });
});

describe("thread facts", () => {
  it("gives the main thread's pthread_self and errno address", () => {
    expect(mainThreadPointer()).toBeGreaterThan(PAGE_SIZE);
    const errno = errnoAddress();
    expect(errno).toBeGreaterThan(PAGE_SIZE);
    writeI32(errno, 0);
    expect(readI32(errno)).toBe(0);
  });
});
