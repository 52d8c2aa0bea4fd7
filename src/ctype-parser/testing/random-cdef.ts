/*
 * Random C declarations of the kind LuaJIT's ffi.cdef accepts, for the differential test
 * against LuaJIT (luajit-fuzz.test.ts), and mutated copies of them that mostly do not parse.
 *
 * The grammar is written with fast-check arbitraries that produce render functions rather
 * than syntax trees: a render function takes the case's context (the names declared so far,
 * a counter for fresh names) and returns text. That lets a generated piece refer to what was
 * declared before it (`t3@ *next`, `sizeof(struct s1@)`, `E2@ + 1`) without the arbitraries
 * knowing about scopes: a reference is a random index into whatever exists when it is
 * rendered. Every declared name ends in `@`, which the caller replaces by a per-case suffix
 * (LuaJIT's cdef accumulates in one process, so each case needs names of its own).
 *
 * While rendering, the context also records what to ask about afterwards: each typedef and
 * tag with the member names that `ffi.offsetof` should find in it and its scoped constants,
 * and each global name (`ffi.C.name`).
 *
 * The grammar keeps away from what we read differently from LuaJIT on purpose (README), or
 * where only the LuaJIT under test would notice (a 2022 build):
 *
 * - bitfields of 64-bit types; bitfields in packed structs or under `#pragma pack` (plain
 *   members there); unnamed bitfields wider than a byte: gcc's layout, not LuaJIT's;
 * - `va_list` (gcc's 24-byte struct, LuaJIT's `void *`), `_Bool` (LuaJIT gives it no size of
 *   its own: `_Bool int` is a 4-byte bool), `_Alignof`, integer suffixes but `u`, `__ptr64`
 *   (a size for integers to LuaJIT), `inline` with `bool` (LuaJIT refuses it);
 * - attributes on enums (gcc's layout); alignment inside or after a parenthesised or array
 *   declarator of a typedef, on a typedef's struct body, or on the declarators of a body
 *   that has attributes, which LuaJIT spreads from the specifier to every declarator and
 *   applies by position where we follow gcc; aligned members in packed bodies;
 * - casts to types narrower than int (C conversions for us, none for LuaJIT) and static
 *   constants in expressions (LuaJIT's unsigned comparisons go by their exact type);
 *   huge array sizes (LuaJIT's bit counts overflow).
 *
 * Mutations can reach these anyway: KNOWN_DIFFERENCES drops such cases.
 */

import fc from "fast-check";

/** What to ask LuaJIT and us about once a case's cdef succeeded. */
export type Query =
  /** A type string: its name, size, alignment, member offsets and scoped constants. */
  | { readonly kind: "type"; readonly type: string; readonly members: string[]; readonly consts: string[] }
  /** A global name, as `ffi.C.name` resolves it. */
  | { readonly kind: "global"; readonly name: string };

/** One generated cdef text with its queries; names still end in `@`. */
export interface CdefCase {
  readonly text: string;
  readonly queries: readonly Query[];
}

interface Aggregate {
  readonly members: string[];
  readonly consts: string[];
}

/** The names a case has declared so far, and the queries collected. */
class Ctx {
  private n = 0;
  readonly typedefs: string[] = [];
  readonly tags: string[] = [];
  readonly consts: string[] = [];
  /** Members and scoped constants of the aggregates named by typedefs and tags. */
  readonly aggregates = new Map<string, Aggregate>();
  readonly queries: Query[] = [];
  /** What the last rendered specifier was, when it was (or named) a struct or union. */
  lastAggregate: Aggregate | undefined;
  /** The last rendered specifier had a struct/union/enum body, and attributes on it. */
  inlineBody = false;
  attributedBody = false;
  /** The specifier being rendered is a typedef's (a body in it takes no alignment). */
  typedefBody = false;
  /** A `#pragma pack` region is being rendered (no bitfields in it). */
  pragmaPack = false;
  /** The body being rendered is a union's, or a transparent member's (no flexible array). */
  noFlexible = false;

  /** A new name; every name ends in `@`, members and parameters too (see generateCases). */
  fresh(prefix: string): string {
    return `${prefix}${this.n++}@`;
  }

  queryType(type: string, agg: Aggregate | undefined): void {
    this.queries.push({ kind: "type", type, members: agg?.members ?? [], consts: agg?.consts ?? [] });
  }
}

type Render = (c: Ctx) => string;
/**
 * Renders a declarator around a name ("" for an abstract one); `plain` keeps only its
 * arrays, `member` makes a function a pointer to one.
 */
type DeclRender = (c: Ctx, name: string, use?: "plain" | "member") => string;

const pick = <T>(xs: readonly T[], i: number): T => xs[i % xs.length]!;

/** An arbitrary per nesting depth, built once: the grammar is recursive, its depth bounded. */
function byDepth<T>(build: (n: number) => fc.Arbitrary<T>): (n: number) => fc.Arbitrary<T> {
  const built = new Map<number, fc.Arbitrary<T>>();
  return (n) => {
    let a = built.get(n);
    if (a === undefined) built.set(n, (a = build(n)));
    return a;
  };
}

