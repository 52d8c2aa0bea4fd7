// host.ts: a Node.js host that embeds a Lua plugin using fengari-ffi.
//
// The host creates a state that may load only zlib (no other library) and reach libc through
// ffi.C, runs a plugin that compresses some text natively, and reads the plugin's result back.
// In your own project, import from "fengari-ffi" instead of "../src".
import { lua } from "fengari";
import { closeState, createState, runLua } from "../src";

/** The plugin: ordinary LuaJIT ffi code. */
export const PLUGIN = `
local ffi = require("ffi")
ffi.cdef[[
unsigned long compressBound(unsigned long n);
int compress2(uint8_t *dst, unsigned long *dstLen, const uint8_t *src, unsigned long n, int level);
]]
local zlib = ffi.load("z")
local input = ...
local cap = zlib.compressBound(#input)
local out = ffi.new("uint8_t[?]", cap)
local len = ffi.new("unsigned long[1]", cap)
assert(zlib.compress2(out, len, input, #input, 9) == 0)
return tonumber(len[0])
`;

/** Runs the plugin on `text` and returns the compressed size it reports. */
export function compressedSize(text: string): number {
  const L = createState({ allowLoad: ["z"], allowC: true });
  try {
    const n = runLua(L, PLUGIN, "=plugin", [text]);
    if (n !== 1) throw new Error(`plugin returned ${n} values`);
    return lua.lua_tonumber(L, -1);
  } finally {
    closeState(L);
  }
}

/** What happens when the plugin asks for a library the host did not allow. */
export function forbiddenLoad(): string {
  const L = createState({ allowLoad: ["z"] });
  try {
    runLua(L, `return require("ffi").load("sqlite3")`, "=plugin");
    return "loaded";
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  } finally {
    closeState(L);
  }
}
