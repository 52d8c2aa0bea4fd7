// Reading a C type argument (lib_ffi.c ffi_checkctype): a type string parsed as an abstract
// declaration, a ctype object, or a cdata (its type); plus `$` type parameters. Parsed strings
// are cached per state unless they define an aggregate inline (`struct { ... }` must give a new
// type every time, as in LuaJIT) or take parameters.
import { lua, type lua_State, to_jsstring } from "fengari";
import { type CType, FfiError, msg } from "../ctype";
import { parseType, type TypeParam } from "../ctype-parser";
import { toCData } from "./cdata-stack";
import { argError } from "./errors";
import type { FfiState } from "./state";

const { LUA_TNUMBER, LUA_TSTRING, lua_gettop, lua_tonumber, lua_tostring, lua_type, lua_typename } = lua;

/** A value that is no type parameter, at stack index `idx`. */
interface BadParam {
  readonly idx: number;
  readonly at: number;
}

/** The `$` parameters at stack indexes [first, top], up to the first value that is none. */
function collectParams(L: lua_State, first: number): { params: TypeParam[]; bad?: BadParam } {
  const params: TypeParam[] = [];
  for (let i = first; i <= lua_gettop(L); i++) {
    const type = lua_type(L, i);
    if (type === LUA_TSTRING) params.push({ kind: "name", name: to_jsstring(lua_tostring(L, i)!) });
    else if (type === LUA_TNUMBER) params.push({ kind: "number", value: lua_tonumber(L, i) });
    else {
      const cd = toCData(L, i);
      if (cd === undefined) return { params, bad: { idx: i, at: params.length } };
      params.push({ kind: "type", id: cd.t.id });
    }
  }
  return { params };
}

const PARSED = Symbol("parsed");

/**
 * Runs `parse` (ffi.cdef, or a type string) with the `$` parameters from stack index `first`.
 * LuaJIT looks at a parameter only when a `$` takes it (lj_cparse.c cp_param), so a value that
 * is none raises only then ("type parameter expected"), after any syntax error before it, and
 * unused parameters raise "wrong number of type parameters" once the text parsed.
 */
export function parseWithParams<T>(
  L: lua_State,
  st: FfiState,
  first: number,
  parse: (params: readonly TypeParam[]) => T,
): T {
  const { params, bad } = collectParams(L, first);
  if (bad === undefined) return parse(params);
  // Parse with the parameters before the bad one and a slot for it that notes when a `$`
  // reaches it (and reads as missing, so the parse stops there); always roll back.
  let reached = false;
  const probe = [...params];
  Object.defineProperty(probe, bad.at, {
    get: () => {
      reached = true;
      return undefined;
    },
  });
  try {
    st.reg.transaction(() => {
      parse(probe);
      throw PARSED;
    });
  } catch (e) {
    if (!reached) throw e === PARSED ? new FfiError(msg.typeParamCount()) : e;
  }
  const got = to_jsstring(lua_typename(L, lua_type(L, bad.idx)));
  return argError(L, bad.idx, `type parameter expected, got ${got}`);
}

/** The C type given by argument `idx` of ffi.`fname`; `paramsFrom` is where `$` parameters start. */
export function checkCType(
  L: lua_State,
  st: FfiState,
  idx: number,
  fname: string,
  paramsFrom?: number,
): CType {
  const type = lua_type(L, idx);
  if (type === LUA_TSTRING) {
    const bytes = lua_tostring(L, idx)!;
    const text = to_jsstring(bytes);
    if (paramsFrom !== undefined && lua_gettop(L) >= paramsFrom) {
      return st.reg.get(parseWithParams(L, st, paramsFrom, (params) => parseType(st.reg, text, params)));
    }
    const cached = st.typeCache.get(text);
    if (cached !== undefined) return cached;
    const t = st.reg.get(parseType(st.reg, text));
    if (!text.includes("{")) st.typeCache.set(text, t);
    return t;
  }
  const cd = toCData(L, idx);
  if (cd !== undefined) return cd.t;
  const got = to_jsstring(lua_typename(L, type));
  throw new FfiError(`bad argument #${idx} to '${fname}' (C type expected, got ${got})`);
}