/** fc.oneof over the entries whose weight is not 0 (so deeper levels are never built). */
function weighted<T>(...entries: [number, () => fc.Arbitrary<T>][]): fc.Arbitrary<T> {
  return fc.oneof(...entries.filter(([w]) => w > 0).map(([weight, a]) => ({ weight, arbitrary: a() })));
}
const join = (...parts: string[]) => parts.filter((p) => p !== "").join(" ");
const constant =
  (s: string): Render =>
  () =>
    s;

// -- Words ----------------------------------------------------------------------------------

const BASE_TYPES = [
  "int",
  "unsigned",
  "unsigned int",
  "int unsigned",
  "signed",
  "signed int",
  "char",
  "signed char",
  "unsigned char",
  "short",
  "short int",
  "unsigned short",
  "long",
  "long int",
  "unsigned long",
  "long unsigned int",
  "long long",
  "unsigned long long",
  "long long int",
  "float",
  "double",
  "long double",
  "bool",
  "size_t",
  "ssize_t",
  "int8_t",
  "uint8_t",
  "int16_t",
  "uint16_t",
  "int32_t",
  "uint32_t",
  "int64_t",
  "uint64_t",
  "intptr_t",
  "uintptr_t",
  "ptrdiff_t",
  "wchar_t",
  "complex",
  "complex double",
  "double complex",
  "complex float",
  "_Complex float",
  "__int8",
  "__int32",
  "unsigned __int64",
  "void",
];

/** Integer types at most 32 bits wide: what bitfields and static const members may have. */
const SMALL_INTS = [
  "int",
  "unsigned",
  "unsigned int",
  "signed int",
  "char",
  "signed char",
  "unsigned char",
  "short",
  "unsigned short",
  "int8_t",
  "uint8_t",
  "int16_t",
  "uint16_t",
  "int32_t",
  "uint32_t",
  "bool",
];

const QUALIFIERS = ["const", "volatile", "__const", "__const__", "__volatile__", "__restrict", "restrict"];

const qualifiers: fc.Arbitrary<string> = fc
  .array(fc.constantFrom(...QUALIFIERS), { minLength: 1, maxLength: 2 })
  .map((qs) => qs.join(" "));

/** Mostly nothing, sometimes qualifiers. */
const someQualifiers = weighted([3, () => fc.constant("")], [1, () => qualifiers]);

// -- Constant expressions -------------------------------------------------------------------

const literal: fc.Arbitrary<Render> = weighted(
  [6, () => fc.integer({ min: 0, max: 40 }).map((v) => constant(String(v)))],
  [2, () => fc.integer({ min: 0, max: 255 }).map((v) => constant(`0x${v.toString(16)}`))],
  [1, () => fc.integer({ min: 0, max: 63 }).map((v) => constant(`0${v.toString(8)}`))],
  [1, () => fc.constantFrom("'a'", "'\\n'", "'\\x41'", "'\\0'", "'\\377'").map(constant)],
  [1, () => fc.constantFrom("5u", "7U", "0x80u", "1U").map(constant)],
  [
    1,
    () =>
      fc
        .constantFrom("0x7fffffff", "0x80000000", "0xffffffff", "2147483647", "2147483648", "4294967295")
        .map(constant),
  ],
);

/** One of the enum constants declared so far (see the header on static ones). */
const constRef: fc.Arbitrary<Render> = fc
  .nat()
  .map((i) => (c: Ctx) => (c.consts.length ? pick(c.consts, i) : "1"));

/** A declared typedef name or tag, or a base type when there is none yet. */
const typedefRef = (fallback: string): fc.Arbitrary<Render> =>
  fc.nat().map((i) => (c: Ctx) => {
    if (c.typedefs.length === 0) return fallback;
    const t = pick(c.typedefs, i);
    c.lastAggregate = c.aggregates.get(t);
    return t;
  });
const tagRef = (fallback: string): fc.Arbitrary<Render> =>
  fc.nat().map((i) => (c: Ctx) => {
    if (c.tags.length === 0) return fallback;
    const t = pick(c.tags, i);
    c.lastAggregate = c.aggregates.get(t);
    return t;
  });

/** A type name for sizeof, alignof and casts: maybe a pointer, array or function pointer. */
const typeName: fc.Arbitrary<Render> = fc
  .tuple(
    weighted(
      [3, () => fc.constantFrom(...BASE_TYPES.filter((t) => t !== "void")).map(constant)],
      [2, () => typedefRef("int")],
      [2, () => tagRef("double")],
    ),
    fc.constantFrom("", "", "", "*", "[3]", "*[2]", "(*)(void)"),
  )
  .map(
    ([t, d]) =>
      (c: Ctx) =>
        join(t(c), d),
  );

const BINARY = [
  "+",
  "-",
  "*",
  "/",
  "%",
  "<<",
  ">>",
  "&",
  "|",
  "^",
  "&&",
  "||",
  "==",
  "!=",
  "<",
  ">",
  "<=",
  ">=",
];

