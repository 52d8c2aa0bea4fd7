// Call thunks on their own: the code they are made of (read back by objdump), the block slots,
// the cache, and real libc/libm calls (abs, pow, snprintf with varargs, strtod with its end
// pointer, errno after close(-1) and errno set before a call). Types are built with the
// Registry API here; the ABI matrix through the C parser and a C test library is in
// test/call-abi.test.ts (it spans the parser and the JIT layers).

import { describe, expect, it } from "vitest";
import { type CTypeId, layoutAggregate, Registry } from "../ctype";
import { addressOf, DEFAULT_NAMESPACE, dlsym, errnoAddress } from "../native";
import {
  argSlot,
  BLOCK_ERRNO,
  BLOCK_ERRNO_SET,
  BLOCK_GPR,
  BLOCK_RET,
  BLOCK_STACK,
  BLOCK_XMM,
  type CallThunk,
  compileCall,
  emitCallThunk,
  retSlot,
} from "./call-thunk";
import { disassemble, objdumpAvailable } from "./disassemble";
import { planCall } from "./sysv";

function symbol(name: string): number {
  const address = dlsym(DEFAULT_NAMESPACE, name);
  if (address === undefined) throw new Error(`no ${name}`);
  return address;
}

function fn(reg: Registry, ret: CTypeId, params: readonly CTypeId[], varargs = false): CTypeId {
  return reg.func(
    ret,
    params.map((type) => ({ name: undefined, type })),
    varargs,
    "cdecl",
  );
}

/** A NUL-terminated copy of a JS string, kept alive by the returned buffer. */
function cString(text: string): { bytes: Uint8Array; at: number } {
  const bytes = new TextEncoder().encode(`${text}\0`);
  return { bytes, at: addressOf(bytes) };
}

function view(thunk: CallThunk): DataView {
  return new DataView(thunk.memory);
}

describe("block slots", () => {
  it("maps argument parts to register slots and the stack area", () => {
    expect(argSlot({ where: "gpr", index: 0, offset: 0, size: 8 })).toBe(BLOCK_GPR);
    expect(argSlot({ where: "gpr", index: 5, offset: 0, size: 8 })).toBe(BLOCK_GPR + 40);
    expect(argSlot({ where: "xmm", index: 0, offset: 0, size: 4 })).toBe(BLOCK_XMM);
    expect(argSlot({ where: "xmm", index: 7, offset: 8, size: 8 })).toBe(BLOCK_XMM + 56);
    expect(argSlot({ where: "stack", index: 24, offset: 0, size: 32 })).toBe(BLOCK_STACK + 24);
  });

  it("maps result parts to rax, rdx, xmm0, xmm1", () => {
    expect(retSlot({ where: "gpr", index: 0, offset: 0, size: 8 })).toBe(BLOCK_RET);
    expect(retSlot({ where: "gpr", index: 1, offset: 8, size: 8 })).toBe(BLOCK_RET + 8);
    expect(retSlot({ where: "xmm", index: 0, offset: 0, size: 8 })).toBe(BLOCK_RET + 16);
    expect(retSlot({ where: "xmm", index: 1, offset: 8, size: 8 })).toBe(BLOCK_RET + 24);
    expect(() => retSlot({ where: "stack", index: 0, offset: 0, size: 8 })).toThrow();
  });

  it("keeps the layout's regions apart", () => {
    expect(BLOCK_XMM).toBe(BLOCK_GPR + 6 * 8);
    expect(BLOCK_RET).toBe(BLOCK_XMM + 8 * 8);
    expect(BLOCK_ERRNO).toBe(BLOCK_RET + 4 * 8);
    expect(BLOCK_ERRNO_SET).toBe(BLOCK_ERRNO + 4);
    expect(BLOCK_STACK % 16).toBe(0);
    expect(BLOCK_STACK).toBeGreaterThanOrEqual(BLOCK_ERRNO_SET + 4);
  });
});

