// npm dependencies of a user's TypeScript: a bare import ("pad", "@s/pad/sub") resolves as Bun does,
// through the node_modules folders above the importing file. A package that is not installed but
// that the nearest package.json names as a local dependency ("file:..." or "link:...") resolves to
// that folder, so a module folder can ship its own small packages with no install step. Anything
// else falls through to Bun, whose "Could not resolve" becomes a positioned make-time error.

import { existsSync, readFileSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";

/** The package name and the subpath of a bare specifier ("@s/p/x" -> ["@s/p", "x"]). */
function splitSpecifier(spec: string): [string, string] {
  const parts = spec.split("/");
  const n = spec.startsWith("@") ? 2 : 1;
  return [parts.slice(0, n).join("/"), parts.slice(n).join("/")];
}

/** True when a node_modules folder at or above `dir` holds the package (Bun resolves it then). */
function installed(dir: string, name: string): boolean {
  for (let d = dir; ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules", name, "package.json")) || existsSync(join(d, "node_modules", name))) return true;
    if (dirname(d) === d) return false;
  }
}

/** The nearest package.json at or above `dir`: its folder and its parsed contents. */
function nearestManifest(dir: string): { dir: string; json: any } | null {
  for (let d = dir; ; d = dirname(d)) {
    const f = join(d, "package.json");
    if (existsSync(f)) {
      try {
        return { dir: d, json: JSON.parse(readFileSync(f, "utf8")) };
      } catch {
        return null; // Bun reports a broken package.json itself
      }
    }
    if (dirname(d) === d) return null;
  }
}

/** The folder a local dependency names, or null when `name` is not one in the nearest package.json. */
export function localDependency(importer: string, name: string): string | null {
  const m = nearestManifest(dirname(importer));
  if (!m) return null;
  for (const field of ["dependencies", "devDependencies", "optionalDependencies"]) {
    const v = m.json?.[field]?.[name];
    if (typeof v !== "string") continue;
    const local = /^(file|link):(.*)$/.exec(v);
    if (!local) return null;
    return isAbsolute(local[2]!) ? local[2]! : resolve(m.dir, local[2]!);
  }
  return null;
}

/** A target of package.json "exports": a path, or conditions (Bun's, then import/require/default). */
function exportTarget(t: unknown): string | null {
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return t.map(exportTarget).find((x) => x !== null) ?? null;
  if (t && typeof t === "object") {
    for (const c of ["bun", "import", "module", "require", "node", "default"]) {
      const x = exportTarget((t as any)[c]);
      if (x !== null) return x;
    }
  }
  return null;
}

/** The file a package folder gives for a subpath ("" is its entry): "exports", else "module"/"main", else the file itself. */
function packageEntry(folder: string, sub: string): string | null {
  let json: any = {};
  try {
    json = JSON.parse(readFileSync(join(folder, "package.json"), "utf8"));
  } catch {
    // a folder without a package.json: its index file
  }
  const key = sub === "" ? "." : `./${sub}`;
  const exp = json.exports;
  let target: string | null = null;
  if (exp !== undefined) {
    const keyed = exp && typeof exp === "object" && !Array.isArray(exp) && Object.keys(exp).some((k) => k.startsWith("."));
    target = keyed ? exportTarget(exp[key]) : key === "." ? exportTarget(exp) : null;
  }
  if (target === null && sub === "") target = typeof json.module === "string" ? json.module : typeof json.main === "string" ? json.main : null;
  try {
    // a target or subpath may omit its extension or name a folder: Bun completes it
    return Bun.resolveSync(join(folder, target ?? sub), folder);
  } catch {
    return null;
  }
}

/** The Bun.build plugin: only bare specifiers of packages that are not installed are looked at. */
export const localDependencies = {
  name: "morloc-ts-local-dependencies",
  setup(b: Bun.PluginBuilder) {
    b.onResolve({ filter: /^(@[^/]+\/)?[^./][^:]*$/ }, (args) => {
      if (!args.importer || args.path.startsWith("bun:") || args.path.startsWith("node:")) return undefined;
      const [name, sub] = splitSpecifier(args.path);
      if (installed(dirname(args.importer), name)) return undefined;
      const folder = localDependency(args.importer, name);
      if (folder === null) return undefined;
      const path = packageEntry(folder, sub);
      return path === null ? undefined : { path };
    });
  },
};
