/*
 * Memory for cdata created from Lua (ffi.new, struct results, string copies), per state.
 *
 * Every allocation is a zero-filled piece of a JS ArrayBuffer: V8 accounts for it, frees it
 * when no cdata refers to it, and never moves it, so its address is stable. Creating an
 * ArrayBuffer and asking koffi for its address costs about two microseconds, several times a
 * Lua table, so small allocations are carved from 64 KiB slabs by bumping an offset: a slab's
 * address is asked once, and a small ffi.new costs about what a table costs. The price is that
 * a slab stays alive while any cdata in it does (a long-lived small cdata pins its 64 KiB), as
 * with any arena; large allocations get buffers of their own.
 */
import { FfiError, msg } from "../ctype";
import { addressOf } from "../native";

/** Largest allocation accepted: ArrayBuffers are limited, and LuaJIT refuses above 2^31. */
const MAX_ALLOC = 0x7fffff00;
/** Allocations up to this size share slabs. */
const SMALL = 512;
const SLAB_SIZE = 64 * 1024;

/** An allocation: its address and the buffer that keeps it alive. */
export interface Allocation {
  readonly address: number;
  readonly keep: ArrayBuffer;
}

/** The allocator of one state. */
export class CMemory {
  private slab: ArrayBuffer = new ArrayBuffer(0);
  private slabAddress = 0;
  private used = SLAB_SIZE;

  /** `size` zero-filled bytes aligned to `align` (a power of two). */
  allocate(size: number, align: number): Allocation {
    if (!(size >= 0) || size > MAX_ALLOC) throw new FfiError(msg.sizeUnknown());
    if (size <= SMALL && align <= 16) {
      const a = align < 8 ? 8 : align;
      let offset = (this.used + a - 1) & -a;
      if (offset + size > SLAB_SIZE) {
        this.slab = new ArrayBuffer(SLAB_SIZE);
        this.slabAddress = addressOf(this.slab);
        offset = 0;
      }
      this.used = offset + (size === 0 ? 1 : size);
      return { address: this.slabAddress + offset, keep: this.slab };
    }
    // V8 backing stores are at least 16-byte aligned; over-allocate only for stricter types.
    const extra = align > 16 ? align : 0;
    const keep = new ArrayBuffer(Math.max(size + extra, 8));
    let address = addressOf(keep);
    if (extra > 0) address = Math.ceil(address / align) * align;
    return { address, keep };
  }
}
