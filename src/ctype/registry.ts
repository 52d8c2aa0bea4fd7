/*
 * The per-state ctype registry: an append-only table of CType records indexed by ctype id,
 * the interning maps that give structural types one id each, and the three namespaces a
 * declaration can fill (typedef names, struct/union/enum tags, global declarations).
 *
 * Follows lj_ctype.c (lj_ctype_new / lj_ctype_intern / lj_ctype_addname / lj_ctype_init)
 * and the LJ_CTYPE_SAVE / LJ_CTYPE_RESTORE pair of lj_cparse.c: a failing `cdef` must leave
 * the registry exactly as it found it. LuaJIT gets that by truncating its table and copying
 * back its hash anchors; our maps are JS Maps, so every mutation made inside
 * `transaction()` pushes an undo step onto a journal, and a failure replays the journal
 * backwards and truncates the table. Mutations outside a transaction are not journaled.
 *
 * Integer types follow LuaJIT's x86-64 model: one record per (size, signedness), named as
 * LuaJIT prints them (`char`, `unsigned char`, `short`, `unsigned short`, `int`,
 * `unsigned int`, `int64_t`, `uint64_t`), so `long`, `long long` and `int64_t` are one type,
 * and `signed char` is `char`.
 */

import { FfiError, msg } from "./errors";
import type {
  AggregateInfo,
  CallingConvention,
  CType,
  CTypeId,
  Declaration,
  EnumConstant,
  EnumInfo,
  Field,
  FuncType,
  Param,
} from "./types";
import { QUAL_CONST } from "./types";

/** Ids of the builtin types every registry starts with. */
export interface BuiltinIds {
  readonly void: CTypeId;
  readonly constVoid: CTypeId;
  readonly bool: CTypeId;
  /** `char`, `signed char`, `int8_t` (char is signed on x86-64). */
  readonly char: CTypeId;
  readonly uchar: CTypeId;
  readonly short: CTypeId;
  readonly ushort: CTypeId;
  readonly int: CTypeId;
  readonly uint: CTypeId;
  /** `long`, `long long`, `int64_t`, `ssize_t`, `intptr_t`, `ptrdiff_t` (LP64). */
  readonly int64: CTypeId;
  /** `unsigned long`, `unsigned long long`, `uint64_t`, `size_t`, `uintptr_t`. */
  readonly uint64: CTypeId;
  readonly float: CTypeId;
  readonly double: CTypeId;
  readonly longDouble: CTypeId;
  readonly complexFloat: CTypeId;
  readonly complexDouble: CTypeId;
  readonly complexLongDouble: CTypeId;
  readonly constChar: CTypeId;
  readonly voidPtr: CTypeId;
  readonly constVoidPtr: CTypeId;
  readonly charPtr: CTypeId;
  readonly constCharPtr: CTypeId;
  /** `__builtin_va_list`: `struct __va_list_tag[1]`, 24 bytes, as gcc defines it on x86-64. */
  readonly vaList: CTypeId;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One C type table with its namespaces; one per lua_State. */
export class Registry {
  private readonly table: CType[] = [];
  /** For every id, the id of the same type without qualifiers and alignment attribute. */
  private readonly plain: CTypeId[] = [];
  /** Interned arrays, vectors and aligned variants, by a descriptive key. */
  private readonly interned = new Map<string, CTypeId>();
  /** Interned function types, in buckets by a hash of their signature (see `func`). */
  private readonly funcs = new Map<number, CTypeId[]>();
  /**
   * Numbers for the parameter names seen, which the signature hash uses. Not journaled: a
   * number left behind by a rolled-back cdef only feeds a hash.
   */
  private readonly paramNames = new Map<string, number>();
  /** Interned pointers (key target * 2) and references (target * 2 + 1). */
  private readonly pointers = new Map<number, CTypeId>();
  /** Interned qualified variants, key plain id * 8 + qualifier bits. */
  private readonly qualified = new Map<number, CTypeId>();
  private readonly typedefMap = new Map<string, CTypeId>();
  private readonly tagMap = new Map<string, CTypeId>();
  private readonly declMap = new Map<string, Declaration>();
  /**
   * Undo steps of the open transaction, undefined when none is open: pairs of
   * (map, key) meaning "delete key from map", or (undo function, undefined).
   */
  private journal: unknown[] | undefined;
  /**
   * How many times a tag has been bound to another type (`shadowTag`); not journaled. A cache of what type
   * strings name is stale once this changes; nothing else ever changes what a name means.
   */
  private rebinds = 0;
  readonly ids: BuiltinIds;

