// The user's own R files that the sourced files source in turn. pool.R sources each user file with
// its folder as the working directory, so `source("helper.R")` inside it reads helper.R beside it;
// that file, named by no source statement, ships along in the same layout. Only literal relative
// paths inside the sourced file's folder are followed (transitively).

import type { ReadSource } from "./backend";
import type { Shipped } from "./pyimports";

const SOURCE = /\b(?:sys\.)?source\(\s*(?:file\s*=\s*)?["']([^"'\n]+)["']/g;

/** The files that `ship` sources from their own folders, transitively, not already in `ship`. */
export async function rImports(ship: Shipped[], read: ReadSource): Promise<Shipped[]> {
  const dir = (p: string) => p.slice(0, p.lastIndexOf("/"));
  const known = new Set(ship.map((f) => f.to));
  const extra: Shipped[] = [];
  const queue = ship.map((f) => ({ ...f, root: dir(f.from), rootTo: dir(f.to) }));
  while (queue.length > 0) {
    const f = queue.shift()!;
    const text = await read(f.from).catch(() => null);
    if (text === null) continue;
    for (const m of text.matchAll(SOURCE)) {
      const rel = m[1]!.replace(/^\.\//, "");
      if (rel.startsWith("/") || rel.split("/").includes("..")) continue;
      const from = `${f.root}/${rel}`;
      const to = `${f.rootTo}/${rel}`;
      if (known.has(to) || (await read(from).catch(() => null)) === null) continue;
      known.add(to);
      const entry = { from, to, span: f.span };
      extra.push(entry);
      queue.push({ ...entry, root: f.root, rootTo: f.rootTo });
    }
  }
  return extra;
}