describe("emitted code", () => {
  const reg = new Registry();
  const { ids } = reg;

  it.runIf(objdumpAvailable())("loads only the registers the plan uses and keeps RSP aligned", () => {
    const plan = planCall(reg, fn(reg, ids.double, [ids.int, ids.double, ids.int64], true), [ids.double]);
    const code = emitCallThunk(plan, 0x7f0000001000, 0x7f0000002000, 0x7f0000003000).link(0x1000);
    const text = disassemble(code, 0x1000).map((l) => l.text);
    expect(text[0]).toBe("push rbx");
    expect(text).toContain("movabs rbx,0x7f0000002000");
    expect(text).toContain("mov rdi,QWORD PTR [rbx]");
    expect(text).toContain("mov rsi,QWORD PTR [rbx+0x8]");
    expect(text.some((t) => t.startsWith("mov rdx,QWORD PTR [rbx"))).toBe(false);
    expect(text).toContain("movsd xmm0,QWORD PTR [rbx+0x30]");
    expect(text).toContain("movsd xmm1,QWORD PTR [rbx+0x38]");
    expect(text.some((t) => t.startsWith("movsd xmm2,"))).toBe(false);
    expect(text).toContain("mov eax,0x2");
    expect(text).toContain("movabs r11,0x7f0000001000");
    expect(text).toContain("call r11");
    expect(text.some((t) => t.startsWith("sub rsp"))).toBe(false);
    expect(text.at(-2)).toBe("pop rbx");
    expect(text.at(-1)).toBe("ret");
  });

  it.runIf(objdumpAvailable())("copies a long stack area with a loop and a short one with moves", () => {
    const seven = Array.from({ length: 7 }, () => ids.int64);
    const short = planCall(reg, fn(reg, ids.void, seven));
    const shortText = disassemble(emitCallThunk(short, 0x1000, 0x2000, 0x3000).link(0)).map((l) => l.text);
    expect(short.stackBytes).toBe(16);
    expect(shortText).toContain("sub rsp,0x10");
    expect(shortText).toContain("mov rax,QWORD PTR [rbx+0xa0]");
    expect(shortText).toContain("mov QWORD PTR [rsp],rax");
    expect(shortText).toContain("add rsp,0x10");

    const thirty = Array.from({ length: 30 }, () => ids.int64);
    const long = planCall(reg, fn(reg, ids.void, thirty));
    const longText = disassemble(emitCallThunk(long, 0x1000, 0x2000, 0x3000).link(0)).map((l) => l.text);
    expect(long.stackBytes).toBe(192);
    expect(longText).toContain("mov rax,QWORD PTR [rbx+rcx*8+0xa0]");
    expect(longText).toContain("mov QWORD PTR [rsp+rcx*8],rax");
    expect(longText).toContain("cmp ecx,0x18");
  });
});