  constructor() {
    this.ids = this.seedBuiltins();
  }

  /** The record of a type id. */
  get(id: CTypeId): CType {
    const t = this.table[id];
    if (t === undefined) throw new FfiError(msg.invalidType());
    return t;
  }

  /** Number of records; the next new type gets this id. */
  get count(): number {
    return this.table.length;
  }

  /** Changes whenever a tag is bound to another type (see `shadowTag`). */
  get tagRebinds(): number {
    return this.rebinds;
  }

  /** Typedef names, read-only. */
  get typedefs(): ReadonlyMap<string, CTypeId> {
    return this.typedefMap;
  }

  /** struct/union/enum tags, read-only. */
  get tags(): ReadonlyMap<string, CTypeId> {
    return this.tagMap;
  }

  /** Global declarations (functions, extern variables, constants), read-only. */
  get declarations(): ReadonlyMap<string, Declaration> {
    return this.declMap;
  }

  // -- Transactions ---------------------------------------------------------------------

  /**
   * Runs `fn`; if it throws, every change it made to the registry is undone before the
   * exception propagates. Nested transactions roll back only their own part.
   */
  transaction<T>(fn: () => T): T {
    const outer = this.journal;
    const journal = outer ?? [];
    const mark = journal.length;
    const top = this.table.length;
    this.journal = journal;
    try {
      return fn();
    } catch (e) {
      for (let i = journal.length - 2; i >= mark; i -= 2) {
        const target = journal[i];
        if (target instanceof Map) target.delete(journal[i + 1]);
        else if (Array.isArray(target)) target.length = journal[i + 1] as number;
        else (target as () => void)();
      }
      journal.length = mark;
      this.table.length = top;
      this.plain.length = top;
      throw e;
    } finally {
      this.journal = outer;
    }
  }

  private record(undo: () => void): void {
    this.journal?.push(undo, undefined);
  }

  /** Journals "delete `key` from `map`" (a pair in the journal, no closure to allocate). */
  private recordSet<K>(map: Map<K, unknown>, key: K): void {
    this.journal?.push(map, key);
  }

  /** Journals "truncate `array` back to its current length", before a push. */
  private recordPush(array: unknown[]): void {
    this.journal?.push(array, array.length);
  }

  // -- Records --------------------------------------------------------------------------

  private add(make: (id: CTypeId) => CType, plain?: CTypeId): CTypeId {
    const id = this.table.length;
    this.table.push(make(id));
    this.plain.push(plain ?? id);
    return id;
  }

  /**
   * Adds `record` (whose id must be the next one) under `key` of an interning map. Callers
   * look the key up first and build the record only when it is missing, so a hit
   * allocates nothing.
   */
  private addInterned<K>(map: Map<K, CTypeId>, key: K, record: CType, plain?: CTypeId): CTypeId {
    const id = record.id;
    this.table.push(record);
    this.plain.push(plain ?? id);
    map.set(key, id);
    this.recordSet(map, key);
    return id;
  }

  /** `target *` with the pointer itself qualified by `qual`. */
  pointer(target: CTypeId, qual = 0): CTypeId {
    const key = target * 2;
    let base = this.pointers.get(key);
    if (base === undefined) {
      base = this.addInterned(this.pointers, key, { kind: "ptr", id: this.table.length, qual: 0, target });
    }
    return qual === 0 ? base : this.variant(base, qual, undefined);
  }

  /** C++ reference `target &`. */
  reference(target: CTypeId): CTypeId {
    const key = target * 2 + 1;
    const found = this.pointers.get(key);
    if (found !== undefined) return found;
    return this.addInterned(this.pointers, key, { kind: "ref", id: this.table.length, qual: 0, target });
  }

  /**
   * `elem[length]`; `null` for a VLA `[?]`; `flexible` for `[]` (length 0, but distinct from
   * `[0]`). As in C (and LuaJIT), the array carries its element's qualifiers: `const int[3]`
   * is an array of `const int`.
   */
  array(elem: CTypeId, length: number | null, flexible = false): CTypeId {
    const key = flexible ? `a${elem}:[]` : `a${elem}:${length ?? "?"}`;
    const found = this.interned.get(key);
    if (found !== undefined) return found;
    const qual = this.get(elem).qual;
    return this.addInterned(this.interned, key, {
      kind: "array",
      id: this.table.length,
      qual,
      elem,
      length: flexible ? 0 : length,
      flexible,
    });
  }

