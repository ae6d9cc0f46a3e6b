// The nexus command line built from a manifest's `cli` descriptions (src/nexus/cli.ts): zones,
// option spellings, flags, `many`, unrolled records, Str words, errors (exit 2) and output forms.
// Pure commands only: runNexus answers them without pools.
import { afterAll, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { runNexus } from "../../src/nexus/run";
import type { Command, Manifest } from "../../src/nexus/manifest";

const work = mkdtempSync(join(tmpdir(), "morloc-cli-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const tuple3: Command = {
  name: "pick",
  params: [
    { name: "k", type: "Int", schema: "i8" },
    { name: "loud", type: "Bool", schema: "b" },
    { name: "word", type: "Str", schema: "s" },
    { name: "xs", type: "[Int]", schema: "ai8" },
  ],
  return: { type: "(Int, Bool, Str, [Int])", schema: "t4:i8bsai8" },
  pure: { kind: "tuple", items: [0, 1, 2, 3].map((index) => ({ kind: "param" as const, index })) },
  description: ["Pick things", "More text."],
  cli: [
    { kind: "option", short: "k", long: "keep", default: "2", description: ["how many"] },
    { kind: "flag", short: "l", long: "loud", flagValue: true, default: "false" },
    { kind: "positional", metavar: "WORD" },
    { kind: "positional", many: true },
  ],
};
const rec: Command = {
  name: "box",
  params: [{ name: "b", type: "B", schema: "m2:2:loi82:hii8" }],
  return: { type: "B", schema: "m2:2:loi82:hii8" },
  pure: { kind: "param", index: 0 },
  cli: [
    {
      kind: "unroll",
      long: "bounds",
      fields: [
        { key: "lo", type: "Int", schema: "i8", cli: { kind: "option", long: "lo", default: "0" } },
        { key: "hi", type: "Int", schema: "i8", cli: { kind: "option", short: "H", long: "hi", default: "9" } },
      ],
    },
  ],
};
const M: Manifest = { module: "demo", pools: {}, commands: [tuple3, rec], description: ["A demo"] };

async function run(argv: string[], m: Manifest = M) {
  let out = "";
  let err = "";
  const code = await runNexus(m, "/nonexistent", argv, { stdout: async (d) => void (out += typeof d === "string" ? d : ""), stderr: (t) => void (err += t) }, "demo");
  return { code, out, err };
}

test("options before, between and after positionals; --opt=v, -k5, flags", async () => {
  expect((await run(["pick", "hi", "1", "2"])).out).toBe('[2,false,"hi",[1,2]]\n');
  expect((await run(["pick", "-k", "5", "hi", "1"])).out).toBe('[5,false,"hi",[1]]\n');
  expect((await run(["pick", "hi", "--keep=7", "1", "-l"])).out).toBe('[7,true,"hi",[1]]\n');
  expect((await run(["pick", "-lk3", "hi", "-4"])).out).toBe('[3,true,"hi",[-4]]\n');
  expect((await run(["pick", "--", "-k", "-5"])).out).toBe('[2,false,"-k",[-5]]\n');
});

test("usage errors exit 2 and name the problem", async () => {
  const cases: [string[], string][] = [
    [["pick"], "the following required arguments were not provided"],
    [["pick", "-z", "a", "1"], "unexpected argument '-z' found"],
    [["pick", "-k", "1", "-k", "2", "a", "1"], "cannot be used multiple times"],
    [["pick", "a", "1", "--keep"], "a value is required for '--keep"],
    [["pick", "--loud=yes", "a", "1"], "unexpected value 'yes'"],
    [["pikc", "a"], "Did you mean 'pick'?"],
    [["pick", "-k", "x", "a", "1"], "argument 1 (--keep) of pick"],
    [["pick", "a", "nofile"], "is not inline JSON"],
    [["pick", "a", "d/nofile.json"], "file 'd/nofile.json' not found"],
  ];
  for (const [argv, msg] of cases) {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.err).toContain(msg);
  }
});

test("unrolled records: field default < whole record < field option; unknown fields refused", async () => {
  writeFileSync(join(work, "b.json"), '{"hi":3}');
  expect((await run(["box"])).out).toBe('{"lo":0,"hi":9}\n');
  expect((await run(["box", "--bounds", join(work, "b.json")])).out).toBe('{"lo":0,"hi":3}\n');
  expect((await run(["box", "--bounds", join(work, "b.json"), "-H", "4", "--lo=-1"])).out).toBe('{"lo":-1,"hi":4}\n');
  const bad = await run(["box", "--bounds", '{"top":1}']);
  expect(bad.code).toBe(2);
  expect(bad.err).toContain("unknown field 'top'");
});

test("help: the command list and a command's options, positionals and return", async () => {
  expect((await run(["-h"])).out).toBe(
    "A demo\n\nUsage: demo <nexus_options> <command> <command_options>\n\nCommands:\n  pick  Pick things\n  box   B -> B\n\nGeneral Options:\n  -h, --help  Print help\n",
  );
  const h = (await run(["pick", "--help"])).out;
  expect(h).toContain("Pick things\nMore text.\n\nUsage: demo <nexus_options> pick <command_options>");
  expect(h).toContain("  -k, --keep <Int>\n          how many\n          type: Int\n          [default: 2]\n");
  expect(h).toContain("  -l, --loud\n          default: false\n");
  expect(h).toContain("Positional arguments:\n  1:  WORD\n      type: Str    (literal string)\n  2:  [Int]\n");
  const j = JSON.parse((await run(["--json-help"])).out);
  expect(j.commands[0].arguments.map((a: { role: string }) => a.role)).toEqual(["option", "flag", "positional", "positional"]);
  expect(j.commands[1].arguments[0].entries.map((e: { key: string }) => e.key)).toEqual(["lo", "hi"]);
});

test("output forms: -p, -f jsonl, -f csv; one command runs without its name", async () => {
  expect((await run(["-f", "jsonl", "pick", "a", "1", "2"])).out).toBe('2\nfalse\n"a"\n[1,2]\n');
  expect((await run(["-p", "box"])).out).toBe('{\n  "lo": 0,\n  "hi": 9\n}\n');
  const one: Manifest = { module: "one", pools: {}, commands: [tuple3] };
  expect((await run(["w", "5"], one)).out).toBe('[2,false,"w",[5]]\n');
  expect((await run(["-p", "@", "pick", "w", "5"], one)).out).toContain('  "w",\n');
  expect((await run(["-p", "w", "5"], one)).code).toBe(2);
  const rows: Manifest = { module: "t", pools: {}, commands: [{ name: "t", params: [{ name: "r", type: "[R]", schema: "am2:1:ai81:bs" }], return: { type: "[R]", schema: "am2:1:ai81:bs" }, pure: { kind: "param", index: 0 } }] };
  expect((await run(["-f", "csv", "@", '[{"a":1,"b":"x,y"},{"a":2,"b":"z"}]'], rows)).out).toBe('a,b\n1,"x,y"\n2,z\n');
});

test("-f csv writes a table (a record of columns) row by row", async () => {
  const table: Manifest = { module: "t", pools: {}, commands: [{ name: "t", params: [{ name: "r", type: "T", schema: "m2:1:aai81:bas" }], return: { type: "T", schema: "m2:1:aai81:bas" }, pure: { kind: "param", index: 0 } }] };
  expect((await run(["-f", "csv", "@", '{"a":[1,2],"b":["x","y"]}'], table)).out).toBe("a,b\n1,x\n2,y\n");
});
