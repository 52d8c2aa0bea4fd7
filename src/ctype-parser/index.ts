/*
 * The C declaration parser's public face: `cdef` for declarations, `parseType` for the type
 * strings of ffi.typeof / ffi.new / ffi.cast. Both are transactional: when they throw (always
 * an FfiError worded as LuaJIT words it), the registry is exactly as it was before the call.
 */

import type { CTypeId, Registry } from "../ctype";
import { FfiError, msg } from "../ctype";
import { parseDeclarationsFast } from "./fast-statements";
import type { TypeParam } from "./lexer";
import { Parser } from "./parser";

export type { TypeParam } from "./lexer";

/** Parses a sequence of C declarations into the registry (ffi.cdef). */
export function cdef(reg: Registry, text: string, params?: readonly TypeParam[]): void {
  if (params !== undefined && params.length > 0) {
    cdefGeneral(reg, text, params);
    return;
  }
  try {
    guarded(reg, () => parseDeclarationsFast(new Parser(reg, text, undefined, false, true), text));
  } catch (e) {
    if (!(e instanceof FfiError)) throw e;
    // The fast path counts no lines: the general parser reports the error, with its line.
    cdefGeneral(reg, text, params);
  }
}

/** cdef by the general parser alone (and the one that takes `$` parameters). */
export function cdefGeneral(reg: Registry, text: string, params?: readonly TypeParam[]): void {
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
