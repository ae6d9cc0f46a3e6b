// The user's own Python modules that the sourced files import. A sourced file may `import helper`
// or `from pkg.sub import f` where helper.py or pkg/ sits beside it; those files are not named by
// any source statement, yet the pool needs them: they ship along, in the same layout under the
// sourced file's folder. Imports are read from the text (any `import`/`from` line, also indented
// ones), and only modules that exist in that folder ship: the standard library and installed
// packages are left to Python.

import type { Span } from "../diagnostics";
import type { ReadSource } from "./backend";

export interface Shipped {
  from: string;
  to: string;
  span: Span;
}

const IMPORT = /^[ \t]*import[ \t]+([^#\n;]+)/gm;
const FROM = /^[ \t]*from[ \t]+(\.*)([\w.]*)[ \t]+import[ \t]+\(?([^#\n;)]+)/gm;

/** The files that `ship` imports from their own folders, transitively, not already in `ship`. */
export async function pythonImports(ship: Shipped[], read: ReadSource): Promise<Shipped[]> {
  const dir = (p: string) => p.slice(0, p.lastIndexOf("/"));
  const known = new Set(ship.map((f) => f.to));
  const extra: Shipped[] = [];
  // each file with the folder that is on sys.path for it (its sourced file's folder) and its place
  const queue = ship.map((f) => ({ ...f, root: dir(f.from), rootTo: dir(f.to) }));
  const text = async (path: string) => read(path).catch(() => null);
  while (queue.length > 0) {
    const f = queue.shift()!;
    const source = await text(f.from);
    if (source === null) continue;
    const found = async (path: string): Promise<boolean> => {
      if (!path.startsWith(f.root + "/")) return false;
      const to = f.rootTo + path.slice(f.root.length);
      if (known.has(to)) return true;
      if ((await text(path)) === null) return false;
      known.add(to);
      const entry = { from: path, to, span: f.span };
      extra.push(entry);
      queue.push({ ...entry, root: f.root, rootTo: f.rootTo });
      return true;
    };
    /** Ships the module `parts` under `base`, every package on the way, and `names` as submodules. */
    const module = async (base: string, parts: string[], names: string[]) => {
      let at = base;
      for (const part of parts) {
        if (!/^\w+$/.test(part)) return;
        at = `${at}/${part}`;
        if (await found(`${at}.py`)) return;
        await found(`${at}/__init__.py`);
      }
      for (const n of names) if (/^\w+$/.test(n)) (await found(`${at}/${n}.py`)) || (await found(`${at}/${n}/__init__.py`));
    };
    for (const m of source.matchAll(IMPORT))
      for (const item of m[1]!.split(",")) {
        const name = item.trim().split(/\s+/)[0];
        if (name) await module(f.root, name.split("."), []);
      }
    for (const m of source.matchAll(FROM)) {
      const dots = m[1]!.length;
      const parts = m[2] ? m[2].split(".") : [];
      const names = m[3]!.split(",").map((n) => n.trim().split(/\s+/)[0]!);
      if (dots === 0) {
        await module(f.root, parts, names);
        continue;
      }
      // a relative import, from inside a package: up dots - 1 folders from the importing file
      let base = dir(f.from);
      for (let i = 1; i < dots; i++) base = dir(base);
      if (parts.length === 0) for (const n of names) /^\w+$/.test(n) && ((await found(`${base}/${n}.py`)) || (await found(`${base}/${n}/__init__.py`)));
      else await module(base, parts, names);
    }
  }
  return extra;
}
