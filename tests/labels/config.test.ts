// The module configuration (<module>.yaml, src/config.ts) and the labels `lbl@f` at make time:
// every error is positioned (file:line:col) in the yaml or at the labelled call.
import { afterAll, describe, expect, test } from "bun:test";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ConfigError, parseModuleConfig } from "../../src/config";

const repo = resolve(import.meta.dir, "../..");
const morloc = join(repo, "dist", "morloc");
const work = mkdtempSync(join(tmpdir(), "morloc-labelcfg-"));
const env = { ...process.env, XDG_CACHE_HOME: join(work, "xdg") };
afterAll(() => rmSync(work, { recursive: true, force: true }));

function parseError(text: string): ConfigError {
  try {
    parseModuleConfig(text, "m.yaml");
  } catch (e) {
    if (e instanceof ConfigError) return e;
    throw e;
  }
  throw new Error("no error");
}

describe("parseModuleConfig", () => {
  test("reads every key of the reference's form", () => {
    const { config } = parseModuleConfig(
      `labeled-groups:
  big:
    cache: true
    benchmark: false
    log: true
    log-template: { start: "s", pass: "p", fail: "f" }
    remote: { threads: 8, memory: 16, time: "0-02:00:00", gpus: 0, partition: compute }
  small-2: {}
default-group: big
log-template:
  start: go
prologue: echo hi
epilogue: { ok: done, fail: oops }
hash-include: [a.txt, b/c.txt]
`,
      "m.yaml",
    );
    expect(config.labeledGroups.big).toEqual({ cache: true, benchmark: false, log: true, logTemplate: { start: "s", pass: "p", fail: "f" }, remote: { threads: 8, memory: 16, time: "0-02:00:00", gpus: 0, partition: "compute" } });
    expect(config.labeledGroups["small-2"]).toEqual({});
    expect(config.hashInclude).toEqual(["a.txt", "b/c.txt"]);
    expect(config.epilogue).toEqual({ ok: "done", fail: "oops" });
    expect(parseModuleConfig("", "m.yaml").config).toEqual({ labeledGroups: {} });
  });

  test("an unknown key is an error at its line and column, block or flow style", () => {
    const e = parseError("labeled-groups:\n  big:\n    cache: true\n    cashe: false\n");
    expect([e.line, e.col]).toEqual([4, 5]);
    expect(e.reason).toContain("unknown key 'cashe' in group 'big'");
    const f = parseError("labeled-groups:\n  big:\n    remote: { threads: 2, cpus: 4 }\n");
    expect([f.line, f.col]).toEqual([3, 27]);
    expect(f.reason).toContain("unknown key 'cpus' in remote");
    expect(parseError("labelled-groups: {}\n").reason).toContain("unknown key 'labelled-groups'");
  });

  test("a value of the wrong type names the key and what it got", () => {
    const e = parseError("labeled-groups:\n  big:\n    cache: 1\n");
    expect([e.line, e.col, e.reason]).toEqual([3, 5, "cache must be true or false, not the number 1"]);
    const t = parseError("labeled-groups:\n  big:\n    remote:\n      time: 3600\n");
    expect([t.line, t.col]).toEqual([4, 7]);
    expect(t.reason).toContain('time must be a string "D-HH:MM:SS"');
    expect(parseError("labeled-groups:\n  big:\n    remote: { memory: 1.5 }\n").reason).toContain("memory must be a whole number");
    expect(parseError("hash-include: a.txt\n").reason).toContain("hash-include must be a list");
    expect(parseError("labeled-groups: [a]\n").reason).toContain("labeled-groups must be a mapping");
    expect(parseError("labeled-groups:\n  'a b': {}\n").reason).toContain("bad label name 'a b'");
  });

  test("invalid YAML is an error too", () => {
    const e = parseError("labeled-groups:\n  big:\n    cache: [true\n");
    expect(e.reason).toContain("not valid YAML");
    expect(e.line).toBeLessThanOrEqual(3);
  });
});

/** `morloc make` of a program in a folder of its own: exit status and stderr. */
function make(name: string, loc: string, yaml: string | null, yamlName = "main.yaml"): { code: number; err: string; dir: string } {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "main.loc"), loc);
  writeFileSync(join(dir, "f.py"), "def inc(x):\n    return x + 1\n");
  if (yaml !== null) writeFileSync(join(dir, yamlName), yaml);
  const p = Bun.spawnSync([morloc, "make", "-o", join(dir, "nexus"), "main.loc"], { cwd: dir, env });
  return { code: p.exitCode ?? -1, err: p.stderr.toString(), dir };
}

const LOC = `module m (f, g)
source Py from "f.py" ("inc")
inc :: Int -> Int
f x = big@inc x
g x = inc (inc x)
`;

describe("morloc make with labels", () => {
  test("a label no group defines is an error at the call", () => {
    const r = make("undef", LOC, "labeled-groups:\n  other: {}\n");
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(`${join(r.dir, "main.loc")}:4:7: error: Undefined label 'big': no matching entry in module config labeled-groups`);
    const none = make("nofile", LOC, null);
    expect(none.err).toContain("main.loc:4:7: error: Undefined label 'big'");
  });

  test("a group no call uses is an error at its key in the yaml", () => {
    const r = make("unused", LOC, "labeled-groups:\n  big:\n    cache: true\n  spare:\n    cache: false\n");
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(`${join(r.dir, "main.yaml")}:4:3: error: label 'spare' is defined in labeled-groups but no call uses it`);
  });

  test("a bad key in the yaml stops make at its position", () => {
    const r = make("badkey", LOC, "labeled-groups:\n  big:\n    remote:\n      memory: lots\n");
    expect(r.code).not.toBe(0);
    expect(r.err).toContain(`${join(r.dir, "main.yaml")}:4:7: error: memory must be a whole number, not the string "lots"`);
  });

  test("<module>.yaml is found beside the main file; p@x stays field access when p is a variable", () => {
    const loc = `module m (f, h)
source Py from "f.py" ("inc")
inc :: Int -> Int
record P = P { x :: Int }
f x = big@inc x
h p = p@x
`;
    const dir = join(work, "own");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "prog.loc"), loc);
    writeFileSync(join(dir, "f.py"), "def inc(x):\n    return x + 1\n");
    writeFileSync(join(dir, "prog.yaml"), "labeled-groups:\n  big: {}\n");
    const p = Bun.spawnSync([morloc, "make", "-o", join(dir, "nexus"), "prog.loc"], { cwd: dir, env });
    expect(p.stderr.toString()).toBe("");
    expect(Bun.spawnSync([join(dir, "nexus"), "f", "1"], { env }).stdout.toString().trim()).toBe("2");
    expect(Bun.spawnSync([join(dir, "nexus"), "h", '{"x":4}'], { env }).stdout.toString().trim()).toBe("4");
  }, 60_000);

  test("a label on something that is not a call is positioned", () => {
    const r = make("nocall", `module m (f)\nsource Py from "f.py" ("inc")\ninc :: Int -> Int\nk = 5\nf x = inc (big@k)\n`, "labeled-groups:\n  big: {}\n");
    expect(r.err).toContain("main.loc:5:12: error: the label 'big' must name a function call");
  });
});