const expr: (n: number) => fc.Arbitrary<Render> = byDepth<Render>((n) => {
  if (n <= 1) return weighted([4, () => literal], [1, () => constRef]);
  const sub = expr(n - 1);
  return weighted(
    [4, () => literal],
    [2, () => constRef],
    [
      2,
      () =>
        fc.tuple(fc.constantFrom("-", "~", "!", "+"), sub).map(
          ([op, e]) =>
            (c: Ctx) =>
              `${op}${e(c)}`,
        ),
    ],
    [
      4,
      () =>
        fc.tuple(sub, fc.constantFrom(...BINARY), sub).map(
          ([a, op, b]) =>
            (c: Ctx) =>
              `(${a(c)} ${op} ${b(c)})`,
        ),
    ],
    [
      1,
      () =>
        fc.tuple(sub, sub, sub).map(
          ([a, b, d]) =>
            (c: Ctx) =>
              `(${a(c)} ? ${b(c)} : ${d(c)})`,
        ),
    ],
    [
      2,
      () =>
        fc.tuple(fc.constantFrom("sizeof", "__alignof__", "__alignof"), typeName).map(
          ([op, t]) =>
            (c: Ctx) =>
              `${op}(${t(c)})`,
        ),
    ],
    [
      1,
      () =>
        fc.tuple(fc.constantFrom("int", "unsigned", "unsigned int", "int32_t", "uint32_t"), sub).map(
          ([t, e]) =>
            (c: Ctx) =>
              `(${t})${e(c)}`,
        ),
    ],
  );
});

/**
 * A small non-negative array length: mostly a literal, now and then a small expression (a
 * huge one overflows LuaJIT's 32-bit bit counts in ways not worth following).
 */
const sizeExpr = (values: readonly number[]): fc.Arbitrary<Render> =>
  weighted(
    [8, () => fc.constantFrom(...values).map((v) => constant(String(v)))],
    [
      1,
      () =>
        fc
          .tuple(
            fc.constantFrom(...values),
            fc.constantFrom("+", "*", "-", "|", "<<", "/", "?"),
            fc.constantFrom(...values),
            constRef,
          )
          .map(
            ([a, op, b, k]) =>
              (c: Ctx) =>
                op === "?" ? `(${k(c)} ? ${a} : ${b})` : `(${a} ${op} ${b})`,
          ),
    ],
    [1, () => fc.constantFrom("sizeof(int)", "__alignof__(double)", "sizeof(char *) / 2").map(constant)],
  );

// -- Attributes -----------------------------------------------------------------------------

/** Alignments: powers of two up to 32, now and then 0 or 3 (LuaJIT rounds down), or a sizeof. */
const alignValue: fc.Arbitrary<Render> = weighted(
  [8, () => fc.constantFrom(1, 2, 4, 8, 16, 32).map((v) => constant(String(v)))],
  [
    1,
    () =>
      fc
        .constantFrom("0", "3", "sizeof(int)", "__alignof__(double)", "sizeof(struct { char c@[6]; })")
        .map(constant),
  ],
);

const attribute: fc.Arbitrary<Render> = weighted(
  [3, () => alignValue.map((a) => (c: Ctx) => `__attribute__((aligned(${a(c)})))`)],
  [1, () => alignValue.map((a) => (c: Ctx) => `__attribute__((__aligned__(${a(c)})))`)],
  [1, () => alignValue.map((a) => (c: Ctx) => `__declspec(align(${a(c)}))`)],
  [
    2,
    () =>
      fc
        .constantFrom(
          "__attribute__((aligned))",
          "__attribute__((unused))",
          '__attribute__((deprecated("no")))',
          '__attribute__((visibility("default"), nothrow))',
          "__attribute__((__const__))",
          "__extension__",
        )
        .map(constant),
  ],
);

const packedAttribute = fc.constantFrom(
  "__attribute__((packed))",
  "__attribute__((__packed__))",
  "__attribute__((packed, aligned(4)))",
);

/** Mostly nothing, sometimes an attribute. */
const someAttribute = weighted([4, () => fc.constant(constant(""))], [1, () => attribute]);

/** Mostly nothing, sometimes an attribute without meaning here (in pointer declarators: see the header). */
const inertAttribute = weighted(
  [6, () => fc.constant(constant(""))],
  [
    1,
    () =>
      fc
        .constantFrom("__attribute__((unused))", "__attribute__((deprecated))", "__extension__")
        .map(constant),
  ],
);

// -- Declarators ----------------------------------------------------------------------------

/** One derivation step of a declarator, applied from the name outwards. */
type DeclOp =
  | { readonly kind: "ptr"; readonly quals: string; readonly attr: Render }
  | { readonly kind: "ref" }
  | { readonly kind: "array"; readonly size: Render }
  | { readonly kind: "func"; readonly params: Render };

/** Renders derivation steps around a name, with parentheses where C needs them. */
function renderDeclarator(allOps: readonly DeclOp[], parens: boolean): DeclRender {
  return (c, name, use) => {
    let ops = use === "plain" ? allOps.filter((op) => op.kind === "array") : allOps;
    if (use === "member" && ops[0]?.kind === "func") ops = [POINTER, ...ops];
    let s = name;
    let prefix = false;
    for (const op of ops) {
      if (op.kind === "ptr") {
        s = join("*", op.attr(c), op.quals, s);
        prefix = true;
      } else if (op.kind === "ref") {
        s = join("&", s);
        prefix = true;
      } else {
        if (prefix) s = `(${s})`;
        s = op.kind === "array" ? `${s}[${op.size(c)}]` : `${s}(${op.params(c)})`;
        prefix = false;
      }
    }
    return parens && use !== "plain" && s !== "" ? `(${s})` : s;
  };
}

const arraySize: fc.Arbitrary<Render> = weighted(
  [8, () => sizeExpr([0, 1, 2, 3, 4, 5, 7])],
  [1, () => fc.constantFrom("", "?").map(constant)],
);

