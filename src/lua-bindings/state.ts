// The per-lua_State ffi state: everything the ffi library keeps for one Lua state.
//
// It lives in the state's registry as a light userdata (fengari's light userdata can be any JS
// object), so two states never share declarations, library namespaces or callbacks, and the
// threads (coroutines) of one state share one ffi state as they share one registry. Library
// functions close over their state when they are created; the registry entry serves code that
// starts from a bare lua_State (the host API, callbacks).
import { lua, type lua_State, to_luastring } from "fengari";
import { type AggregateInfo, type CType, Registry } from "../ctype";
import { CMemory } from "./c-memory";
import type { Marshaller } from "./call";
import type { CallbackState } from "./callback";
import { CData } from "./cdata";
import type { Member } from "./cdata-index";
import type { Shape } from "./fast-index";
import type { Finalizers } from "./finalizers";

const { LUA_REGISTRYINDEX, lua_getfield, lua_pop, lua_pushlightuserdata, lua_setfield, lua_touserdata } = lua;

const REGISTRY_KEY = to_luastring("fengari-ffi.state");

/** Which libraries `ffi.load` may open: all (`true`), none (`false`), the names or paths listed
 * exactly as the script passes them, or those a predicate accepts. */
export type LoadPolicy = boolean | readonly string[] | ((name: string) => boolean);

/** Per-state options a host sets when it opens the ffi library. */
export interface FfiOptions {
  /** Which libraries `ffi.load(name)` may open. Default `true`, as in LuaJIT. */
  allowLoad?: LoadPolicy;
  /** Whether `ffi.C` (the process's own symbols: libc, node, V8) is reachable. Default `true`. */
  allowC?: boolean;
  /**
   * Whether the global `bit` is set, as LuaJIT's own interpreter sets it (code written for
   * LuaJIT calls `bit.band` without a require). Default `true`; with `false` it is only reachable
   * through `require`. `jit` is never a global: Lua code that tests `if jit then` would take
   * paths meant for LuaJIT's Lua 5.1 (setfenv, loadstring).
   */
  globals?: boolean;
}

/** The ffi library's data for one lua_State. */
export class FfiState {
  readonly allowLoad: LoadPolicy;
  readonly allowC: boolean;
  /** Run once, in order, when the host closes the state (remaining ffi.gc finalizers and the like). */
  private readonly closeHooks: (() => void)[] = [];
  private closed = false;
  /** The state's C declarations. */
  readonly reg = new Registry();
  /** Memory for cdata made from Lua. */
  readonly memory = new CMemory();
  /** fengari's table object of the metatable all cdata share (set when the ffi table is built). */
  cdataMetatable: object | null = null;
  /** fengari's table object of the metatable of library namespaces (clib.ts). */
  clibMetatable: object | null = null;
  /** Library namespaces handed out, with the string copies stored into their variables: a
   * library stays loaded as long as the state, so function cdata never outlive their code. */
  private readonly libraries = new Map<object, ArrayBuffer[]>();
  /** Call marshallers by signature, target and vararg types (call.ts). */
  readonly marshallers = new Map<string, Marshaller>();
  /** Native string copies made for the C calls in progress (call.ts). */
  readonly callScratch: ArrayBuffer[] = [];
  /** Adds to callScratch (one closure for all calls). */
  readonly keepForCall = (keep: ArrayBuffer): void => {
    this.callScratch.push(keep);
  };
  /** The Lua thread of the innermost C call in progress: callbacks run on it (call.ts). */
  callL: lua_State | null = null;
  /** Callbacks of this state, made on first use (callback.ts). */
  callbacks: CallbackState | null = null;
  /** errno saved right after the last C call (ffi.errno()). */
  errno = 0;
  /** errno to set right before the next C call (ffi.errno(n)). */
  errnoToSet: number | undefined = undefined;
  /** ffi.gc finalizers (created with the ffi table). */
  finalizers: Finalizers | null = null;
  /** Struct members found by name, per struct body (cdata-index.ts). */
  readonly members = new WeakMap<AggregateInfo, Map<string, Member | null>>();
  /** Per-ctype data of the index fast paths (fast-index.ts). */
  readonly shapes = new Map<CType, Shape>();
  /** Parsed type strings (ffi.new("int[?]") in a loop parses once). */
  readonly typeCache = new Map<string, CType>();
  /** ffi.metatype tables, by struct body (registry references). */
  readonly metatypes = new Map<AggregateInfo, number>();
  /** Their __index, when it is a table (fengari's table object), for the method fast path of
   * fast-index.ts: LuaJIT forbids changing a metatype's tables after ffi.metatype. */
  readonly metatypeIndex = new Map<AggregateInfo, object>();
  /** Native copies of strings stored into memory Lua allocated, by the address they are
   * stored at, kept alive by that memory. */
  private readonly anchors = new WeakMap<ArrayBuffer, Map<number, ArrayBuffer>>();
  /** Copies stored into memory we don't own, by the address they were stored at. */
  private readonly slotAnchors = new Map<number, ArrayBuffer>();
  /** Display numbers of scalar boxes for tostring (they have no native address). */
  private readonly boxIds = new WeakMap<object, number>();
  private nextBoxId = 0x10000;

