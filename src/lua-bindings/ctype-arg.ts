// Reading a C type argument (lib_ffi.c ffi_checkctype): a type string parsed as an abstract
// declaration, a ctype object, or a cdata (its type); plus `$` type parameters. Parsed strings
// are cached per state unless they define an aggregate inline (`struct { ... }` must give a new
// type every time, as in LuaJIT) or take parameters.
import { lua, type lua_State, to_jsstring } from "fengari";
import { type CType, FfiError, msg } from "../ctype";
import { parseType, type TypeParam } from "../ctype-parser";
import { toCData } from "./cdata-stack";
import type { FfiState } from "./state";

const { LUA_TNUMBER, LUA_TSTRING, lua_gettop, lua_tonumber, lua_tostring, lua_type, lua_typename } = lua;

/** The `$` parameters at stack indexes [first, top]. */
export function typeParams(L: lua_State, first: number): TypeParam[] {
  const params: TypeParam[] = [];
  for (let i = first; i <= lua_gettop(L); i++) {
    const type = lua_type(L, i);
    if (type === LUA_TSTRING) params.push({ kind: "name", name: to_jsstring(lua_tostring(L, i)!) });
    else if (type === LUA_TNUMBER) params.push({ kind: "number", value: lua_tonumber(L, i) });
    else {
      const cd = toCData(L, i);
      if (cd === undefined) throw new FfiError(msg.typeParamCount());
      params.push({ kind: "type", id: cd.t.id });
    }
  }
  return params;
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
      return st.reg.get(parseType(st.reg, text, typeParams(L, paramsFrom)));
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
