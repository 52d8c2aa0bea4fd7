// The mcode area: where emitted blocks become executable (LuaJIT's lj_mcode.c, much reduced).
//
// Blocks are placed in regions of whole pages taken from src/native. A shared region is kept
// W^X: it is read-write only while a block is being written into it and read-execute the rest
// of the time, so many small thunks share pages instead of taking one page each. The flip
// means that code in a shared region must only ever run on the JavaScript thread (call thunks:
// JS enters them, and nothing is written while one is running, because writing happens in JS
// on that same thread). Code that other threads may run (callback slot pages, the callback
// entry stub) goes through emitSealed: its own pages, written once, then read-execute forever.
//
// A block is linked at its final address before it is written, so rel32 branches to absolute
// targets resolve correctly; blocks start on 16-byte boundaries and padding is int3.

import {
  mapPages,
  type PageMapping,
  protectExecutable,
  protectWritable,
  roundToPages,
  unmapPages,
  writeBytes,
} from "../native";
import type { Assembler } from "./assembler";
import { JitError } from "./jit-error";
import { formatMcodeDump, mcodeDumpEnabled } from "./mcode-dump";
import { OP } from "./opcodes";

/** Where a block of machine code was placed. */
export interface McodeBlock {
  readonly name: string;
  readonly address: number;
  readonly size: number;
}

/** Options of an mcode area. */
export interface McodeOptions {
  /** Bytes per shared region (rounded up to pages); default 64 KiB. */
  readonly regionSize?: number;
}

const BLOCK_ALIGN = 16;
const DEFAULT_REGION_SIZE = 64 * 1024;

interface Region {
  readonly pages: PageMapping;
  used: number;
}

/** A set of executable regions that emitted blocks are placed into. */
export class McodeArea {
  private readonly regionSize: number;
  private readonly regions: Region[] = [];
  private readonly sealed: PageMapping[] = [];

  constructor(options: McodeOptions = {}) {
    this.regionSize = roundToPages(options.regionSize ?? DEFAULT_REGION_SIZE);
  }

  /** Places a block in a shared W^X region and returns its address (for code run by the JS thread). */
  emit(asm: Assembler, name: string): McodeBlock {
    const size = asm.size;
    if (size === 0) throw new JitError(`mcode block '${name}' is empty`);
    const last = this.regions.at(-1);
    const fits = last !== undefined && alignUp(last.used, BLOCK_ALIGN) + size <= last.pages.size;
    const region = fits ? last : this.newRegion(size);
    const start = alignUp(region.used, BLOCK_ALIGN);
    const address = region.pages.address + start;
    // Link before touching the pages: a link error must not leave a region writable.
    const code = asm.link(address);
    if (fits) protectWritable(region.pages);
    writeBytes(region.pages.address + region.used, padding(start - region.used));
    writeBytes(address, code);
    region.used = start + size;
    protectExecutable(region.pages);
    return this.placed(name, address, code);
  }

  private newRegion(size: number): Region {
    const region = { pages: mapPages(Math.max(this.regionSize, roundToPages(size))), used: 0 };
    this.regions.push(region);
    return region;
  }

  /** Places a block in pages of its own, never writable again (for code other threads may run). */
  emitSealed(asm: Assembler, name: string): McodeBlock {
    if (asm.size === 0) throw new JitError(`mcode block '${name}' is empty`);
    const pages = mapPages(asm.size);
    const code = asm.link(pages.address);
    writeBytes(pages.address, code);
    protectExecutable(pages);
    this.sealed.push(pages);
    return this.placed(name, pages.address, code);
  }

  /** Bytes of executable memory this area holds. */
  get mappedBytes(): number {
    let total = 0;
    for (const r of this.regions) total += r.pages.size;
    for (const p of this.sealed) total += p.size;
    return total;
  }

  /** Unmaps every region; no code placed by this area may run afterwards. */
  release(): void {
    for (const r of this.regions.splice(0)) unmapPages(r.pages);
    for (const p of this.sealed.splice(0)) unmapPages(p);
  }

  private placed(name: string, address: number, code: Uint8Array): McodeBlock {
    if (mcodeDumpEnabled()) process.stderr.write(formatMcodeDump(name, address, code));
    return { name, address, size: code.length };
  }
}

function alignUp(n: number, boundary: number): number {
  return Math.ceil(n / boundary) * boundary;
}

function padding(length: number): Uint8Array {
  return new Uint8Array(length).fill(OP.INT3);
}

let processArea: McodeArea | undefined;

/** The process-wide mcode area (the one allocator of executable memory DESIGN.md allows). */
export function processMcodeArea(): McodeArea {
  processArea ??= new McodeArea();
  return processArea;
}
