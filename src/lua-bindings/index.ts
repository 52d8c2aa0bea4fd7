// The Lua bindings: the only layer that talks to fengari.

export type { lua_State as LuaState } from "fengari";
export { luaFunction, messageOf, raiseInLua } from "./errors";
export { enableMixedEquality, FENGARI_PATCH_ID } from "./mixed-equality";
export { closeState, createState, openFfi } from "./open";
export { LuaRunError, requireGlobal, runLua, setArgTable } from "./run-lua";
export { type FfiOptions, FfiState, findFfiState, getFfiState, type LoadPolicy } from "./state";
export { VERSION } from "./version";