  /**
   * A function type. Parameter names are part of the type, as they are in LuaJIT's. Interned
   * by comparing signatures within a bucket chosen by a hash of the signature (names through
   * `nameNumber`), which costs no key string per declaration.
   */
  func(ret: CTypeId, params: readonly Param[], varargs: boolean, convention: CallingConvention): CTypeId {
    let hash = ret + params.length * 0x9e3779b1;
    for (let i = 0; i < params.length; i++) {
      const p = params[i]!;
      hash = (Math.imul(hash, 31) + p.type) | 0;
      if (p.name !== undefined) hash = (Math.imul(hash, 31) + this.nameNumber(p.name)) | 0;
    }
    const bucket = this.funcs.get(hash);
    if (bucket !== undefined) {
      for (let i = 0; i < bucket.length; i++) {
        const id = bucket[i]!;
        if (sameSignature(this.table[id] as FuncType, ret, params, varargs, convention)) return id;
      }
    }
    const id = this.table.length;
    this.table.push({ kind: "func", id, qual: 0, ret, params, varargs, convention });
    this.plain.push(id);
    if (bucket === undefined) {
      this.funcs.set(hash, [id]);
      this.recordSet(this.funcs, hash);
    } else {
      this.recordPush(bucket);
      bucket.push(id);
    }
    return id;
  }

  /** A number for a parameter name, the same every time (for hashing signatures). */
  private nameNumber(name: string): number {
    const names = this.paramNames;
    let n = names.get(name);
    if (n === undefined) {
      n = names.size + 1;
      names.set(name, n);
    }
    return n;
  }

  /** A GCC vector of `size` bytes of `elem`. */
  vector(elem: CTypeId, size: number): CTypeId {
    const key = `v${elem}:${size}`;
    const found = this.interned.get(key);
    if (found !== undefined) return found;
    return this.addInterned(this.interned, key, {
      kind: "vector",
      id: this.table.length,
      qual: 0,
      elem,
      size,
    });
  }

  /** The builtin integer type of `size` bytes and that signedness. */
  integer(size: 1 | 2 | 4 | 8, unsigned: boolean): CTypeId {
    const ids = this.ids;
    switch (size) {
      case 1:
        return unsigned ? ids.uchar : ids.char;
      case 2:
        return unsigned ? ids.ushort : ids.short;
      case 4:
        return unsigned ? ids.uint : ids.int;
      case 8:
        return unsigned ? ids.uint64 : ids.int64;
    }
  }

  /** The same type with exactly the qualifiers `qual` (arrays qualify their elements). */
  withQual(id: CTypeId, qual: number): CTypeId {
    const t = this.get(id);
    if (t.qual === qual) return id;
    if (t.kind === "array") {
      const arr = this.array(this.withQual(t.elem, qual), t.length, t.flexible);
      return t.alignAttr === undefined ? arr : this.withAlign(arr, t.alignAttr);
    }
    return this.variant(this.plain[id]!, qual, t.alignAttr);
  }

  /** The same type with `__attribute__((aligned(align)))` applied. */
  withAlign(id: CTypeId, align: number): CTypeId {
    const t = this.get(id);
    if (t.alignAttr === align) return id;
    return this.variant(this.plain[id]!, t.qual, align);
  }

  /** The same type without qualifiers (keeps an alignment attribute). */
  unqualified(id: CTypeId): CTypeId {
    return this.withQual(id, 0);
  }

  /** A qualified / aligned copy of a plain record; nominal variants share their info. */
  private variant(plain: CTypeId, qual: number, alignAttr: number | undefined): CTypeId {
    if (qual === 0 && alignAttr === undefined) return plain;
    if (alignAttr === undefined) {
      const key = plain * 8 + qual;
      const found = this.qualified.get(key);
      if (found !== undefined) return found;
      return this.addInterned(
        this.qualified,
        key,
        { ...this.get(plain), id: this.table.length, qual },
        plain,
      );
    }
    const key = `q${plain}:${qual}:${alignAttr}`;
    const found = this.interned.get(key);
    if (found !== undefined) return found;
    const record = { ...this.get(plain), id: this.table.length, qual, alignAttr };
    return this.addInterned(this.interned, key, record, plain);
  }

  // -- Nominal types --------------------------------------------------------------------

