/*
 * The one error type of the pure layers, and the catalog of messages in LuaJIT's wording
 * (lj_errmsg.h). The pure layers throw FfiError; only src/lua-bindings turns it into a Lua
 * error, so the wording lives here once and tests can compare against LuaJIT's own output.
 */

/** A failure the user caused (bad declaration, bad conversion, ...), worded as LuaJIT words it. */
export class FfiError extends Error {
  override readonly name = "FfiError";
}

/** LuaJIT's messages, one function each, so call sites read like lj_err_msg(L, LJ_ERR_...). */
export const msg = {
  invalidType: () => "invalid C type",
  sizeUnknown: () => "size of C type is unknown or too large",
  badStorageClass: () => "bad storage class",
  declSpecExpected: () => "declaration specifier expected",
  undeclaredTag: (tag: string) => `undeclared or implicit tag '${tag}'`,
  redefine: (name: string) => `attempt to redefine '${name}'`,
  typeParamCount: () => "wrong number of type parameters",
  tooManyInit: (t: string) => `too many initializers for '${t}'`,
  cannotConvert: (from: string, to: string) => `cannot convert '${from}' to '${to}'`,
  noLength: (t: string) => `attempt to get length of '${t}'`,
  noConcat: (a: string, b: string) => `attempt to concatenate '${a}' and '${b}'`,
  noArith: (a: string, b: string) => `attempt to perform arithmetic on '${a}' and '${b}'`,
  noCompare: (a: string, b: string) => `attempt to compare '${a}' with '${b}'`,
  notCallable: (t: string) => `'${t}' is not callable`,
  argCount: () => "wrong number of arguments for function call",
  /** An argument of a C call that does not convert; LuaJIT names no function ('?'). */
  badArgument: (n: number, why: string) => `bad argument #${n} to '?' (${why})`,
  noMember: (t: string, field: string) => `'${t}' has no member named '${field}'`,
  notIndexable: (t: string) => `'${t}' cannot be indexed`,
  badIndexKey: (t: string, key: string) => `'${t}' cannot be indexed with '${key}'`,
  noMetamethod: (t: string, mm: string) => `'${t}' has no '${mm}' metamethod`,
  writeConst: () => "attempt to write to constant location",
  missingDecl: (sym: string) => `missing declaration for symbol '${sym}'`,
  badCallback: () => "bad callback",
  tooManyCallbacks: () => "too many callbacks",
  nyiCall: () => "NYI: cannot call this C function (yet)",
  // Declaration parser (lj_cparse.c); the parser appends ` near 'tok'` and ` at line N`.
  tokenExpected: (tok: string) => `'${tok}' expected`,
  unexpectedSymbol: () => "unexpected symbol",
  badValue: () => "invalid value",
  malformedNumber: () => "malformed number",
  unfinishedString: () => "unfinished string",
  syntaxError: () => "syntax error",
  tooManyLevels: () => "chunk has too many syntax levels",
} as const;