describe("calls into libc and libm", () => {
  const reg = new Registry();
  const { ids } = reg;

  it("calls abs, narrowing nothing and storing rax whole", () => {
    const abs = compileCall(reg, fn(reg, ids.int, [ids.int]), symbol("abs"));
    const v = view(abs);
    for (const x of [-42, 0, 7, -(2 ** 31) + 1]) {
      v.setBigInt64(BLOCK_GPR, BigInt(x), true);
      abs.enter();
      expect(v.getInt32(BLOCK_RET, true)).toBe(Math.abs(x));
    }
  });

  it("calls pow with doubles in xmm0/xmm1", () => {
    const pow = compileCall(reg, fn(reg, ids.double, [ids.double, ids.double]), symbol("pow"));
    const v = view(pow);
    v.setFloat64(BLOCK_XMM, 2, true);
    v.setFloat64(BLOCK_XMM + 8, 10, true);
    pow.enter();
    expect(v.getFloat64(BLOCK_RET + 16, true)).toBe(1024);
    v.setFloat64(BLOCK_XMM + 8, 0.5, true);
    pow.enter();
    expect(v.getFloat64(BLOCK_RET + 16, true)).toBe(Math.SQRT2);
  });

  it("calls snprintf with mixed varargs (%d %s %f %ld) and AL set", () => {
    const snprintf = fn(reg, ids.int, [ids.charPtr, ids.uint64, ids.constCharPtr], true);
    const varargs = [ids.int, ids.constCharPtr, ids.double, ids.int64];
    const call = compileCall(reg, snprintf, symbol("snprintf"), varargs);
    expect(call.plan.xmmUsed).toBe(1);
    const out = new Uint8Array(64);
    const format = cString("%d|%s|%.3f|%ld");
    const word = cString("thunk");
    const v = view(call);
    const slots = call.plan.args.map((arg) => argSlot(arg.parts[0]!));
    v.setBigUint64(slots[0]!, BigInt(addressOf(out)), true);
    v.setBigUint64(slots[1]!, BigInt(out.length), true);
    v.setBigUint64(slots[2]!, BigInt(format.at), true);
    v.setBigInt64(slots[3]!, -17n, true);
    v.setBigUint64(slots[4]!, BigInt(word.at), true);
    v.setFloat64(slots[5]!, Math.PI, true);
    v.setBigInt64(slots[6]!, -(2n ** 40n), true);
    call.enter();
    const expected = `-17|thunk|3.142|${-(2 ** 40)}`;
    expect(v.getInt32(BLOCK_RET, true)).toBe(expected.length);
    expect(new TextDecoder().decode(out.subarray(0, expected.length + 1))).toBe(`${expected}\0`);
  });

  it("calls strtod and reads its end pointer", () => {
    const strtod = compileCall(
      reg,
      fn(reg, ids.double, [ids.constCharPtr, reg.pointer(ids.charPtr)]),
      symbol("strtod"),
    );
    const text = cString("  -12.5e2xyz");
    const end = new BigUint64Array(1);
    const v = view(strtod);
    v.setBigUint64(BLOCK_GPR, BigInt(text.at), true);
    v.setBigUint64(BLOCK_GPR + 8, BigInt(addressOf(end)), true);
    strtod.enter();
    expect(v.getFloat64(BLOCK_RET + 16, true)).toBe(-1250);
    expect(Number(end[0]) - text.at).toBe("  -12.5e2".length);
  });

  it("reads errno right after close(-1) (EBADF)", () => {
    const close = compileCall(reg, fn(reg, ids.int, [ids.int]), symbol("close"));
    const v = view(close);
    v.setBigInt64(BLOCK_GPR, -1n, true);
    close.enter();
    expect(v.getInt32(BLOCK_RET, true)).toBe(-1);
    expect(v.getInt32(BLOCK_ERRNO, true)).toBe(9);
  });

  it("sets errno before a call when asked, once", () => {
    const abs = compileCall(reg, fn(reg, ids.int, [ids.int]), symbol("abs"));
    const v = view(abs);
    v.setInt32(BLOCK_ERRNO, 42, true);
    v.setInt32(BLOCK_ERRNO_SET, 1, true);
    abs.enter();
    expect(v.getInt32(BLOCK_ERRNO, true)).toBe(42); // abs leaves errno alone
    expect(v.getInt32(BLOCK_ERRNO_SET, true)).toBe(0);
    v.setInt32(BLOCK_ERRNO, 7, true);
    abs.enter();
    expect(v.getInt32(BLOCK_ERRNO, true)).toBe(42); // not asked again: errno is what it was
    expect(errnoAddress()).toBeGreaterThan(0);
  });
});

describe("thunk cache", () => {
  it("reuses a thunk per registry, signature and target", () => {
    const reg = new Registry();
    const { ids } = reg;
    const sig = fn(reg, ids.int, [ids.int]);
    const a = compileCall(reg, sig, symbol("abs"));
    expect(compileCall(reg, sig, symbol("abs"))).toBe(a);
    expect(compileCall(reg, sig, symbol("close"))).not.toBe(a);
    const variadic = fn(reg, ids.int, [ids.constCharPtr], true);
    const withInt = compileCall(reg, variadic, symbol("printf"), [ids.int]);
    expect(compileCall(reg, variadic, symbol("printf"), [ids.double])).not.toBe(withInt);
    expect(compileCall(reg, variadic, symbol("printf"), [ids.int])).toBe(withInt);
    const other = new Registry();
    expect(compileCall(other, fn(other, other.ids.int, [other.ids.int]), symbol("abs"))).not.toBe(a);
  });

  it("refuses a call whose stack arguments would not fit on koffi's stack", () => {
    const reg = new Registry();
    const bigStruct = reg.newAggregate(false, "huge");
    const t = reg.get(bigStruct);
    if (t.kind !== "struct") throw new Error("not a struct");
    layoutAggregate(reg, t.info, [{ name: "bytes", type: reg.array(reg.ids.char, 1 << 20), packed: false }], {
      packed: false,
    });
    expect(() => compileCall(reg, fn(reg, reg.ids.void, [bigStruct]), symbol("abs"))).toThrow(/NYI/);
  });

  it("gives every thunk a block of its own, 16-byte aligned, sized for its stack area", () => {
    const reg = new Registry();
    const eight = Array.from({ length: 8 }, () => reg.ids.int64);
    const call = compileCall(reg, fn(reg, reg.ids.void, eight), symbol("abs"));
    expect(call.block % 16).toBe(0);
    expect(call.memory.byteLength).toBe(BLOCK_STACK + 16);
    expect(addressOf(call.memory)).toBe(call.block);
  });
});
