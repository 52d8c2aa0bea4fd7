// Host API of fengari-ffi: open LuaJIT's ffi library into a fengari lua_State.
//
//   import { createState, closeState } from "fengari-ffi";
//   const L = createState({ allowLoad: ["z"], allowC: true });
//   ... load and run Lua code with fengari's API; require("ffi") works in it ...
//   closeState(L);
export {
  closeState,
  createState,
  type FfiOptions,
  type LoadPolicy,
  LuaRunError,
  type LuaState,
  openFfi,
  runLua,
  VERSION,
} from "./lua-bindings";