/** A parameter list: empty, `void`, `...`, or parameters with or without names. */
const params: (n: number) => fc.Arbitrary<Render> = byDepth<Render>((n) => {
  const param = fc
    .tuple(someQualifiers, spec(Math.min(n, 1)), declarator(n - 1), fc.boolean(), fc.nat(9))
    .map(([q, s, d, named, register]) => (c: Ctx) => {
      const name = named ? c.fresh("p") : "";
      return join(register === 0 ? "register" : "", q, s(c), d(c, name));
    });
  return weighted(
    [1, () => fc.constantFrom("", "void", "...").map(constant)],
    [
      4,
      () =>
        fc.tuple(fc.array(param, { minLength: 1, maxLength: 3 }), fc.boolean()).map(
          ([ps, varargs]) =>
            (c: Ctx) =>
              ps.map((p) => p(c)).join(", ") + (varargs ? ", ..." : ""),
        ),
    ],
  );
});

const declOp: (n: number) => fc.Arbitrary<DeclOp> = byDepth<DeclOp>((n) =>
  weighted(
    [
      6,
      () =>
        fc
          .tuple(someQualifiers, inertAttribute)
          .map(([quals, attr]): DeclOp => ({ kind: "ptr", quals, attr })),
    ],
    [3, () => arraySize.map((size): DeclOp => ({ kind: "array", size }))],
    [n > 0 ? 1 : 0, () => params(n).map((p): DeclOp => ({ kind: "func", params: p }))],
    [1, () => fc.constant<DeclOp>({ kind: "ref" })],
  ),
);

const POINTER: DeclOp = { kind: "ptr", quals: "", attr: constant("") };

/**
 * The steps of `ops` (from the name outwards) that C allows, mostly: no arrays of functions,
 * functions returning arrays or functions, nothing but a function made of a reference.
 */
function validOps(ops: readonly DeclOp[]): DeclOp[] {
  const kept: DeclOp[] = [];
  for (let i = ops.length - 1; i >= 0; i--) {
    const op = ops[i]!;
    const inner = kept[kept.length - 1]?.kind;
    if (inner === "ref" && op.kind !== "func") continue;
    if (op.kind === "array" && inner === "func") continue;
    if (op.kind === "func" && (inner === "func" || inner === "array")) continue;
    kept.push(op);
  }
  return kept.reverse();
}

/** A declarator of up to three derivations (one at depth 0), now and then in parentheses. */
const declarator: (n: number) => fc.Arbitrary<DeclRender> = byDepth<DeclRender>((n) =>
  fc
    .tuple(fc.array(declOp(Math.max(n, 0)), { maxLength: n > 0 ? 3 : 1 }), fc.nat(9))
    .map(([ops, parens]) => renderDeclarator(validOps(ops), parens === 0)),
);

// -- Specifiers, struct/union and enum bodies -----------------------------------------------

/** Renders a specifier, with what the declarators after it need to know about it. */
function specifier(c: Ctx, s: Render, typedef = false) {
  c.lastAggregate = undefined;
  c.inlineBody = false;
  c.attributedBody = false;
  c.typedefBody = typedef;
  const text = s(c);
  c.typedefBody = false;
  return { text, aggregate: c.lastAggregate, inlineBody: c.inlineBody, attributedBody: c.attributedBody };
}

/** An attribute, unless it aligns (for the body of a typedef: see the header). */
function unaligned(c: Ctx, a: Render, typedef: boolean): string {
  const text = a(c);
  return typedef && /align/.test(text) ? "" : text;
}

/** A type specifier: base type, a declared typedef or tag, or an inline struct/union/enum. */
const spec: (n: number) => fc.Arbitrary<Render> = byDepth<Render>((n) =>
  weighted(
    [6, () => fc.constantFrom(...BASE_TYPES).map(constant)],
    [3, () => typedefRef("int")],
    [2, () => tagRef("long")],
    [n > 0 ? 2 : 0, () => aggregate(n - 1)],
    [n > 0 ? 1 : 0, () => enumeration],
  ),
);

const enumeration: fc.Arbitrary<Render> = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.option(expr(3), { freq: 2 }), { minLength: 1, maxLength: 4 }),
    fc.boolean(),
    inertAttribute,
    inertAttribute,
  )
  .map(([named, items, trailing, before, after]) => (c: Ctx) => {
    const typedef = c.typedefBody;
    c.typedefBody = false;
    const tag = named ? c.fresh("e") : "";
    if (tag) c.tags.push(`enum ${tag}`);
    const body = items.map((value) => {
      const name = c.fresh("E");
      // The value is rendered before the name exists: it may only use earlier constants.
      const text = value === null ? name : `${name} = ${value(c)}`;
      c.consts.push(name);
      c.queries.push({ kind: "global", name });
      return text;
    });
    if (tag) c.queryType(`enum ${tag}`, undefined);
    const text = join(
      "enum",
      unaligned(c, before, typedef),
      tag,
      `{ ${body.join(", ")}${trailing ? "," : ""} }`,
      unaligned(c, after, typedef),
    );
    c.lastAggregate = undefined;
    c.inlineBody = true;
    c.attributedBody = /__attribute__|__declspec/.test(text);
    return text;
  });

