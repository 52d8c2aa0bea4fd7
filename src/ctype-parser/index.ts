/*
 * The C declaration parser's public face: `cdef` for declarations, `parseType` for the type
 * strings of ffi.typeof / ffi.new / ffi.cast. Both are transactional: when they throw (always
 * an FfiError worded as LuaJIT words it), the registry is exactly as it was before the call.
 */

import type { CTypeId, Registry } from "../ctype";
import { FfiError, msg } from "../ctype";
import type { TypeParam } from "./lexer";
import { Parser } from "./parser";

export type { TypeParam } from "./lexer";

/** Parses a sequence of C declarations into the registry (ffi.cdef). */
export function cdef(reg: Registry, text: string, params?: readonly TypeParam[]): void {
  guarded(reg, () => new Parser(reg, text, params, false).parseDeclarations());
}

/** Parses one abstract C type such as `int[?]`, `struct foo *` or `int (*)(int)`. */
export function parseType(reg: Registry, text: string, params?: readonly TypeParam[]): CTypeId {
  return guarded(reg, () => new Parser(reg, text, params, true).parseSingleType());
}

function guarded<T>(reg: Registry, fn: () => T): T {
  try {
    return reg.transaction(fn);
  } catch (e) {
    // The nesting limit keeps recursion far from V8's; should the stack still run out
    // (a tiny thread stack), it is reported like LuaJIT's own nesting error.
    if (e instanceof RangeError) throw new FfiError(msg.tooManyLevels());
    throw e;
  }
}