  /** A new, incomplete struct or union (anonymous when `tag` is undefined). */
  newAggregate(union: boolean, tag: string | undefined): CTypeId {
    const info: AggregateInfo = {
      union,
      tag,
      complete: false,
      fields: [],
      size: 0,
      align: 1,
      vls: false,
      memberQual: 0,
      constants: new Map(),
    };
    return this.add((id) => ({ kind: "struct", id, qual: 0, info }));
  }

  /** A new, incomplete enum (anonymous when `tag` is undefined). */
  newEnum(tag: string | undefined): CTypeId {
    const info: EnumInfo = {
      tag,
      complete: false,
      underlying: this.ids.uint,
      size: 4,
      unsigned: true,
      constants: [],
    };
    return this.add((id) => ({ kind: "enum", id, qual: 0, info }));
  }

  /**
   * Journals the current state of a struct/union's nominal part, so that a rollback undoes
   * whatever completing it (layout) changes next.
   */
  guardAggregate(info: AggregateInfo): void {
    const saved = { ...info };
    const target = info as Mutable<AggregateInfo>;
    this.record(() => {
      target.complete = saved.complete;
      target.fields = saved.fields;
      target.size = saved.size;
      target.align = saved.align;
      target.vls = saved.vls;
      target.memberQual = saved.memberQual;
      target.constants = saved.constants;
    });
  }

  /** Gives an enum its body and its underlying integer type (of 1, 2 or 4 bytes). */
  completeEnum(id: CTypeId, constants: readonly EnumConstant[], underlying: CTypeId): void {
    const t = this.get(id);
    const u = this.get(underlying);
    if (t.kind !== "enum" || u.kind !== "int" || u.size === 8) throw new FfiError(msg.invalidType());
    const info = t.info;
    const saved = { ...info };
    this.record(() => {
      info.complete = saved.complete;
      info.constants = saved.constants;
      info.underlying = saved.underlying;
      info.size = saved.size;
      info.unsigned = saved.unsigned;
    });
    info.complete = true;
    info.constants = constants;
    info.underlying = underlying;
    info.size = u.size;
    info.unsigned = u.unsigned;
  }

  // -- Namespaces -----------------------------------------------------------------------

  /** The type a typedef name stands for. */
  typedef(name: string): CTypeId | undefined {
    return this.typedefMap.get(name);
  }

  /** The struct/union/enum a tag names. */
  tag(name: string): CTypeId | undefined {
    return this.tagMap.get(name);
  }

  /** What a global (non-type) name was declared as. */
  declaration(name: string): Declaration | undefined {
    return this.declMap.get(name);
  }

  /** Whether `name` is taken in the ordinary namespace (typedef or declaration). */
  hasName(name: string): boolean {
    return this.typedefMap.has(name) || this.declMap.has(name);
  }

  /** Adds a typedef; false (and no change) when the name is already taken: first wins. */
  addTypedef(name: string, id: CTypeId): boolean {
    if (this.hasName(name)) return false;
    this.typedefMap.set(name, id);
    this.recordSet(this.typedefMap, name);
    return true;
  }

  /** Binds a tag to a struct/union/enum; false when the tag is taken. */
  addTag(name: string, id: CTypeId): boolean {
    if (this.tagMap.has(name)) return false;
    this.tagMap.set(name, id);
    this.recordSet(this.tagMap, name);
    return true;
  }

  /**
   * Binds a tag to a struct/union/enum even when the tag is taken, hiding the type it named
   * (LuaJIT's lj_ctype_addname puts the newest name first in its hash chain). A rollback
   * brings the hidden type back.
   */
  shadowTag(name: string, id: CTypeId): void {
    const hidden = this.tagMap.get(name);
    this.tagMap.set(name, id);
    if (hidden === undefined) {
      this.recordSet(this.tagMap, name);
    } else {
      this.rebinds++;
      this.record(() => this.tagMap.set(name, hidden));
    }
  }

  /** Adds a declaration; false (and no change) when the name is already taken: first wins. */
  declare(name: string, decl: Declaration): boolean {
    if (this.hasName(name)) return false;
    this.declMap.set(name, decl);
    this.recordSet(this.declMap, name);
    return true;
  }

  // -- Builtins -------------------------------------------------------------------------