/** The width of a bitfield of type `t`: mostly within the type's bits, now and then not. */
function bitWidth(t: string): fc.Arbitrary<Render> {
  const bits = t === "bool" ? 1 : /char|8/.test(t) ? 8 : /short|16/.test(t) ? 16 : 32;
  return weighted(
    [10, () => fc.integer({ min: 1, max: bits }).map((w) => constant(String(w)))],
    [1, () => fc.constantFrom("0", String(bits + 1), "sizeof(char)").map(constant)],
  );
}

/** Renders a struct/union body, adding the member and constant names to `agg`. */
type BodyRender = (c: Ctx, agg: Aggregate) => string;

/** A struct/union body; `packed` ones get no bitfields (see the header). */
const members = (n: number, packed: boolean): fc.Arbitrary<BodyRender> => (packed ? packedBody : body)(n);

const bodyOf = (packed: boolean): ((n: number) => fc.Arbitrary<BodyRender>) =>
  byDepth<BodyRender>((n) => {
    const field = fc
      .tuple(
        someQualifiers,
        spec(n),
        fc.array(fc.tuple(declarator(Math.min(n, 1)), someAttribute), { minLength: 1, maxLength: 3 }),
        someAttribute,
      )
      .map(([q, s, ds, attr]) => (c: Ctx, agg: Aggregate) => {
        const sp = specifier(c, s);
        const decls = ds.map(([d, a]) => {
          const name = c.fresh("m");
          agg.members.push(name);
          // (no attributes of its own after a body with some: see the header)
          return join(d(c, name, sp.attributedBody ? "plain" : "member"), sp.attributedBody ? "" : a(c));
        });
        return `${join(q, sp.inlineBody ? "" : attr(c), sp.text, decls.join(", "))};`;
      });
    const bitfield = fc
      .constantFrom(...SMALL_INTS)
      .chain((t) =>
        fc.tuple(
          fc.constant(t),
          fc.array(fc.tuple(bitWidth(t), fc.boolean()), { minLength: 1, maxLength: 3 }),
        ),
      )
      .map(([t, ws]) => (c: Ctx, agg: Aggregate) => {
        const decls = ws.map(([w, named]) => {
          if (!named && /char|8|bool/.test(t)) return c.pragmaPack ? "" : `: ${w(c)}`;
          const name = c.fresh("b");
          agg.members.push(name);
          // Under #pragma pack, at any depth, a plain field instead (see the header).
          return c.pragmaPack ? name : `${name} : ${w(c)}`;
        });
        const named = decls.filter((d) => d !== "");
        return named.length === 0 ? "" : `${t} ${named.join(", ")};`;
      });
    // An unnamed struct/union member is transparent: its members are found through ours.
    const transparent = () =>
      fc
        .tuple(fc.boolean(), someQualifiers, members(n - 1, packed))
        .map(([union, q, inner]) => (c: Ctx, agg: Aggregate) => {
          const outer = c.noFlexible;
          c.noFlexible = true;
          const text = `${join(q, union ? "union" : "struct")} { ${inner(c, agg)} };`;
          c.noFlexible = outer;
          return text;
        });
    const staticConst = fc
      .tuple(fc.constantFrom(...SMALL_INTS.filter((t) => t !== "bool")), expr(3))
      .map(([t, e]) => (c: Ctx, agg: Aggregate) => {
        const name = c.fresh("K");
        agg.consts.push(name);
        return `static const ${t} ${name} = ${e(c)};`;
      });
    const flexible = fc
      .tuple(fc.constantFrom("int", "char", "double", "short"), fc.constantFrom("[]", "[?]", "[0]"))
      .map(([t, d]) => (c: Ctx, agg: Aggregate) => {
        const name = c.fresh("m");
        agg.members.push(name);
        // (a union can have none)
        return `${t} ${name}${c.noFlexible ? "[1]" : d};`;
      });
    const enumMember = enumeration.map((e) => (c: Ctx, agg: Aggregate) => {
      const before = c.queries.length;
      const text = `${e(c)};`;
      // Constants of an enum declared in a body are scoped to it, too.
      for (const q of c.queries.slice(before)) if (q.kind === "global") agg.consts.push(q.name);
      return text;
    });
    const member = weighted<BodyRender>(
      [8, () => field],
      [packed ? 0 : 3, () => bitfield],
      [n > 0 ? 1 : 0, transparent],
      [1, () => staticConst],
      [1, () => enumMember],
    );
    return fc
      .tuple(fc.array(member, { maxLength: 5 }), weighted([7, () => fc.constant(null)], [1, () => flexible]))
      .map(([ms, flex]) => (c: Ctx, agg: Aggregate) => {
        const parts = ms.map((m) => m(c, agg));
        if (flex !== null) parts.push(flex(c, agg));
        return parts.join(" ");
      });
  });
const body = bodyOf(false);
const packedBody = bodyOf(true);

