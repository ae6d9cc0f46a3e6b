// How the CLI reports each kind of failure, and the exit status it picks.
import { expect, test } from "bun:test";
import { CompileError, CompileErrors } from "../../src/diagnostics";
import { CppCompileFailed } from "../../src/build/cpp";
import { reportError } from "../../src/cli/errors";

function report(err: unknown, sources = new Map<string, string>()) {
  let text = "";
  const code = reportError(err, sources, (s) => (text += s));
  return { code, text };
}

test("compile errors are rendered with their line and caret, exit 2", () => {
  const span = { file: "m.loc", start: 4, end: 5, line: 1, col: 5 };
  const r = report(new CompileErrors([new CompileError("X", "bad thing", span), new CompileError("Y", "other")]), new Map([["m.loc", "f = ) 1\n"]]));
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
  reportWarning(new CompileError("GeneralSignature", "too general", span, "narrow it"), new Map([["m.loc", "f a :: a\n"]]), (s) => (text += s));
  expect(text).toContain("m.loc:1:1: warning: too general");
  expect(text).toContain("1 | f a :: a");
  expect(text).toContain("hint: narrow it");
});
