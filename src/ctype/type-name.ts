/*
 * C type names for messages and `tostring(ctype)`, spelled exactly as LuaJIT spells them
 * (lj_ctype.c, ctype_repr): `const char *`, `int *const`, `int [10]`, `int (*)()`,
 * `struct foo`, and `struct 95` for an anonymous struct (its ctype id).
 *
 * The technique is LuaJIT's: walk from the outermost type inwards, growing the text at both
 * ends of a buffer. Base types, `*` and qualifiers are prepended; array brackets and function
 * parentheses are appended; a pointer to an array or a function gets its `(*)` parentheses
 * when the walk reaches the array or function. A space goes before a prepended word unless
 * the text so far starts with a number or is empty. As in LuaJIT, function types print no
 * parameter list: every function type reads `()`.
 */

import type { Registry } from "./registry";
import { type CTypeId, QUAL_CONST, QUAL_VOLATILE } from "./types";

/** LuaJIT's repr of a ctype: `int`, `const char *`, `int (*[3])()`, `struct 95`. */
export function typeName(reg: Registry, id: CTypeId): string {
  let head = "";
  let tail = "";
  let needSpace = false;
  const prepWord = (word: string) => {
    head = word + (needSpace ? " " : "") + head;
    needSpace = true;
  };
  const prepQual = (qual: number) => {
    if (qual & QUAL_VOLATILE) prepWord("volatile");
    if (qual & QUAL_CONST) prepWord("const");
  };
  const prepNamed = (keyword: string, tag: string | undefined, typeId: CTypeId, qual: number) => {
    if (tag !== undefined) {
      prepWord(tag);
    } else {
      head = String(typeId) + (needSpace ? " " : "") + head;
      needSpace = true;
    }
    prepWord(keyword);
    prepQual(qual);
  };

  let qual = 0;
  let pointerTo = false;
  for (;;) {
    const t = reg.get(id);
    qual |= t.qual;
    switch (t.kind) {
      case "void":
        prepWord("void");
        prepQual(qual);
        return head + tail;
      case "bool":
        prepWord("bool");
        prepQual(qual);
        return head + tail;
      case "int":
      case "float":
        prepWord(t.name);
        prepQual(qual);
        return head + tail;
      case "complex":
        // LuaJIT prints no qualifiers on complex types.
        prepWord(t.size === 8 ? "complex float" : t.size === 16 ? "complex" : "complex long double");
        return head + tail;
      case "struct":
        prepNamed(t.info.union ? "union" : "struct", t.info.tag, nominalId(reg, id), qual);
        return head + tail;
      case "enum":
        prepNamed("enum", t.info.tag, nominalId(reg, id), qual);
        return head + tail;
      case "vector":
        prepWord(`__attribute__((vector_size(${t.size})))`);
        id = t.elem;
        break;
      case "ptr":
        prepQual(qual);
        head = "*" + head;
        qual = 0;
        pointerTo = true;
        needSpace = true;
        id = t.target;
        break;
      case "ref":
        head = "&" + head;
        qual = 0;
        pointerTo = true;
        needSpace = true;
        id = t.target;
        break;
      case "array":
        needSpace = true;
        if (pointerTo) {
          head = "(" + head;
          tail += ")";
          pointerTo = false;
        }
        tail += t.flexible ? "[]" : `[${t.length === null ? "?" : t.length}]`;
        id = t.elem;
        break;
      case "func":
        needSpace = true;
        if (pointerTo) {
          head = "(" + head;
          tail += ")";
          pointerTo = false;
        }
        tail += "()";
        id = t.ret;
        break;
    }
  }
}

/**
 * The id LuaJIT would print for an anonymous struct/union/enum: the unqualified record's
 * (a qualified variant is a record of its own here, an attribute wrapper in LuaJIT). Asked
 * only when there is no alignment attribute, where `unqualified` finds the plain record
 * without creating one.
 */
function nominalId(reg: Registry, id: CTypeId): CTypeId {
  const t = reg.get(id);
  return t.qual !== 0 && t.alignAttr === undefined ? reg.unqualified(id) : id;
}
