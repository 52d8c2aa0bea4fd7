/*
 * A structural spelling of ctypes for tests: `ptr(func(int, ...)->int)`, `array[3](const char)`,
 * `struct foo`. Unlike LuaJIT's type names it shows parameters, qualifiers everywhere and
 * array lengths, so one string pins a whole type down.
 */

import type { CTypeId, Registry } from "../ctype";
import { QUAL_CONST, QUAL_RESTRICT, QUAL_VOLATILE } from "../ctype";

/** The structure of a type as one string. */
export function describeType(reg: Registry, id: CTypeId): string {
  const t = reg.get(id);
  let q = "";
  if (t.qual & QUAL_CONST) q += "const ";
  if (t.qual & QUAL_VOLATILE) q += "volatile ";
  if (t.qual & QUAL_RESTRICT) q += "restrict ";
  const align = t.alignAttr === undefined ? "" : ` aligned(${t.alignAttr})`;
  let body: string;
  switch (t.kind) {
    case "void":
    case "bool":
      body = t.kind;
      break;
    case "int":
    case "float":
      body = t.name;
      break;
    case "complex":
      body = `complex(${describeType(reg, t.part)})`;
      break;
    case "vector":
      body = `vector${t.size}(${describeType(reg, t.elem)})`;
      break;
    case "ptr":
      body = `ptr(${describeType(reg, t.target)})`;
      break;
    case "ref":
      body = `ref(${describeType(reg, t.target)})`;
      break;
    case "array":
      // An array's qualifiers are its element's; show them there only.
      return `array[${t.flexible ? "" : (t.length ?? "?")}](${describeType(reg, t.elem)})${align}`;
    case "func": {
      const params = t.params.map((p) => describeType(reg, p.type));
      if (t.varargs) params.push("...");
      const cc = t.convention === "cdecl" ? "" : `${t.convention} `;
      body = `${cc}func(${params.join(", ")})->${describeType(reg, t.ret)}`;
      break;
    }
    case "struct":
      body = `${t.info.union ? "union" : "struct"} ${t.info.tag ?? "{}"}`;
      break;
    case "enum":
      body = `enum ${t.info.tag ?? "{}"}`;
      break;
  }
  return q + body + align;
}
