// FENGARI_FFI_DUMP_MCODE=1 prints every block placed in executable memory, with its address
// and disassembly, to stderr: the first thing to look at when a thunk or a callback stub
// misbehaves (compare LuaJIT's -jdump=m). objdump does the decoding when it is installed;
// otherwise the bytes are printed in hex, 16 to a line.

import { disassemble, objdumpAvailable } from "./disassemble";

/** The environment switch that turns the dump on. */
export const DUMP_MCODE_ENV = "FENGARI_FFI_DUMP_MCODE";

/** Whether the dump switch is on (read at each emission, so it can be toggled at run time). */
export function mcodeDumpEnabled(): boolean {
  const value = process.env[DUMP_MCODE_ENV];
  return value !== undefined && value !== "" && value !== "0";
}

function hex(n: number): string {
  return `0x${n.toString(16)}`;
}

/** The text of one dumped block: a header line, then one line per instruction (or 16 bytes). */
export function formatMcodeDump(name: string, address: number, code: Uint8Array): string {
  const lines = [`---- mcode ${name} at ${hex(address)}, ${code.length} bytes`];
  if (objdumpAvailable()) {
    for (const l of disassemble(code, address))
      lines.push(`${hex(l.address)}  ${l.bytes.padEnd(30)} ${l.text}`);
  } else {
    for (let i = 0; i < code.length; i += 16) {
      const bytes = Array.from(code.subarray(i, i + 16), (b) => b.toString(16).padStart(2, "0"));
      lines.push(`${hex(address + i)}  ${bytes.join(" ")}`);
    }
  }
  return `${lines.join("\n")}\n`;
}