/** A struct or union with a body, named or anonymous, with attributes before and after. */
const aggregate: (n: number) => fc.Arbitrary<Render> = byDepth<Render>((n) =>
  fc
    .tuple(fc.boolean(), fc.boolean(), fc.nat(9), someAttribute, someAttribute, packedAttribute)
    .chain(([union, named, packing, before, after, packedAttr]) =>
      members(n, packing < 2).map((inner) => (c: Ctx) => {
        const kw = union ? "union" : "struct";
        const tag = named ? c.fresh("s") : "";
        if (tag) c.tags.push(`${kw} ${tag}`);
        const agg: Aggregate = { members: [], consts: [] };
        const typedef = c.typedefBody;
        c.typedefBody = false;
        const outer = c.noFlexible;
        c.noFlexible = union;
        const bodyText = inner(c, agg);
        c.noFlexible = outer;
        // No packing for a body with aligned members: see the header.
        const packed = /align/.test(bodyText) ? "" : typedef ? "__attribute__((packed))" : packedAttr;
        const head = join(kw, packing === 0 ? packed : "", unaligned(c, before, typedef), tag);
        const tail = join(packing === 1 ? packed : "", unaligned(c, after, typedef));
        if (tag) {
          c.aggregates.set(`${kw} ${tag}`, agg);
          c.queryType(`${kw} ${tag}`, agg);
        }
        c.lastAggregate = agg;
        c.inlineBody = true;
        c.attributedBody = /__attribute__|__declspec/.test(`${head} ${tail}`);
        return join(`${head} { ${bodyText} }`, tail);
      }),
    ),
);

// -- Declarations ---------------------------------------------------------------------------

