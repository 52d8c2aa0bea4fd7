import { describe, expect, test } from "vitest";
import { FfiError, Registry } from "../ctype";
import { cdef } from ".";

const SETUP = `
  enum base { ONE = 1, TWO, TEN = 10 };
  typedef unsigned int Uint32;
  struct pair { int a; double b; };
  extern int some_var;
`;

/** `enum { X = expr }` gives X the value `value`. */
function expectConst(expr: string, value: number) {
  test(`${expr} = ${value}`, () => {
    const reg = new Registry();
    cdef(reg, SETUP);
    cdef(reg, `enum { X = ${expr} };`);
    expect(reg.declaration("X")).toMatchObject({ kind: "const", value });
  });
}

function expectConstError(expr: string, message: string) {
  test(`${expr} -> ${message}`, () => {
    const reg = new Registry();
    cdef(reg, SETUP);
    expect(() => cdef(reg, `enum { X = ${expr} };`)).toThrow(new FfiError(message));
  });
}

describe("literals", () => {
  expectConst("42", 42);
  expectConst("0x2A", 42);
  expectConst("052", 42);
  expectConst("0b101010", 42);
  expectConst("42u", 42);
  expectConst("42UL", 42);
  expectConst("42llu", 42);
  expectConst("0", 0);
  expectConst("'a'", 97);
  expectConst("'\\n'", 10);
  expectConst("'\\x41'", 65);
  expectConst("'\\101'", 65);
  expectConst("'\\0'", 0);
  expectConst("'\\''", 39);
  expectConst("'\\\\'", 92);
  expectConst("'\\e'", 27);
  expectConst("'\\xff'", -1);
  expectConst("0xffffffff", 0xffffffff);
  expectConst("2147483647", 2147483647);
});

describe("operators", () => {
  expectConst("1 + 2 * 3", 7);
  expectConst("(1 + 2) * 3", 9);
  expectConst("10 - 2 - 3", 5);
  expectConst("100 / 7 / 2", 7);
  expectConst("-7 / 2", -3);
  expectConst("-7 % 3", -1);
  expectConst("1 << 4", 16);
  expectConst("1 << 31", -2147483648);
  expectConst("-16 >> 2", -4);
  expectConst("0x80000000u >> 4", 0x08000000);
  expectConst("0xf0 | 0x0f", 255);
  expectConst("0xff & 0x0f", 15);
  expectConst("0xff ^ 0x0f", 240);
  expectConst("~0", -1);
  expectConst("-(-3)", 3);
  expectConst("+5", 5);
  expectConst("!0 + !5", 1);
  expectConst("3 > 2", 1);
  expectConst("-1 < 0", 1);
  expectConst("-1 < 0u", 0);
  expectConst("2 <= 2 && 3 >= 4", 0);
  expectConst("0 || 7", 1);
  expectConst("1 == 1 != 0", 1);
  expectConst("1 ? 2 : 3", 2);
  expectConst("0 ? 2 : 1 ? 4 : 5", 4);
  expectConst("(1, 2, 3)", 3);
  expectConst("0xffffffff + 2", 1);
  expectConst("65536 * 65536", 0);
});

describe("names, casts, sizeof, alignof", () => {
  expectConst("TWO * TEN", 20);
  expectConst("TEN + ONE", 11);
  expectConst("(Uint32)('Y') << 8", 0x5900);
  expectConst("(unsigned char)300", 44);
  expectConst("(signed char)200", -56);
  expectConst("(short)-1", -1);
  expectConst("(_Bool)5", 1);
  expectConst("(int)(long)7", 7);
  expectConst("sizeof(int)", 4);
  expectConst("sizeof(long double)", 16);
  expectConst("sizeof(struct pair)", 16);
  expectConst("sizeof(struct pair[3])", 48);
  expectConst("sizeof(int (*)(int))", 8);
  expectConst("sizeof(char) * 8", 8);
  expectConst("sizeof ONE", 4);
  expectConst("sizeof(some_var)", 4);
  expectConst('sizeof("abc")', 4);
  expectConst('sizeof "ab" "cd"', 5);
  expectConst("__alignof__(double)", 8);
  expectConst("__alignof(struct pair)", 8);
  expectConst("_Alignof(char)", 1);
  expectConst("alignof(short)", 2);
  expectConst("(1024 / (8 * sizeof (unsigned long int)))", 16);
  expectConst("sizeof(((struct pair *)0)->b)", 8);
  expectConst("sizeof(*(struct pair *)0)", 16);
  expectConst("sizeof(&some_var)", 8);
  expectConst("sizeof(((struct pair *)0)[2].a)", 4);
  expectConst("sizeof((*(struct pair *)0).a)", 4);
  expectConst("sizeof(((struct pair *)0)->b) + 1", 9);
});

describe("errors", () => {
  expectConstError("1 / 0", "invalid value");
  expectConstError("5 % 0", "invalid value");
  expectConstError("(-2147483647 - 1) / -1", "invalid value");
  expectConstError("some_var", "invalid value");
  expectConstError("(void *)0", "invalid value");
  expectConstError("undefined_name", "unexpected symbol near 'undefined_name'");
  expectConstError("(1", "')' expected near '}'");
  expectConstError("1 ? 2", "':' expected near '}'");
  expectConstError("sizeof(void)", "size of C type is unknown or too large");
  expectConstError("sizeof(struct incomplete)", "size of C type is unknown or too large");
  expectConstError("1.5", "'<identifier>' expected near '5'");
  expectConstError("*ONE", "'int' cannot be indexed");
  expectConstError("sizeof(((struct pair *)0)->nope)", "'struct pair' has no member named 'nope'");
  expectConstError("ONE->a", "'int' cannot be indexed");
  expectConstError("ONE[2]", "'int' cannot be indexed");
  expectConstError("1e5", "malformed number near '1e5'");
  expectConstError("08", "malformed number near '08'");
  expectConstError("1uu", "malformed number near '1uu'");
  expectConstError("0x1ffffffff", "malformed number near '0x1ffffffff'");
});
