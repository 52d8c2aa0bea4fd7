// Host API of fengari-ffi: open the ffi library into a fengari lua_State.
// The pieces land issue by issue; this entry re-exports what exists.
export const VERSION = "0.1.0";
