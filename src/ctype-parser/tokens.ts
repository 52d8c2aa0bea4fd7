/*
 * Token codes of the C declaration lexer, the keyword table, and how tokens are spelled in
 * error messages (lj_ctype.h CTOKDEF / CKWDEF and lj_ctype.c CTKWDEF).
 *
 * A token is a small integer: one-character punctuators are their character code; the
 * multi-character ones, the token classes and the keywords are numbered above 255. The
 * keywords that may start a declaration are numbered contiguously (T_FIRST_DECL ..
 * T_LAST_DECL), so "does this token start a type?" is a range check, as in lj_cparse.c.
 */

export const T_EOF = 256;
export const T_IDENT = 257;
export const T_INTEGER = 258;
export const T_STRING = 259;
/** `$` bound to a type parameter. */
export const T_TYPEPARAM = 260;
export const T_OROR = 261;
export const T_ANDAND = 262;
export const T_EQ = 263;
export const T_NE = 264;
export const T_LE = 265;
export const T_GE = 266;
export const T_SHL = 267;
export const T_SHR = 268;
export const T_DEREF = 269;

// Declaration keywords, contiguous. Type specifiers first.
export const T_VOID = 300;
export const T_BOOL = 301;
export const T_CHAR = 302;
export const T_INT = 303;
export const T_INT8 = 304;
export const T_INT16 = 305;
export const T_INT32 = 306;
export const T_INT64 = 307;
export const T_FLOAT = 308;
export const T_DOUBLE = 309;
export const T_LONG = 310;
export const T_SHORT = 311;
export const T_COMPLEX = 312;
export const T_SIGNED = 313;
export const T_UNSIGNED = 314;
// Storage classes and function specifiers.
export const T_TYPEDEF = 315;
export const T_EXTERN = 316;
export const T_STATIC = 317;
export const T_AUTO = 318;
export const T_REGISTER = 319;
export const T_THREAD = 320;
export const T_INLINE = 321;
// Qualifiers, attributes and extensions: T_FIRST_ATTR .. T_LAST_ATTR.
export const T_CONST = 322;
export const T_VOLATILE = 323;
export const T_RESTRICT = 324;
export const T_EXTENSION = 325;
export const T_ATTRIBUTE = 326;
export const T_ASM = 327;
export const T_DECLSPEC = 328;
export const T_CDECL = 329;
export const T_THISCALL = 330;
export const T_FASTCALL = 331;
export const T_STDCALL = 332;
export const T_PTRSZ = 333;
// Tagged types.
export const T_STRUCT = 334;
export const T_UNION = 335;
export const T_ENUM = 336;
// Operators spelled as words (not declaration keywords).
export const T_SIZEOF = 337;
export const T_ALIGNOF = 338;

export const T_FIRST_DECL = T_VOID;
export const T_FIRST_ATTR = T_CONST;
export const T_LAST_ATTR = T_PTRSZ;
export const T_LAST_DECL = T_ENUM;

/** Every keyword the lexer recognises, GCC and MSVC spellings included. */
export const KEYWORDS: ReadonlyMap<string, number> = new Map([
  ["void", T_VOID],
  ["_Bool", T_BOOL],
  ["bool", T_BOOL],
  ["char", T_CHAR],
  ["int", T_INT],
  ["__int8", T_INT8],
  ["__int16", T_INT16],
  ["__int32", T_INT32],
  ["__int64", T_INT64],
  ["float", T_FLOAT],
  ["double", T_DOUBLE],
  ["long", T_LONG],
  ["short", T_SHORT],
  ["_Complex", T_COMPLEX],
  ["complex", T_COMPLEX],
  ["__complex", T_COMPLEX],
  ["__complex__", T_COMPLEX],
  ["signed", T_SIGNED],
  ["__signed", T_SIGNED],
  ["__signed__", T_SIGNED],
  ["unsigned", T_UNSIGNED],
  ["const", T_CONST],
  ["__const", T_CONST],
  ["__const__", T_CONST],
  ["volatile", T_VOLATILE],
  ["__volatile", T_VOLATILE],
  ["__volatile__", T_VOLATILE],
  ["restrict", T_RESTRICT],
  ["__restrict", T_RESTRICT],
  ["__restrict__", T_RESTRICT],
  ["inline", T_INLINE],
  ["__inline", T_INLINE],
  ["__inline__", T_INLINE],
  ["_Noreturn", T_INLINE],
  ["typedef", T_TYPEDEF],
  ["extern", T_EXTERN],
  ["static", T_STATIC],
  ["auto", T_AUTO],
  ["register", T_REGISTER],
  ["__thread", T_THREAD],
  ["_Thread_local", T_THREAD],
  ["__extension__", T_EXTENSION],
  ["__attribute", T_ATTRIBUTE],
  ["__attribute__", T_ATTRIBUTE],
  ["asm", T_ASM],
  ["__asm", T_ASM],
  ["__asm__", T_ASM],
  ["__declspec", T_DECLSPEC],
  ["__cdecl", T_CDECL],
  ["__thiscall", T_THISCALL],
  ["__fastcall", T_FASTCALL],
  ["__stdcall", T_STDCALL],
  ["__ptr32", T_PTRSZ],
  ["__ptr64", T_PTRSZ],
  ["struct", T_STRUCT],
  ["union", T_UNION],
  ["enum", T_ENUM],
  ["sizeof", T_SIZEOF],
  ["__alignof", T_ALIGNOF],
  ["__alignof__", T_ALIGNOF],
  ["_Alignof", T_ALIGNOF],
  ["alignof", T_ALIGNOF],
]);

const NAMES: Record<number, string> = {
  [T_EOF]: "<eof>",
  [T_IDENT]: "<identifier>",
  [T_INTEGER]: "<integer>",
  [T_STRING]: "<string>",
  [T_TYPEPARAM]: "$",
  [T_OROR]: "||",
  [T_ANDAND]: "&&",
  [T_EQ]: "==",
  [T_NE]: "!=",
  [T_LE]: "<=",
  [T_GE]: ">=",
  [T_SHL]: "<<",
  [T_SHR]: ">>",
  [T_DEREF]: "->",
};

/** How an expected token is named in `'x' expected` (lj_cparse.c cp_tok2str). */
export function tokenName(tok: number): string {
  const name = NAMES[tok];
  if (name !== undefined) return name;
  if (tok < 256) return tok < 32 || tok === 127 ? `char(${tok})` : String.fromCharCode(tok);
  for (const [word, t] of KEYWORDS) if (t === tok) return word;
  return "?";
}
