/*
 * The C type model: one readonly record per C type, discriminated by `kind`.
 *
 * Like LuaJIT's lj_ctype, every type lives in a per-state registry under a numeric ctype id
 * (append-only, so ids are stable and equality is `===` on ids). Structural types (pointers,
 * arrays, functions, qualified scalars) are interned: asking for `const int *` twice gives
 * the same id. Nominal types (struct, union, enum) are not: every definition and every
 * anonymous `struct { ... }` is a new type, as in C and LuaJIT.
 *
 * Qualifiers sit on the record itself (`qual`), so a switch on `kind` never has to look
 * through a wrapper. A qualified struct/union/enum (`const struct foo`) is its own record that
 * shares the nominal part (`info`) with the unqualified one: both see the same fields, and
 * completing `struct foo;` later completes them all.
 */

/** Index of a type in its registry. */
export type CTypeId = number;

/** Qualifier bits, as in C: `const`, `volatile`, `restrict`. */
export const QUAL_CONST = 1;
export const QUAL_VOLATILE = 2;
export const QUAL_RESTRICT = 4;

interface Base {
  readonly id: CTypeId;
  /** QUAL_* bits. */
  readonly qual: number;
  /**
   * Alignment forced by `__attribute__((aligned(n)))` / `__declspec(align(n))` on a typedef
   * or type; it replaces the natural alignment (gcc lets a typedef lower it, too). Undefined
   * when natural.
   */
  readonly alignAttr?: number;
}

export interface VoidType extends Base {
  readonly kind: "void";
}

/** `bool` / `_Bool`: one byte, reads as a Lua boolean. */
export interface BoolType extends Base {
  readonly kind: "bool";
  readonly size: 1;
}

/**
 * An integer type. `name` is how LuaJIT spells it in messages and `tostring`
 * (`char`, `unsigned char`, `short`, `int`, `unsigned int`, `long`, `unsigned long`,
 * `int64_t`, `uint64_t`, ...); two integer types of the same size and signedness but
 * different names are distinct records that convert freely.
 */
export interface IntType extends Base {
  readonly kind: "int";
  readonly size: 1 | 2 | 4 | 8;
  readonly unsigned: boolean;
  readonly name: string;
}

/** `float` (4), `double` (8), `long double` (16: parses, use is limited). */
export interface FloatType extends Base {
  readonly kind: "float";
  readonly size: 4 | 8 | 16;
  readonly name: string;
}

/** `complex float` (8), `complex double` / `complex` (16), `complex long double` (32). */
export interface ComplexType extends Base {
  readonly kind: "complex";
  readonly size: 8 | 16 | 32;
  /** The float type of each part. */
  readonly part: CTypeId;
}

/** A GCC vector (`__attribute__((vector_size(n)))`): declared, loaded, stored; no operations. */
export interface VectorType extends Base {
  readonly kind: "vector";
  readonly elem: CTypeId;
  readonly size: number;
}

/** Enumeration: always 4 bytes; `uint32` unless a constant is negative (then `int32`). */
export interface EnumType extends Base {
  readonly kind: "enum";
  readonly info: EnumInfo;
}

export interface EnumInfo {
  /** Tag name, undefined for an anonymous enum. */
  readonly tag: string | undefined;
  /** False for a forward declaration `enum e;` that has no body yet. */
  complete: boolean;
  /**
   * The underlying integer type: `int` or `unsigned int`, or for a packed enum the smallest
   * integer type that holds its constants, as gcc chooses it (`unsigned char` for 0..255).
   */
  underlying: CTypeId;
  /** The underlying type's size and signedness, so that memory access needs no registry. */
  size: 1 | 2 | 4;
  unsigned: boolean;
  /** Constants in declaration order. */
  constants: readonly EnumConstant[];
}

export interface EnumConstant {
  readonly name: string;
  readonly value: number;
}

export interface PointerType extends Base {
  readonly kind: "ptr";
  readonly target: CTypeId;
}

