/*
 * Compares the registry's layout of generated declarations with gcc's, member by member.
 * Every difference becomes one line of a report that quotes the declaration's text.
 */

import { findField } from "../fields";
import { alignOf, sizeOf } from "../layout";
import type { Registry } from "../registry";
import type { CTypeId, Field } from "../types";
import type { GccLayout } from "./gcc-oracle";
import { oneDeclText, probes, type TopDecl } from "./random-decls";

/** Differences between the registry's layout of `decl` (type `id`) and gcc's; empty when equal. */
export function compareLayout(reg: Registry, id: CTypeId, decl: TopDecl, gcc: GccLayout): string[] {
  const diffs: string[] = [];
  const t = reg.get(id);
  if (t.kind !== "struct") return [`${decl.tag}: not a struct/union`];
  const { info } = t;
  if (info.size !== gcc.size) diffs.push(`sizeof ${info.size}, gcc ${gcc.size}`);
  if (info.align !== gcc.align) diffs.push(`alignof ${info.align}, gcc ${gcc.align}`);
  if (!info.vls && (sizeOf(reg, id) !== info.size || alignOf(reg, id) !== info.align)) {
    diffs.push(`sizeOf/alignOf ${sizeOf(reg, id)}/${alignOf(reg, id)} disagree with the record`);
  }
  for (const p of probes(decl)) {
    const path = p.path.join(".");
    const found = lookup(reg, id, p.path);
    if (found === undefined) {
      diffs.push(`${path}: not found`);
      continue;
    }
    if (p.bitfield) {
      const want = gcc.bits.get(path);
      const { field, offset } = found;
      const first = offset * 8 + (field.bitpos ?? 0);
      const width = field.bitsize ?? (sizeOf(reg, field.type) ?? 0) * 8;
      const got = `${first}..${first + width - 1}`;
      if (want === undefined || got !== `${want[0]}..${want[1]}`) {
        diffs.push(`${path}: bits ${got}, gcc ${want?.[0]}..${want?.[1]}`);
      }
    } else if (found.offset !== gcc.offsets.get(path)) {
      diffs.push(`${path}: offset ${found.offset}, gcc ${gcc.offsets.get(path)}`);
    }
  }
  if (diffs.length === 0) return [];
  return [`${decl.tag}: ${diffs.join("; ")}\n${oneDeclText(decl)}`];
}

/** Follows a member path from a struct, through named and transparent members. */
function lookup(
  reg: Registry,
  id: CTypeId,
  path: readonly string[],
): { field: Field; offset: number } | undefined {
  let offset = 0;
  let current = id;
  let last: ReturnType<typeof findField>;
  for (const name of path) {
    last = findField(reg, current, name);
    if (last === undefined) return undefined;
    offset += last.offset;
    current = last.field.type;
  }
  return last === undefined ? undefined : { field: last.field, offset };
}
