// LuaJIT's `bit` module (lib_bit.c) on Lua numbers, with its 32-bit semantics: arguments are
// normalised with tobit (round to nearest, wrap modulo 2^32), results are signed 32-bit
// integers, shift and rotate counts are masked with 31. int64 cdata arguments switch LuaJIT to
// 64-bit operations (int64-arith.ts has them); they join here when cdata exist.
import { lauxlib, lua, type lua_CFunction, type lua_State } from "fengari";
import { luaFunction } from "./errors";

const { lua_gettop, lua_pushinteger, lua_pushstring } = lua;
const { luaL_checknumber } = lauxlib;

// lj_num2bit: adding 2^52 + 2^51 moves the integer part into the low word of the double,
// rounded to nearest even, and the low word is the value modulo 2^32 (0 for NaN and infinities).
const scratch = new Float64Array(1);
const scratchWords = new Int32Array(scratch.buffer);
const LOW_WORD = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

// LuaJIT's bit.tobit on a double.
export function toBit(n: number): number {
  scratch[0] = n + 6755399441055744.0;
  return scratchWords[LOW_WORD]!;
}

// bit.tohex on a 32-bit value: `n` hex digits (default 8), upper case for negative `n`, at most
// 254 digits, 0 digits give "".
export function tohex32(x: number, n = 8): string {
  let upper = false;
  if (n < 0) [n, upper] = [-n, true];
  if (n > 254) n = 254;
  if (n === 0) return "";
  let u = x >>> 0;
  if (n < 8) u &= 2 ** (4 * n) - 1;
  const digits = u.toString(16).padStart(n, "0");
  return upper ? digits.toUpperCase() : digits;
}

function checkBit(L: lua_State, arg: number): number {
  return toBit(luaL_checknumber(L, arg));
}

// band / bor / bxor: one or more arguments folded with `op`.
function fold(op: (a: number, b: number) => number): lua_CFunction {
  return luaFunction((L) => {
    let acc = checkBit(L, 1);
    const top = lua_gettop(L);
    for (let i = 2; i <= top; i++) acc = op(acc, checkBit(L, i));
    lua_pushinteger(L, acc);
    return 1;
  });
}

function unary(op: (a: number) => number): lua_CFunction {
  return luaFunction((L) => {
    lua_pushinteger(L, op(checkBit(L, 1)));
    return 1;
  });
}

function shift(op: (a: number, n: number) => number): lua_CFunction {
  return luaFunction((L) => {
    const a = checkBit(L, 1);
    lua_pushinteger(L, op(a, checkBit(L, 2) & 31));
    return 1;
  });
}

// The functions of the `bit` table.
export function bitLibrary(): Record<string, lua_CFunction> {
  return {
    tobit: unary((a) => a),
    bnot: unary((a) => ~a),
    bswap: unary((a) => (a << 24) | ((a & 0xff00) << 8) | ((a >>> 8) & 0xff00) | (a >>> 24) | 0),
    band: fold((a, b) => a & b),
    bor: fold((a, b) => a | b),
    bxor: fold((a, b) => a ^ b),
    lshift: shift((a, n) => a << n),
    rshift: shift((a, n) => (a >>> n) | 0),
    arshift: shift((a, n) => a >> n),
    rol: shift((a, n) => (a << n) | (a >>> (32 - n))),
    ror: shift((a, n) => (a >>> n) | (a << (32 - n))),
    tohex: luaFunction((L) => {
      const x = checkBit(L, 1);
      lua_pushstring(L, tohex32(x, lua_gettop(L) >= 2 ? checkBit(L, 2) : 8));
      return 1;
    }),
  };
}