/** C++ reference `T &`: dereferenced before any operation, passed like a pointer. */
export interface RefType extends Base {
  readonly kind: "ref";
  readonly target: CTypeId;
}

export interface ArrayType extends Base {
  readonly kind: "array";
  readonly elem: CTypeId;
  /**
   * Element count. `null` for a VLA `T[?]` (the count comes with `ffi.new`); 0 for a
   * flexible `T[]` and for `T[0]`.
   */
  readonly length: number | null;
  /**
   * A flexible array `T[]`: laid out like `T[0]`, but its size is unknown (LuaJIT's
   * CTSIZE_INVALID), so `ffi.sizeof` gives nil, `ffi.new` refuses it, and it prints `T []`.
   */
  readonly flexible: boolean;
}

/** struct or union. */
export interface StructType extends Base {
  readonly kind: "struct";
  readonly info: AggregateInfo;
}

/** The nominal part of a struct or union, shared by its qualified variants. */
export interface AggregateInfo {
  readonly union: boolean;
  /** Tag name, undefined for an anonymous struct/union. */
  readonly tag: string | undefined;
  /** False for `struct foo;` until a body is seen. */
  complete: boolean;
  /** Members in declaration order (see Field). Transparent members appear as unnamed fields. */
  fields: readonly Field[];
  /** Layout results, valid once complete. For a VLS, size excludes the trailing VLA. */
  size: number;
  align: number;
  /** Ends in a VLA `T[?]` member (a variable-length struct, "VLS"). */
  vls: boolean;
  /**
   * The const / volatile bits of the members' object qualifiers (see objectQualifiers), merged
   * once complete, as LuaJIT's cp_struct_layout merges them into the struct's info.
   */
  memberQual: number;
  /** `static const` members and enum constants declared inside the body, read as constants. */
  constants: ReadonlyMap<string, ConstantDecl>;
}

/**
 * One member. `name` is undefined for a transparent (unnamed) struct/union member, whose own
 * fields are found through the parent, and for an unnamed bitfield (padding).
 * For a bitfield, `offset` is the byte offset of its container (a unit of the declared type's
 * size, aligned to that size, as LuaJIT's `ffi.offsetof` reports it; it may be negative never,
 * but in packed structs the container can extend past the struct end) and `bitpos` / `bitsize`
 * give its bits inside that container (bit 0 = least significant bit of the lowest byte).
 */
export interface Field {
  readonly name: string | undefined;
  readonly type: CTypeId;
  readonly offset: number;
  readonly bitpos?: number;
  readonly bitsize?: number;
}

export type CallingConvention = "cdecl" | "stdcall" | "fastcall" | "thiscall";

export interface FuncType extends Base {
  readonly kind: "func";
  readonly ret: CTypeId;
  readonly params: readonly Param[];
  readonly varargs: boolean;
  /** Recorded as written; has no effect on x86-64. */
  readonly convention: CallingConvention;
}

export interface Param {
  readonly name: string | undefined;
  readonly type: CTypeId;
}

export type CType =
  | VoidType
  | BoolType
  | IntType
  | FloatType
  | ComplexType
  | VectorType
  | EnumType
  | PointerType
  | RefType
  | ArrayType
  | StructType
  | FuncType;

export type CTypeKind = CType["kind"];

/** A named compile-time constant: an enum constant or a `static const` integer. */
export interface ConstantDecl {
  readonly kind: "const";
  readonly type: CTypeId;
  readonly value: number;
}

/** A declared function: `int f(int);` (redirected to another symbol by `__asm__("sym")`). */
export interface FuncDecl {
  readonly kind: "func";
  readonly type: CTypeId;
  readonly symbol: string;
}

/** A declared extern variable: `extern int x;`. */
export interface VarDecl {
  readonly kind: "var";
  readonly type: CTypeId;
  readonly symbol: string;
}

/** What a global name (not a type name) refers to: what `ffi.C.name` resolves. */
export type Declaration = ConstantDecl | FuncDecl | VarDecl;
