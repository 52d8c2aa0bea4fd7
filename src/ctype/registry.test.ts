import { describe, expect, test } from "vitest";
import { FfiError } from "./errors";
import { sizeOf } from "./layout";
import { Registry } from "./registry";
import { QUAL_CONST, QUAL_VOLATILE } from "./types";

describe("builtins", () => {
  test("integer types are named as LuaJIT names them, one per size and sign", () => {
    const reg = new Registry();
    const names = [1, 2, 4, 8].flatMap((size) =>
      [false, true].map((u) => {
        const t = reg.get(reg.integer(size as 1 | 2 | 4 | 8, u));
        return t.kind === "int" ? t.name : "?";
      }),
    );
    expect(names).toEqual([
      "char",
      "unsigned char",
      "short",
      "unsigned short",
      "int",
      "unsigned int",
      "int64_t",
      "uint64_t",
    ]);
  });

  test("named ids and predefined typedefs", () => {
    const reg = new Registry();
    const { ids } = reg;
    expect(reg.get(ids.constCharPtr)).toMatchObject({ kind: "ptr", target: ids.constChar });
    expect(reg.get(ids.constChar)).toMatchObject({ kind: "int", qual: QUAL_CONST, size: 1 });
    expect(reg.typedef("size_t")).toBe(ids.uint64);
    expect(reg.typedef("int8_t")).toBe(ids.char);
    expect(reg.typedef("wchar_t")).toBe(ids.int);
    expect(reg.typedef("va_list")).toBe(ids.vaList);
    expect(sizeOf(reg, ids.vaList)).toBe(24);
  });
});

describe("interning", () => {
  test("structural types get one id", () => {
    const reg = new Registry();
    const { ids } = reg;
    expect(reg.pointer(ids.int)).toBe(reg.pointer(ids.int));
    expect(reg.pointer(ids.int, QUAL_CONST)).toBe(reg.pointer(ids.int, QUAL_CONST));
    expect(reg.pointer(ids.int, QUAL_CONST)).not.toBe(reg.pointer(ids.int));
    expect(reg.array(ids.char, 3)).toBe(reg.array(ids.char, 3));
    expect(reg.array(ids.char, null)).not.toBe(reg.array(ids.char, 0));
    const params = [{ name: "x", type: ids.int }];
    expect(reg.func(ids.int, params, false, "cdecl")).toBe(
      reg.func(ids.int, [{ name: "x", type: ids.int }], false, "cdecl"),
    );
    expect(reg.func(ids.int, params, true, "cdecl")).not.toBe(reg.func(ids.int, params, false, "cdecl"));
    expect(reg.reference(ids.int)).toBe(reg.reference(ids.int));
    expect(reg.vector(ids.float, 16)).toBe(reg.vector(ids.float, 16));
  });

  test("qualified variants", () => {
    const reg = new Registry();
    const { ids } = reg;
    const cv = reg.withQual(ids.int, QUAL_CONST | QUAL_VOLATILE);
    expect(reg.get(cv)).toMatchObject({ kind: "int", qual: QUAL_CONST | QUAL_VOLATILE, name: "int" });
    expect(reg.unqualified(cv)).toBe(ids.int);
    expect(reg.withQual(reg.withQual(ids.int, QUAL_CONST), 0)).toBe(ids.int);
    const aligned = reg.withAlign(reg.withQual(ids.int, QUAL_CONST), 16);
    expect(reg.get(aligned)).toMatchObject({ qual: QUAL_CONST, alignAttr: 16 });
    expect(reg.get(reg.unqualified(aligned))).toMatchObject({ qual: 0, alignAttr: 16 });
  });

  test("qualified structs share their nominal part", () => {
    const reg = new Registry();
    const s = reg.newAggregate(false, "s");
    const cs = reg.withQual(s, QUAL_CONST);
    const a = reg.get(s);
    const b = reg.get(cs);
    expect(a.kind === "struct" && b.kind === "struct" && a.info === b.info).toBe(true);
    expect(reg.unqualified(cs)).toBe(s);
  });

  test("a flexible array T[] is interned apart from T[0], also when qualified", () => {
    const reg = new Registry();
    const flex = reg.array(reg.ids.int, 0, true);
    expect(flex).toBe(reg.array(reg.ids.int, 0, true));
    expect(flex).not.toBe(reg.array(reg.ids.int, 0));
    expect(reg.get(flex)).toMatchObject({ length: 0, flexible: true });
    expect(reg.get(reg.withQual(flex, QUAL_CONST))).toMatchObject({ flexible: true, qual: QUAL_CONST });
  });

  test("qualifying an array qualifies its elements", () => {
    const reg = new Registry();
    const arr = reg.withQual(reg.array(reg.ids.int, 4), QUAL_CONST);
    expect(reg.get(arr)).toMatchObject({
      kind: "array",
      elem: reg.withQual(reg.ids.int, QUAL_CONST),
      qual: QUAL_CONST,
    });
  });
});

