// The Lua bindings: the only layer that talks to fengari.

export type { lua_State as LuaState } from "fengari";
export { luaFunction, messageOf, raiseInLua } from "./errors";
export { FENGARI_PATCH_ID } from "./fengari-patch";
export { type Int64Literal, parseInt64Literal, setInt64LiteralHook } from "./int64-literal";
export { enableMixedEquality } from "./mixed-equality";
export { closeState, createState, openFfi } from "./open";
export { LuaRunError, requireGlobal, runLua, setArgTable } from "./run-lua";
export { type FfiOptions, FfiState, findFfiState, getFfiState, type LoadPolicy } from "./state";
export { VERSION } from "./version";
