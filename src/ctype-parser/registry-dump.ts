/*
 * A registry written out whole, for tests that compare two ways of filling one: every type by
 * id (its structure, layout and members), every typedef, tag and declaration.
 */

import type { Registry } from "../ctype";
import { sizeOf } from "../ctype";
import { describeType } from "./test-describe";

/** The registry's contents as lines of text, ids included. */
export function dumpRegistry(reg: Registry): string[] {
  const out: string[] = [];
  for (let id = 0; id < reg.count; id++) {
    const t = reg.get(id);
    let line = `${id}: ${describeType(reg, id)} size=${sizeOf(reg, id)}`;
    if (t.kind === "struct") {
      line += ` complete=${t.info.complete} ${JSON.stringify(t.info.fields)}`;
      line += ` consts=${JSON.stringify([...(t.info.constants ?? new Map())])}`;
    }
    if (t.kind === "enum") line += ` ${JSON.stringify(t.info.constants)} complete=${t.info.complete}`;
    if (t.kind === "func") line += ` ${JSON.stringify(t.params)}`;
    out.push(line);
  }
  for (const [name, id] of reg.typedefs) out.push(`typedef ${name}=${id}`);
  for (const [name, id] of reg.tags) out.push(`tag ${name}=${id}`);
  for (const [name, d] of reg.declarations) out.push(`decl ${name}=${JSON.stringify(d)}`);
  return out;
}