  constructor(options: FfiOptions = {}) {
    this.allowLoad = options.allowLoad ?? true;
    this.allowC = options.allowC ?? true;
  }

  // Whether `ffi.load(name)` may open `name` under this state's policy.
  mayLoad(name: string): boolean {
    const policy = this.allowLoad;
    if (typeof policy === "boolean") return policy;
    if (typeof policy === "function") return policy(name);
    return policy.includes(name);
  }

  // Keeps a string copy `keep` stored at address `slot` of `cd`'s memory alive until that slot
  // is written again: within the memory's own record when Lua allocated it (so it also goes
  // with the memory), in the state's record otherwise (C memory behind a pointer, a library
  // variable), as a pointer into a Lua string lives in LuaJIT as long as the string.
  anchorFor(cd: CData, keep: ArrayBuffer, slot = cd.value as number): void {
    const owner = this.ownerOf(cd);
    if (owner === undefined) {
      this.slotAnchors.set(slot, keep);
      return;
    }
    const slots = this.anchors.get(owner);
    if (slots === undefined) this.anchors.set(owner, new Map([[slot, keep]]));
    else slots.set(slot, keep);
  }

  // The string copies stored into `size` bytes of memory at `address` that `cd` refers to, by
  // slot (for a copy of that memory, which must keep them too).
  anchorsIn(cd: CData, address: number, size: number): [number, ArrayBuffer][] {
    const owner = this.ownerOf(cd);
    const slots = owner === undefined ? this.slotAnchors : this.anchors.get(owner);
    if (slots === undefined) return [];
    const found: [number, ArrayBuffer][] = [];
    for (const [slot, keep] of slots) if (slot >= address && slot < address + size) found.push([slot, keep]);
    return found;
  }

  // The ArrayBuffer behind `cd`'s memory, if Lua allocated it.
  private ownerOf(cd: CData): ArrayBuffer | undefined {
    for (let o: unknown = cd; o instanceof CData; o = o.keep)
      if (o.keep instanceof ArrayBuffer) return o.keep;
    return undefined;
  }

  // Keeps a library namespace (and so its code) for the life of the state.
  anchorLibrary(lib: object): void {
    if (!this.libraries.has(lib)) this.libraries.set(lib, []);
  }

  // Keeps a native string copy stored into a library's variable.
  anchorLibraryData(lib: object, keep: ArrayBuffer): void {
    this.anchorLibrary(lib);
    this.libraries.get(lib)!.push(keep);
  }

  // A stable display number for a scalar box.
  boxId(cd: object): number {
    let id = this.boxIds.get(cd);
    if (id === undefined) {
      id = this.nextBoxId;
      this.nextBoxId += 16;
      this.boxIds.set(cd, id);
    }
    return id;
  }

  // Registers work to do when the state is closed.
  onClose(hook: () => void): void {
    this.closeHooks.push(hook);
  }

  // Runs the close hooks once; a throwing hook does not stop the others, and the first error is
  // rethrown after all have run.
  close(): void {
    if (this.closed) return;
    this.closed = true;
    let failure: unknown;
    let failed = false;
    for (const hook of this.closeHooks.splice(0)) {
      try {
        hook();
      } catch (e) {
        if (!failed) [failure, failed] = [e, true];
      }
    }
    if (failed) throw failure;
  }
}

// Stores a new ffi state in L's registry; throws if the state already has one.
export function installFfiState(L: lua_State, options?: FfiOptions): FfiState {
  if (findFfiState(L) !== null)
    throw new Error("fengari-ffi: the ffi library is already open in this lua_State");
  const state = new FfiState(options);
  lua_pushlightuserdata(L, state);
  lua_setfield(L, LUA_REGISTRYINDEX, REGISTRY_KEY);
  return state;
}

// The ffi state of L, or null when the ffi library was never opened in it.
export function findFfiState(L: lua_State): FfiState | null {
  lua_getfield(L, LUA_REGISTRYINDEX, REGISTRY_KEY);
  const state = lua_touserdata(L, -1);
  lua_pop(L, 1);
  return state instanceof FfiState ? state : null;
}

// The ffi state of L; throws when the ffi library was never opened in it.
export function getFfiState(L: lua_State): FfiState {
  const state = findFfiState(L);
  if (state === null)
    throw new Error("fengari-ffi: the ffi library is not open in this lua_State (call openFfi)");
  return state;
}
