// Disassembly through the system's objdump (GNU binutils), used by the mcode dump switch and by
// the encoder's oracle test. objdump is an independent decoder: bytes it reads back as the
// instruction we meant are right by a standard other than our own encoder's.

import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** One decoded instruction: its address, its bytes in hex and its Intel-syntax text. */
export interface DisassembledLine {
  readonly address: number;
  readonly bytes: string;
  readonly text: string;
}

const OBJDUMP = process.env["OBJDUMP"] ?? "objdump";

let available: boolean | undefined;

/** Whether an objdump that understands x86-64 is on this machine. */
export function objdumpAvailable(): boolean {
  if (available === undefined) {
    try {
      execFileSync(OBJDUMP, ["--version"], { stdio: "ignore" });
      available = true;
    } catch {
      available = false;
    }
  }
  return available;
}

// "   1d:\t48 8b 44 8b 08      \tmov    rax,QWORD PTR [rbx+rcx*4+0x8]"
const LINE = /^\s*([0-9a-f]+):\t([0-9a-f ]+?)\s*\t(.*)$/;

/** Disassembles raw x86-64 code placed at `address` (Intel syntax, whitespace collapsed). */
export function disassemble(code: Uint8Array, address = 0): DisassembledLine[] {
  const dir = mkdtempSync(join(tmpdir(), "fengari-ffi-mcode-"));
  try {
    const file = join(dir, "block.bin");
    writeFileSync(file, code);
    const out = execFileSync(
      OBJDUMP,
      [
        "-D",
        "-b",
        "binary",
        "-m",
        "i386:x86-64",
        "-M",
        "intel",
        "--insn-width=16",
        `--adjust-vma=0x${address.toString(16)}`,
        file,
      ],
      { encoding: "utf8" },
    );
    const lines: DisassembledLine[] = [];
    for (const raw of out.split("\n")) {
      const m = LINE.exec(raw);
      if (m === null) continue;
      lines.push({
        address: Number.parseInt(m[1]!, 16),
        bytes: m[2]!,
        text: m[3]!.replace(/\s+/g, " ").trim(),
      });
    }
    return lines;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