describe("namespaces", () => {
  test("typedefs and declarations: first wins; the ordinary namespace is shared", () => {
    const reg = new Registry();
    expect(reg.addTypedef("T", reg.ids.int)).toBe(true);
    expect(reg.addTypedef("T", reg.ids.double)).toBe(false);
    expect(reg.addTypedef("size_t", reg.ids.int)).toBe(false);
    expect(reg.declare("T", { kind: "var", type: reg.ids.int, symbol: "T" })).toBe(false);
    expect(reg.declare("f", { kind: "func", type: reg.ids.int, symbol: "g" })).toBe(true);
    expect(reg.declare("f", { kind: "var", type: reg.ids.int, symbol: "f" })).toBe(false);
    expect(reg.typedef("T")).toBe(reg.ids.int);
    expect(reg.declaration("f")).toMatchObject({ symbol: "g" });
  });

  test("tags are their own namespace", () => {
    const reg = new Registry();
    reg.addTypedef("x", reg.ids.int);
    expect(reg.addTag("x", reg.newAggregate(false, "x"))).toBe(true);
    expect(reg.addTag("x", reg.newEnum("x"))).toBe(false);
  });

  test("shadowTag rebinds a taken tag, counts it, and a failing transaction brings the old one back", () => {
    const reg = new Registry();
    const old = reg.newAggregate(false, "s");
    reg.addTag("s", old);
    const fresh = reg.newAggregate(false, "n");
    reg.shadowTag("n", fresh);
    expect(reg.tagRebinds).toBe(0);
    expect(() =>
      reg.transaction(() => {
        reg.shadowTag("s", reg.newEnum("s"));
        reg.shadowTag("t", reg.newEnum("t"));
        expect(reg.get(reg.tag("s")!).kind).toBe("enum");
        throw new FfiError("undo");
      }),
    ).toThrow("undo");
    expect(reg.tagRebinds).toBe(1);
    expect(reg.tag("s")).toBe(old);
    expect(reg.tag("t")).toBeUndefined();
    expect(reg.tag("n")).toBe(fresh);
  });

  test("get of an unknown id is an FfiError", () => {
    expect(() => new Registry().get(1e6)).toThrow(FfiError);
  });
});

describe("transactions", () => {
  function snapshot(reg: Registry): string {
    const types = Array.from({ length: reg.count }, (_, i) => reg.get(i));
    return JSON.stringify({
      types,
      typedefs: [...reg.typedefs],
      tags: [...reg.tags],
      decls: [...reg.declarations],
    });
  }

  test("a failing transaction undoes everything", () => {
    const reg = new Registry();
    const open = reg.newAggregate(false, "open");
    reg.addTag("open", open);
    const e = reg.newEnum("e");
    reg.addTag("e", e);
    const before = snapshot(reg);
    const count = reg.count;
    expect(() =>
      reg.transaction(() => {
        const p = reg.pointer(reg.ids.int, QUAL_CONST);
        reg.addTypedef("P", p);
        reg.addTag("t", reg.newAggregate(true, "t"));
        reg.declare("v", { kind: "var", type: p, symbol: "v" });
        const t = reg.get(open);
        if (t.kind === "struct") {
          reg.guardAggregate(t.info);
          Object.assign(t.info, { complete: true, size: 4, align: 4, memberQual: QUAL_CONST });
        }
        reg.completeEnum(e, [{ name: "A", value: 1 }], reg.ids.int);
        throw new FfiError("boom");
      }),
    ).toThrow("boom");
    expect(reg.count).toBe(count);
    expect(snapshot(reg)).toBe(before);
    // Interning after the rollback starts from a clean table: no stale ids.
    expect(reg.pointer(reg.ids.int, QUAL_CONST)).toBeLessThan(reg.count);
    expect(reg.get(reg.pointer(reg.ids.int, QUAL_CONST))).toMatchObject({ kind: "ptr", qual: QUAL_CONST });
  });

  test("function types added to an interning bucket by a failing transaction leave it", () => {
    const reg = new Registry();
    const { ids } = reg;
    const f = reg.func(ids.int, [{ name: "a", type: ids.int }], false, "cdecl");
    const count = reg.count;
    expect(() =>
      reg.transaction(() => {
        // Same parameter types: the same bucket as f.
        reg.func(ids.int, [{ name: "b", type: ids.int }], false, "cdecl");
        throw new FfiError("boom");
      }),
    ).toThrow("boom");
    expect(reg.count).toBe(count);
    const g = reg.func(ids.int, [{ name: "b", type: ids.int }], false, "cdecl");
    expect(g).toBe(count);
    expect(reg.get(g)).toMatchObject({ kind: "func", params: [{ name: "b", type: ids.int }] });
    expect(reg.func(ids.int, [{ name: "a", type: ids.int }], false, "cdecl")).toBe(f);
  });

  test("a successful transaction keeps its changes; nested failures undo only their part", () => {
    const reg = new Registry();
    reg.transaction(() => {
      reg.addTypedef("A", reg.ids.int);
      expect(() =>
        reg.transaction(() => {
          reg.addTypedef("B", reg.pointer(reg.ids.double));
          throw new FfiError("inner");
        }),
      ).toThrow("inner");
      reg.addTypedef("C", reg.ids.char);
    });
    expect([...reg.typedefs.keys()].filter((k) => k.length === 1)).toEqual(["A", "C"]);
  });
});
