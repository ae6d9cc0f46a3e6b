// The corpus: every valid/*.loc parses to the structure its .expect.json states (partial match: listed
// keys must be equal, arrays equal in length and element by element); every invalid/*.loc fails at the
// line:col and with the message fragment its header comments state.
import { describe, expect, test } from "bun:test";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseModuleText } from "../../src/frontend/index";
import { CompileError, CompileErrors } from "../../src/diagnostics";
import { corpusFiles } from "./corpus/gen";

const dir = join(import.meta.dir, "corpus");
const strip = (x: unknown): any => JSON.parse(JSON.stringify(x, (k, v) => (k === "span" ? undefined : v)));

/** The first difference between `actual` and the partial expectation, as "path: why", or null. */
export function mismatch(actual: any, expected: any, path = "$"): string | null {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return `${path}: expected an array, got ${JSON.stringify(actual)}`;
    if (actual.length !== expected.length) return `${path}: expected ${expected.length} elements, got ${actual.length}: ${JSON.stringify(actual).slice(0, 300)}`;
    for (let i = 0; i < expected.length; i++) {
      const m = mismatch(actual[i], expected[i], `${path}[${i}]`);
      if (m) return m;
    }
    return null;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return `${path}: expected an object, got ${JSON.stringify(actual)}`;
    for (const k of Object.keys(expected)) {
      const m = mismatch(actual[k], expected[k], `${path}.${k}`);
      if (m) return m;
    }
    return null;
  }
  return Object.is(actual, expected) ? null : `${path}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`;
}

test("the matcher finds differences", () => {
  expect(mismatch({ a: [1, { b: 2, c: 3 }] }, { a: [1, { b: 2 }] })).toBeNull();
  expect(mismatch({ a: [1, { b: 2 }] }, { a: [1, { b: 3 }] })).toMatch(/\$\.a\[1\]\.b/);
  expect(mismatch({ a: [1, 2] }, { a: [1] })).toMatch(/expected 1 elements/);
  expect(mismatch({ a: null }, { a: [] })).toMatch(/expected an array/);
});

const valid = readdirSync(join(dir, "valid")).filter((f) => f.endsWith(".loc")).sort();

test("the corpus has at least 150 valid files, each with an expectation, and matches cases.ts", () => {
  expect(valid.length).toBeGreaterThanOrEqual(150);
  const gen = corpusFiles();
  expect(valid.map((f) => f.slice(0, -4)).sort()).toEqual([...gen.keys()].sort());
  for (const f of valid) {
    const [src, exp] = gen.get(f.slice(0, -4))!;
    expect(readFileSync(join(dir, "valid", f), "utf8")).toBe(src); // regenerate with gen.ts after editing cases.ts
    expect(JSON.parse(readFileSync(join(dir, "valid", f.replace(/\.loc$/, ".expect.json")), "utf8"))).toEqual(exp as any);
  }
});

describe("valid corpus", () => {
  for (const f of valid) {
    test(f, () => {
      const src = readFileSync(join(dir, "valid", f), "utf8");
      const expected = JSON.parse(readFileSync(join(dir, "valid", f.replace(/\.loc$/, ".expect.json")), "utf8"));
      const prog = parseModuleText(f, src);
      expect(mismatch(strip(prog), expected)).toBeNull();
      // Every span lies inside the file and starts at a real line and column.
      JSON.stringify(prog, (k, v) => {
        if (k === "span") {
          expect(v.file).toBe(f);
          expect(v.start).toBeGreaterThanOrEqual(0);
          expect(v.end).toBeLessThanOrEqual(src.length);
          expect(v.line).toBeGreaterThanOrEqual(1);
        }
        return v;
      });
    });
  }
});

const invalid = readdirSync(join(dir, "invalid")).filter((f) => f.endsWith(".loc")).sort();

test("the corpus has at least 40 invalid files", () => {
  expect(invalid.length).toBeGreaterThanOrEqual(40);
});

describe("invalid corpus", () => {
  for (const f of invalid) {
    test(f, () => {
      const src = readFileSync(join(dir, "invalid", f), "utf8");
      const head = /^-- error: (\d+):(\d+)\n-- message: (.*)\n/.exec(src);
      if (!head) throw new Error(`${f} must start with "-- error: L:C" and "-- message: text" lines`);
      let err: unknown = null;
      try {
        parseModuleText(f, src);
      } catch (e) {
        err = e;
      }
      if (!(err instanceof CompileError || err instanceof CompileErrors)) throw new Error(`${f}: expected a CompileError, got ${String(err)}`);
      const first = err instanceof CompileErrors ? err.errors[0]! : err;
      expect(`${first.span?.line}:${first.span?.col}`).toBe(`${head[1]}:${head[2]}`);
      expect(first.message).toContain(head[3]!);
      expect(first.message).not.toMatch(/lowerIdent|identName|NonemptyListOf|\\x0|\x01|\x02|\x03/);
    });
  }
});
