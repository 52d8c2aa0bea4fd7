/*
 * ffi.gc and metatype __gc on a VM without __gc (fengari): finalizers hang off a
 * FinalizationRegistry watching the CData object of each cdata.
 *
 * When V8 finds a cdata unreachable, the registry hands us what we registered with it: the
 * finalizer (a registry reference) and a copy of the cdata's value (same type, address and
 * memory owner; never the cdata itself, or it could not die). We push a new cdata for that
 * copy and call the finalizer with it, protected. V8 runs registry callbacks as tasks of their
 * own, after the synchronous Lua run that dropped the cdata has returned, so a finalizer never
 * re-enters a running Lua call. Finalizers still pending when the host closes the state
 * (closeState) run then, as LuaJIT runs them on lua_close. Timing is V8's: unlike LuaJIT there
 * is no collectgarbage() that forces them.
 */
import { emitWarning } from "node:process";
import { lauxlib, lua, type lua_State, to_jsstring } from "fengari";
import { type CType, FfiError, msg } from "../ctype";
import { CData } from "./cdata";
import { pushCData } from "./cdata-stack";
import type { FfiState } from "./state";

const { LUA_OK, LUA_REGISTRYINDEX, LUA_TFUNCTION, LUA_TNIL, lua_pcall, lua_pushvalue } = lua;
const { lua_gettop, lua_rawgeti, lua_settop, lua_tostring, lua_type } = lua;
const { luaL_ref, luaL_unref } = lauxlib;

/** What a finalizer needs once its cdata is gone. */
interface Pending {
  /** Registry reference of the finalizer function. */
  readonly ref: number;
  /** A copy of the dead cdata (type, address, memory owner) to hand to the finalizer. */
  readonly copy: CData;
}

/** The finalizers of one state. */
export class Finalizers {
  private readonly live = new Set<Pending>();
  private readonly byCData = new WeakMap<CData, Pending>();
  private readonly registry = new FinalizationRegistry<Pending>((p) => this.run(p));

  constructor(
    private readonly L: lua_State,
    private readonly st: FfiState,
  ) {
    st.onClose(() => {
      for (const p of [...this.live]) this.run(p);
    });
  }

  /** Sets (or, with `fin` at stack index nil, removes) the finalizer of `cd`. */
  set(L: lua_State, cd: CData, finIdx: number): void {
    const old = this.byCData.get(cd);
    if (old !== undefined) {
      this.registry.unregister(cd);
      this.live.delete(old);
      this.byCData.delete(cd);
      luaL_unref(L, LUA_REGISTRYINDEX, old.ref);
    }
    if (lua_type(L, finIdx) <= LUA_TNIL) return;
    lua_pushvalue(L, finIdx);
    const p: Pending = {
      ref: luaL_ref(L, LUA_REGISTRYINDEX),
      copy: new CData(cd.t, cd.value, cd.keep, cd.count),
    };
    this.live.add(p);
    this.byCData.set(cd, p);
    this.registry.register(cd, p, cd);
  }

  /** Calls one finalizer with a cdata standing for the dead one; errors become warnings. */
  private run(p: Pending): void {
    if (!this.live.delete(p)) return;
    const L = this.L;
    const top = lua_gettop(L);
    // This runs from V8's FinalizationRegistry task or from closeState: nothing may throw out.
    try {
      lua_rawgeti(L, LUA_REGISTRYINDEX, p.ref);
      luaL_unref(L, LUA_REGISTRYINDEX, p.ref);
      pushCData(L, this.st, p.copy);
      if (lua_pcall(L, 1, 0, 0) !== LUA_OK) {
        const m = lua_tostring(L, -1);
        emitWarning(
          `error in ffi finalizer: ${m === null ? "?" : to_jsstring(m, undefined, undefined, true)}`,
        );
      }
    } catch (e) {
      emitWarning(`error in ffi finalizer: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      lua_settop(L, top);
    }
  }
}

/** Whether ffi.gc accepts a cdata of type `t`: pointers, structs/unions, arrays (LuaJIT's rule). */
export function checkFinalizable(t: CType): void {
  if (
    t.kind !== "ptr" &&
    t.kind !== "struct" &&
    t.kind !== "array" &&
    t.kind !== "func" &&
    t.kind !== "ref"
  ) {
    throw new FfiError(msg.invalidType());
  }
}

/** Whether the value at `idx` can be a finalizer: nil (none), a function, or a cdata function. */
export function isFinalizer(L: lua_State, idx: number): boolean {
  const t = lua_type(L, idx);
  return t === LUA_TFUNCTION || t <= LUA_TNIL || t === lua.LUA_TUSERDATA;
}