  private seedBuiltins(): BuiltinIds {
    const add = (make: (id: CTypeId) => CType) => this.add(make);
    const int = (size: 1 | 2 | 4 | 8, unsigned: boolean, name: string) =>
      add((id) => ({ kind: "int", id, qual: 0, size, unsigned, name }));
    const float = (size: 4 | 8 | 16, name: string) =>
      add((id) => ({ kind: "float", id, qual: 0, size, name }));
    const complex = (size: 8 | 16 | 32, part: CTypeId) =>
      add((id) => ({ kind: "complex", id, qual: 0, size, part }));

    const void_ = add((id) => ({ kind: "void", id, qual: 0 }));
    const bool = add((id) => ({ kind: "bool", id, qual: 0, size: 1 }));
    const char = int(1, false, "char");
    const uchar = int(1, true, "unsigned char");
    const short = int(2, false, "short");
    const ushort = int(2, true, "unsigned short");
    const int_ = int(4, false, "int");
    const uint = int(4, true, "unsigned int");
    const int64 = int(8, false, "int64_t");
    const uint64 = int(8, true, "uint64_t");
    const float_ = float(4, "float");
    const double_ = float(8, "double");
    const longDouble = float(16, "long double");
    const complexFloat = complex(8, float_);
    const complexDouble = complex(16, double_);
    const complexLongDouble = complex(32, longDouble);
    const constVoid = this.withQual(void_, QUAL_CONST);
    const constChar = this.withQual(char, QUAL_CONST);
    const voidPtr = this.pointer(void_);
    const constVoidPtr = this.pointer(constVoid);
    const charPtr = this.pointer(char);
    const constCharPtr = this.pointer(constChar);
    const vaList = this.seedVaList(uint, voidPtr);

    const typedefs: [string, CTypeId][] = [
      ["int8_t", char],
      ["uint8_t", uchar],
      ["int16_t", short],
      ["uint16_t", ushort],
      ["int32_t", int_],
      ["uint32_t", uint],
      ["int64_t", int64],
      ["uint64_t", uint64],
      ["intptr_t", int64],
      ["uintptr_t", uint64],
      ["ptrdiff_t", int64],
      ["ssize_t", int64],
      ["size_t", uint64],
      ["wchar_t", int_],
      ["va_list", vaList],
      ["__builtin_va_list", vaList],
      ["__gnuc_va_list", vaList],
      // GCC's interchange float types, which glibc headers use when they are available.
      ["_Float32", float_],
      ["_Float64", double_],
      ["_Float32x", double_],
      ["_Float64x", longDouble],
      ["_Float128", longDouble],
      ["__float128", longDouble],
    ];
    for (const [name, id] of typedefs) this.typedefMap.set(name, id);

    return {
      void: void_,
      constVoid,
      bool,
      char,
      uchar,
      short,
      ushort,
      int: int_,
      uint,
      int64,
      uint64,
      float: float_,
      double: double_,
      longDouble,
      complexFloat,
      complexDouble,
      complexLongDouble,
      constChar,
      voidPtr,
      constVoidPtr,
      charPtr,
      constCharPtr,
      vaList,
    };
  }

  /**
   * gcc's x86-64 `__builtin_va_list`: `struct __va_list_tag { unsigned gp_offset, fp_offset;
   * void *overflow_arg_area, *reg_save_area; }[1]`. Laid out here by hand (the layout module
   * builds on the registry, not the other way round); as a parameter it decays to a pointer,
   * which is how the ABI passes it.
   */
  private seedVaList(uint: CTypeId, voidPtr: CTypeId): CTypeId {
    const fields: Field[] = [
      { name: "gp_offset", type: uint, offset: 0 },
      { name: "fp_offset", type: uint, offset: 4 },
      { name: "overflow_arg_area", type: voidPtr, offset: 8 },
      { name: "reg_save_area", type: voidPtr, offset: 16 },
    ];
    const tag = this.newAggregate(false, "__va_list_tag");
    const t = this.get(tag);
    if (t.kind === "struct") Object.assign(t.info, { complete: true, fields, size: 24, align: 8 });
    this.tagMap.set("__va_list_tag", tag);
    return this.array(tag, 1);
  }
}

/** Whether function type `t` has exactly this signature, parameter names included. */
function sameSignature(
  t: FuncType,
  ret: CTypeId,
  params: readonly Param[],
  varargs: boolean,
  convention: CallingConvention,
): boolean {
  if (t.ret !== ret || t.varargs !== varargs || t.convention !== convention) return false;
  const other = t.params;
  if (other.length !== params.length) return false;
  for (let i = 0; i < params.length; i++) {
    const a = params[i]!;
    const b = other[i]!;
    if (a.type !== b.type || a.name !== b.name) return false;
  }
  return true;
}
