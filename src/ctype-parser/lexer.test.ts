import { describe, expect, test } from "vitest";
import { FfiError } from "../ctype";
import { Lexer } from "./lexer";
import { T_EOF, T_FIRST_DECL, T_IDENT, T_INTEGER, T_STRING, T_TYPEPARAM, tokenName } from "./tokens";

/** Each token as `kind:value`, with its line when it is past line 1. */
function tokens(text: string): string[] {
  const lx = new Lexer(text, [{ kind: "type", id: 7 }]);
  const out: string[] = [];
  while (lx.next() !== T_EOF) {
    let s: string;
    if (lx.tok === T_IDENT) s = `id:${lx.str}`;
    else if (lx.tok === T_INTEGER) s = `int:${lx.num}${lx.numUnsigned ? "u" : ""}`;
    else if (lx.tok === T_STRING) s = `str:${JSON.stringify(lx.str)}`;
    else if (lx.tok === T_TYPEPARAM) s = `type:${lx.typeParam}`;
    else if (lx.tok >= T_FIRST_DECL) s = lx.str;
    else s = tokenName(lx.tok);
    out.push(lx.line > 1 ? `${s}@${lx.line}` : s);
  }
  return out;
}

function expectTokens(text: string, expected: string[]) {
  test(JSON.stringify(text), () => expect(tokens(text)).toEqual(expected));
}

function expectLexError(text: string, message: string) {
  test(`${JSON.stringify(text)} -> ${message}`, () =>
    expect(() => tokens(text)).toThrow(new FfiError(message)));
}

describe("tokens", () => {
  expectTokens("unsigned long x;", ["unsigned", "long", "id:x", ";"]);
  expectTokens("__attribute__((packed))", ["__attribute__", "(", "(", "id:packed", ")", ")"]);
  expectTokens("a->b ... a||b&&c", ["id:a", "->", "id:b", ".", ".", ".", "id:a", "||", "id:b", "&&", "id:c"]);
  expectTokens("<<= >>= == != <= >=", ["<<", "=", ">>", "=", "==", "!=", "<=", ">="]);
  expectTokens("x..y", ["id:x", ".", ".", "id:y"]);
  expectTokens("_a1 a_1 __x__", ["id:_a1", "id:a_1", "id:__x__"]);
  expectTokens("größe", ["id:größe"]);
  // A backslash-newline inside or right after a word joins it (C's line splicing); the line
  // is counted before the word, as LuaJIT counts it while reading the word.
  expectTokens("ch\\\nar x", ["char@2", "id:x@2"]);
  expectTokens("unsig\\\r\nned lo\\\nng", ["unsigned@2", "long@3"]);
  expectTokens("int[1\\\n0]", ["int", "[", "int:10@2", "]@2"]);
  expectTokens("ch\\\n ar", ["id:ch@2", "id:ar@2"]);
  expectTokens('/* \\\n */ "a" c\\\nd', ['str:"a"@2', "id:cd@3"]);
  expectTokens("0 7 0x1F 017 0b11 4294967295 10u 3LL", [
    "int:0",
    "int:7",
    "int:31",
    "int:15",
    "int:3",
    "int:4294967295u",
    "int:10u",
    "int:3",
  ]);
  expectTokens("'A' '\\t' '\\377'", ["int:65", "int:9", "int:4294967295"]);
  expectTokens('"a\\"b" "\\x41\\n"', ['str:"a\\"b"', 'str:"A\\n"']);
  expectTokens("$ *", ["type:7", "*"]);
  expectTokens("@ # `", ["@", "#", "`"]);
});

describe("blanks, comments, lines", () => {
  expectTokens("a /* x\n y */ b // c\nd", ["id:a", "id:b@2", "id:d@3"]);
  expectTokens("a\r\nb\rc\nd", ["id:a", "id:b@2", "id:c@3", "id:d@4"]);
  expectTokens("a \\\n b", ["id:a", "id:b@2"]);
  expectTokens("\t\v\f a", ["id:a"]);
  expectTokens("a /* unfinished", ["id:a"]);
  expectTokens("a\0b", ["id:a"]);
  expectTokens("", []);
});

describe("lexical errors", () => {
  expectLexError("1x", "malformed number near '1x'");
  expectLexError("09", "malformed number near '09'");
  expectLexError("0x", "malformed number near '0x'");
  expectLexError("5000000000", "malformed number near '5000000000'");
  expectLexError('"abc', "unfinished string near '<eof>'");
  expectLexError("\n'x", "unfinished string near '<eof>' at line 2");
  expectLexError("'xy'", "''' expected near 'xy'");
  expectLexError("$$", "syntax error near '$'");
  expectLexError("$ $", "wrong number of type parameters");
});

test("chunk boundaries never split a token, a comment or a continued line", () => {
  for (const pad of [16360, 16370, 16380, 16384, 16390, 16400]) {
    const filler = `${" ".repeat(pad - 3 * 5450)}${"x;\n".repeat(5450)}`;
    const text = `${filler}/* a comment\n that spans\n the boundary */ y \\\n z\n${"w ".repeat(10000)}`;
    const ts = tokens(text);
    expect(
      ts.filter((t) => !t.startsWith("id:x") && t !== ";" && !t.startsWith(";@") && !t.startsWith("id:w")),
    ).toEqual(["id:y@5453", "id:z@5454"]);
    expect(ts.length).toBe(5450 * 2 + 2 + 10000);
  }
});
