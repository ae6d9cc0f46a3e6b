// Writes the valid corpus from cases.ts: valid/<case>[.<variant>].loc and the matching .expect.json.
// Variants move every line right (the column rule is relative) or wrap every line in comments; the
// expected AST is the same. Run: bun tests/frontend/corpus/gen.ts (the files are committed).
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CASES } from "./cases";

export const VARIANTS: Record<string, (src: string) => string> = {
  plain: (s) => s,
  indented: (s) => s.split("\n").map((l) => (l.length > 0 ? "   " + l : l)).join("\n"),
  commented: (s) => "{- corpus file -}\n" + s.split("\n").map((l) => (l.length > 0 ? `{- c -} ${l} -- end of line` : l)).join("\n"),
};

/** Every corpus file: name -> [source, expectation]. */
export function corpusFiles(): Map<string, [string, unknown]> {
  const out = new Map<string, [string, unknown]>();
  for (const c of CASES) {
    for (const [variant, f] of Object.entries(VARIANTS)) {
      if (c.raw && variant !== "plain") continue;
      const name = variant === "plain" ? c.name : `${c.name}.${variant}`;
      if (out.has(name)) throw new Error(`duplicate corpus case ${name}`);
      out.set(name, [f(c.src), c.expect]);
    }
  }
  return out;
}

if (import.meta.main) {
  const dir = join(import.meta.dir, "valid");
  mkdirSync(dir, { recursive: true });
  for (const f of readdirSync(dir)) rmSync(join(dir, f));
  const files = corpusFiles();
  for (const [name, [src, expect]] of files) {
    writeFileSync(join(dir, `${name}.loc`), src);
    writeFileSync(join(dir, `${name}.expect.json`), JSON.stringify(expect, null, 1) + "\n");
  }
  console.log(`wrote ${files.size} corpus files to ${dir}`);
}