const typedefDecl: fc.Arbitrary<Render> = fc
  .tuple(
    fc.boolean(),
    someQualifiers,
    spec(2),
    fc.array(fc.tuple(declarator(2), someAttribute), { minLength: 1, maxLength: 3 }),
  )
  .map(([ext, q, s, ds]) => (c: Ctx) => {
    const sp = specifier(c, s, true);
    const agg = sp.aggregate;
    const decls = ds.map(([d, a]) => {
      const name = c.fresh("t");
      const declText = d(c, name, sp.attributedBody ? "plain" : undefined);
      // An alignment after a declarator with parentheses or brackets: see the header.
      const attrText = a(c);
      const text = /[[(]/.test(declText) && /align/.test(attrText) ? declText : join(declText, attrText);
      c.typedefs.push(name);
      // Only a typedef of the aggregate itself has its members.
      const plain = declText === name || declText === `(${name})`;
      if (plain && agg !== undefined) c.aggregates.set(name, agg);
      c.queryType(name, plain ? agg : undefined);
      c.queryType(`const ${name} *`, undefined);
      return text;
    });
    return `${join(ext ? "__extension__" : "", "typedef", q, sp.text, decls.join(", "))};`;
  });

const tagDecl: fc.Arbitrary<Render> = weighted(
  [4, () => aggregate(2).map((a) => (c: Ctx) => `${a(c)};`)],
  [2, () => enumeration.map((e) => (c: Ctx) => `${e(c)};`)],
  [
    1,
    () =>
      fc.constantFrom("struct", "union", "enum").map((kw) => (c: Ctx) => {
        const tag = `${kw} ${c.fresh("s")}`;
        c.tags.push(tag);
        c.queryType(tag, undefined);
        return `${tag};`;
      }),
  ],
);

const asmLabel = weighted(
  [4, () => fc.constant("")],
  [1, () => fc.constantFrom('__asm__("sym")', 'asm("a" "b")', '__asm("x")')],
);

const variableDecl: fc.Arbitrary<Render> = fc
  .tuple(
    fc.constantFrom("", "extern", "static"),
    someQualifiers,
    spec(1),
    declarator(2),
    asmLabel,
    someAttribute,
  )
  .map(([storage, q, s, d, label, attr]) => (c: Ctx) => {
    const name = c.fresh("v");
    c.queries.push({ kind: "global", name });
    return `${join(storage, q, s(c), d(c, name), label, attr(c))};`;
  });

/** A declarator whose derivation nearest the name is a function. */
const functionDeclarator: fc.Arbitrary<DeclRender> = fc
  .tuple(params(2), fc.array(declOp(1), { maxLength: 2 }))
  .map(([p, ops]) => renderDeclarator([{ kind: "func", params: p }, ...ops], false));

const functionDecl: fc.Arbitrary<Render> = fc
  .tuple(
    fc.constantFrom("", "", "extern", "static", "static inline", "__inline__"),
    someQualifiers,
    spec(1),
    fc.constantFrom("", "", "__cdecl", "__stdcall", "__fastcall"),
    functionDeclarator,
    asmLabel,
    weighted(
      [3, () => fc.constant("")],
      [
        1,
        () =>
          fc.constantFrom(
            "__attribute__((nonnull(1)))",
            "__attribute__((stdcall))",
            "__attribute__((noreturn, cold))",
          ),
      ],
    ),
  )
  .map(([storage, q, s, conv, d, label, attr]) => (c: Ctx) => {
    const name = c.fresh("f");
    c.queries.push({ kind: "global", name });
    const specText = s(c);
    // `inline bool` is "invalid C type" to LuaJIT: see the header.
    const inline = /bool/.test(specText) ? storage.replace(/inline|__inline__/, "") : storage;
    return `${join(inline, q, specText, conv, d(c, name), label, attr)};`;
  });

const staticConstDecl: fc.Arbitrary<Render> = fc
  .tuple(fc.constantFrom(...SMALL_INTS.filter((t) => t !== "bool")), expr(3), fc.boolean())
  .map(([t, e, constFirst]) => (c: Ctx) => {
    const name = c.fresh("K");
    const text = `${constFirst ? `static const ${t}` : `static ${t} const`} ${name} = ${e(c)};`;
    // Static constants stay out of expressions: see the header.
    c.queries.push({ kind: "global", name });
    return text;
  });

/** A struct under `#pragma pack`; bitfields are kept out (see the header). */
const pragmaPack: fc.Arbitrary<Render> = fc
  .tuple(fc.constantFrom(1, 2, 4, 8, 16), fc.boolean(), fc.boolean(), fc.boolean(), members(1, true))
  .map(([n, push, union, named, inner]) => (c: Ctx) => {
    const kw = union ? "union" : "struct";
    const open = push ? `#pragma pack(push, ${n})` : `#pragma pack(${n})`;
    const close = push ? "#pragma pack(pop)" : "#pragma pack()";
    const agg: Aggregate = { members: [], consts: [] };
    const tag = named ? `${kw} ${c.fresh("s")}` : "";
    if (tag) c.tags.push(tag);
    c.pragmaPack = true;
    c.noFlexible = union;
    const bodyText = inner(c, agg);
    c.pragmaPack = false;
    c.noFlexible = false;
    const name = tag || c.fresh("t");
    c.aggregates.set(name, agg);
    c.queryType(name, agg);
    if (!tag) c.typedefs.push(name);
    const decl = tag ? `${tag} { ${bodyText} };` : `typedef ${kw} { ${bodyText} } ${name};`;
    return `\n${open}\n${decl}\n${close}\n`;
  });

const declaration: fc.Arbitrary<Render> = weighted(
  [7, () => typedefDecl],
  [5, () => tagDecl],
  [2, () => variableDecl],
  [2, () => functionDecl],
  [1, () => staticConstDecl],
  [1, () => pragmaPack],
);

const validCase: fc.Arbitrary<Render> = fc
  .array(declaration, { minLength: 1, maxLength: 4 })
  .map((ds) => (c: Ctx) => ds.map((d) => d(c)).join("\n"));

// -- Mutation -------------------------------------------------------------------------------

const TOKEN =
  /\n|"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|[A-Za-z_@][\w@]*|\d\w*|\.\.\.|->|<<|>>|<=|>=|==|!=|&&|\|\||\S/g;

/** A token-level edit: drop, duplicate or swap a token, or copy one over another. */
type Edit = readonly ["drop" | "dup" | "swap" | "copy", number, number];

const edits: fc.Arbitrary<readonly Edit[]> = fc.array(
  fc.tuple(fc.constantFrom("drop", "dup", "swap", "copy"), fc.nat(), fc.nat()) as fc.Arbitrary<Edit>,
  { minLength: 1, maxLength: 3 },
);

/**
 * Applies token edits to a text; lines stay lines, so `#pragma` keeps its own. In a text
 * with directive lines, only their tokens are edited: we read a directive at the start of
 * any line, LuaJIT only where a declaration may start (parser.test.ts, "directives at the
 * start of a line, even inside a declaration"), so declarations around them stay whole.
 */
export function mutate(text: string, es: readonly Edit[]): string {
  const toks = text.match(TOKEN) ?? [];
  for (const [op, a, b] of es) {
    const editable = directiveTokens(toks);
    if (editable.length === 0) break;
    const i = editable[a % editable.length]!;
    const j = editable[b % editable.length]!;
    if (op === "drop") toks.splice(i, 1);
    else if (op === "dup") toks.splice(i, 0, toks[i]!);
    else if (op === "swap") [toks[i], toks[j]] = [toks[j]!, toks[i]!];
    else toks[i] = toks[j]!;
  }
  return toks.join(" ").replace(/ ?\n ?/g, "\n");
}

/** Indices of the tokens of directive lines (but not their line ends), or of all tokens if none. */
function directiveTokens(toks: readonly string[]): number[] {
  const inDirectives: number[] = [];
  let directive = false;
  toks.forEach((t, i) => {
    if (t === "\n") directive = false;
    else if (t === "#" && (i === 0 || toks[i - 1] === "\n")) directive = true;
    if (directive) inDirectives.push(i);
  });
  return inDirectives.length > 0 ? inDirectives : toks.map((_, i) => i);
}

// -- Cases ----------------------------------------------------------------------------------

function renderCase(r: Render): CdefCase {
  const c = new Ctx();
  const text = r(c)
    .replace(/[ \t]+/g, " ")
    .replace(/^\n+/, "");
  return { text, queries: c.queries };
}

/**
 * `count` valid cases and `count` mutated ones (fewer: see KNOWN_DIFFERENCES), the same for
 * the same seed. Names in the texts and queries end in `@`: replace it with a suffix unique
 * to the case.
 */
export function generateCases(seed: number, count: number): CdefCase[] {
  const valid = fc.sample(validCase, { seed, numRuns: count }).map(renderCase);
  const mutations = fc.sample(fc.tuple(fc.nat({ max: count - 1 }), edits), {
    seed: seed + 1,
    numRuns: count,
  });
  const mutated = mutations
    .map(([i, es]) => {
      const base = valid[i]!;
      return { text: mutate(base.text, es), queries: base.queries };
    })
    .filter((c) => !KNOWN_DIFFERENCES.some(([shows]) => shows(c.text)));
  return [...valid, ...mutated];
}

// -- Mutations that reach a known difference ----------------------------------------------

const matches = (re: RegExp) => (text: string) => re.test(text);

/**
 * What a mutation can bring about where we differ from LuaJIT on purpose, or from the LuaJIT
 * we test against (Debian's 2.1.0-beta3 of 2022) by following LuaJIT from 2023 on: a mutated
 * case that shows one is dropped. The valid grammar stays clear of all of them (see the
 * header). Some patterns catch harmless cases too; those are lost.
 */
const KNOWN_DIFFERENCES: readonly [(text: string) => boolean, string][] = [
  [
    matches(/\[\s*(static|const|volatile|restrict|__restrict|__const__|__const|__volatile__)\b/),
    "`[static n]`, `[const n]`: C99 array parameters, which we accept (declarator.ts)",
  ],
  [
    matches(/([=([!~?:|^+\-*%/<>&]|\(\s*[\w\s]+\))\s*&\s*[\w('+\-~!*&]/),
    "`&x` in an expression: no constant to us and to LuaJIT from 2023 on (cp_expr_prefix, imm)",
  ],
  [
    matches(/[=[][^;{}\]]*\b[a-zA-DF-JL-Z]\d+@/),
    "a variable, function or parameter in an expression: no constant to us and to LuaJIT from " +
      "2023 on (a parameter sizes a VLA); the older one reads a variable as its ctype id",
  ],
  [
    matches(
      /\(\s*((un)?signed\s+)?(short|char|__int8|__int16|u?int8_t|u?int16_t|bool)(\s+int)?\s*\)\s*[\w(\-~!+']/,
    ),
    "a cast to a type narrower than int: it converts, as in C (const-expr.ts); LuaJIT keeps the value",
  ],
  [
    unnamedTaggedMember,
    "a member `struct s;` or an empty declarator after a comma: nothing to us, as in gcc " +
      "(tagged-types.ts), a transparent member to LuaJIT",
  ],
  [
    matches(/\b(long|int64_t|uint64_t|size_t|ssize_t|intptr_t|uintptr_t|ptrdiff_t|__int64)\b[^;{}]*:/),
    "a bitfield of a 64-bit type, which we lay out as gcc does (README); LuaJIT refuses it",
  ],
  [
    matches(/\benum\b[^;{}]*(\{[^}]*\})?[^;{}]*:/),
    "a bitfield of an enum type, which we allow as gcc does (tagged-types.ts checkBitfield)",
  ],
  [
    (text) => text.includes("#") && text.includes(":"),
    "a mutated `#pragma pack` may leave packing on for later bitfields, laid out as gcc does",
  ],
  [
    matches(/\btypedef\b[^;]*[)\]]\s*(__attribute__\s*\(\(\s*(__)?aligned|__declspec\s*\(\s*align)/),
    "an alignment after a typedef's parenthesised or array declarator: ours aligns the " +
      "typedef, as gcc does (parser.test.ts); LuaJIT's goes to the type at its position",
  ],
  [
    matches(/\}[^;{]*\btypedef\b/),
    "`struct {...} attrs typedef T;`: attributes of a body belong to its type (gcc); LuaJIT's reach T",
  ],
  [
    matches(/\balign(ed|ed__)?\s*\(\s*(\d{5,}|0x[\da-f]{5,})/i),
    "an alignment of 2^16 or more, of which LuaJIT keeps log2 modulo 16 (1 for 65536)",
  ],
  [
    matches(
      /\b(inline|__inline|__inline__)\b[^;(){}]*\bbool\b|\bbool\b[^;(){}]*\b(inline|__inline|__inline__)\b/,
    ),
    "`inline bool`, which LuaJIT refuses (its inline flag trips its bool check); we accept it",
  ],
];

/**
 * A member `struct s;` (a tag, no declarator), with a body or not, or an empty declarator
 * after a comma (`struct s *p, ;`).
 */
function unnamedTaggedMember(text: string): boolean {
  const toks = (text.match(TOKEN) ?? []).filter((t) => t !== "\n");
  const open: string[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t === "{" || t === "(") open.push(t);
    else if (t === "}" || t === ")") open.pop();
    else if (open[open.length - 1] !== "{") continue;
    else if (t === "," && [";", ","].includes(toks[skipAttributes(toks, i + 1)]!)) return true;
    else if (t === "struct" || t === "union") {
      let j = skipAttributes(toks, i + 1);
      if (!/^\w/.test(toks[j] ?? "")) continue;
      j = skipAttributes(toks, j + 1);
      if (toks[j] === "{") j = skipAttributes(toks, skipGroup(toks, j, "{", "}"));
      if (toks[j] === ";" || toks[j] === ",") return true;
    }
  }
  return false;
}

/** The index after the qualifiers and attributes starting at `i`. */
function skipAttributes(toks: readonly string[], i: number): number {
  for (;;) {
    if (toks[i] === "__attribute__" || toks[i] === "__declspec") i = skipGroup(toks, i + 1);
    else if (QUALIFIERS.includes(toks[i]!) || /^(__extension__|__cdecl|__stdcall|__fastcall)$/.test(toks[i]!))
      i++;
    else return i;
  }
}

/** The index after the balanced group starting at `i` (or `i` when none starts there). */
function skipGroup(toks: readonly string[], i: number, open = "(", close = ")"): number {
  if (toks[i] !== open) return i;
  let depth = 0;
  for (; i < toks.length; i++) {
    if (toks[i] === open) depth++;
    else if (toks[i] === close && --depth === 0) return i + 1;
  }
  return i;
}
