// The one place where JavaScript exceptions become Lua errors.
//
// fengari runs a JS function called from Lua inside its own try/catch and unwinds Lua errors
// (and yields) by throwing the active protected call's handler object (ldo.js luaD_throw).
// A JS exception of any other kind that reaches fengari does not become a Lua error with a
// message: it ends the protected call with a bare status. So every function that fengari-ffi
// exposes to Lua is wrapped by `luaFunction`: fengari's own unwinding passes through untouched,
// and anything else (a typed error from a lower layer, whose message already has LuaJIT's
// wording, or an unexpected bug) is raised with luaL_error, which prefixes the Lua position as
// LuaJIT does.
import { lauxlib, type lua_CFunction, type lua_longjmp, type lua_State, to_luastring } from "fengari";

const { luaL_error } = lauxlib;

const FMT_MESSAGE = to_luastring("%s");

// Wraps the body of a function exposed to Lua so that no JS exception escapes into fengari.
export function luaFunction(body: lua_CFunction): lua_CFunction {
  return (L) => {
    try {
      return body(L);
    } catch (e) {
      return raiseInLua(L, e);
    }
  };
}

// Raises a caught exception in Lua: fengari's own unwinding is rethrown as is, anything else
// becomes a Lua error carrying the exception's message.
export function raiseInLua(L: lua_State, e: unknown): never {
  if (isLuaUnwind(L, e)) throw e;
  return luaL_error(L, FMT_MESSAGE, messageOf(e));
}

// The Lua error message for a JS exception.
export function messageOf(e: unknown): string {
  if (e instanceof RangeError && /call stack/i.test(e.message)) return "stack overflow";
  if (e instanceof Error) return e.message;
  return String(e);
}

// True when `e` is fengari unwinding the Lua stack (a Lua error or a yield) on L or on the main
// thread, where fengari rethrows errors from threads without a handler of their own.
function isLuaUnwind(L: lua_State, e: unknown): boolean {
  return onChain(L.errorJmp, e) || onChain(L.l_G.mainthread.errorJmp, e);
}

function onChain(jmp: lua_longjmp | null, e: unknown): boolean {
  for (let j = jmp; j !== null; j = j.previous) if (j === e) return true;
  return false;
}

// "bad argument #arg to 'f' (message)", as LuaJIT's lj_err_arg words argument errors.
export function argError(L: lua_State, arg: number, message: string): never {
  return lauxlib.luaL_argerror(L, arg, to_luastring(message));
}
