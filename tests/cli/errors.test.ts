// How the CLI reports each kind of failure, and the exit status it picks.
import { expect, test } from "bun:test";
import { CompileError, CompileErrors } from "../../src/diagnostics";
import { ERRORS } from "../../src/codes";
import { CppCompileFailed } from "../../src/build/cpp";
import { reportError } from "../../src/cli/errors";

function report(err: unknown, sources = new Map<string, string>()) {
  let text = "";
  const code = reportError(err, sources, (s) => (text += s));
  return { code, text };
}

test("compile errors are rendered with their line and caret, exit 2", () => {
  const span = { file: "m.loc", start: 4, end: 5, line: 1, col: 5 };
  const r = report(new CompileErrors([new CompileError("SyntaxError", { message: "bad thing" }, span), new CompileError("SyntaxError", { message: "other" })]), new Map([["m.loc", "f = ) 1\n"]]));
  expect(r.code).toBe(2);
  expect(r.text).toContain("m.loc:1:5: error: bad thing");
  expect(r.text).toContain("1 | f = ) 1");
  expect(r.text).toContain("    ^");
  expect(r.text).toContain("2 errors");
});

test("g++ failures and other errors exit 1, with no stack trace", () => {
  expect(report(new CppCompileFailed("g++ said no")).code).toBe(1);
  const other = report(new Error("disk full"));
  expect(other).toEqual({ code: 1, text: "morloc: error: disk full\n" });
  const bug = report(new TypeError("x is undefined"));
  expect(bug.code).toBe(1);
  expect(bug.text).toContain("internal error");
  expect(bug.text).not.toMatch(/^\s+at /m);
});

test("warnings are drawn like errors, labelled warning", async () => {
  const { reportWarning } = await import("../../src/cli/errors");
  let text = "";
  const span = { file: "m.loc", start: 0, end: 1, line: 1, col: 1 };
  reportWarning(new CompileError("GeneralSignature", { name: "f", general: "a", specialised: "Int", generics: [] }, span), new Map([["m.loc", "f a :: a\n"]]), (s) => (text += s));
  expect(text).toContain("m.loc:1:1: warning: the signature of 'f' is more general than its definition: it says a, but the definition allows only Int, so it is compiled at that type");
  expect(text).toContain("1 | f a :: a");
  expect(text).toContain("hint: write the signature as `f :: Int`");
});

test("every error code has a title and a message template, and CompileError takes only those codes", () => {
  for (const [code, entry] of Object.entries(ERRORS)) {
    expect(entry.title.length, code).toBeGreaterThan(0);
    expect(typeof entry.message, code).toBe("function");
  }
  const e = new CompileError("CannotLoadModule", { kind: "notFound", name: "mathz", tried: ["/a/mathz.loc", "/b/mathz/main.loc"] });
  expect([e.code, e.message, e.hint]).toEqual(["CannotLoadModule", "cannot find module 'mathz'", "searched: /a/mathz.loc, /b/mathz/main.loc"]);
  // @ts-expect-error a code outside the table does not compile (tsc), and has no template to run
  expect(() => new CompileError("NoSuchCode", { message: "x" })).toThrow();
  // @ts-expect-error the data must be what the code's template takes
  void (() => new CompileError("UnboundTypeVariable", { nom: "a" }));
});
