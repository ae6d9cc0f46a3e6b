// Where the classes behind object types live. `object Py => (Person a) = "PersonObj"` names a
// class that some user file defines; the pool must load that file (Python, R) or include it (C++)
// even when no function of it is called. The file is one whose source statement names the class
// (`source Py from "person.py" ("PersonObj" as Person)`), else every file of that language that
// the module defining the object mapping sources.

import type * as Src from "../frontend/ast";
import type { Span } from "../diagnostics";
import type { ModuleInfo } from "../resolve";

export interface TypeFile {
  /** Absolute path of the user source file. */
  path: string;
  /** The source statement that names it, for errors about the file. */
  span: Span;
  /** True when that statement names the class itself (else the file is only a candidate). */
  names: boolean;
}

export type TypeFiles = (lang: Src.Lang, typeName: string, ctor: string) => TypeFile[];

export function typeFiles(modules: ModuleInfo[]): TypeFiles {
  const byName = new Map<string, TypeFile[]>();
  const byType = new Map<string, TypeFile[]>();
  const add = (map: Map<string, TypeFile[]>, key: string, f: TypeFile) => {
    const list = map.get(key) ?? [];
    if (!list.some((x) => x.path === f.path)) list.push(f);
    map.set(key, list);
  };
  for (const m of modules) {
    const files: { lang: Src.Lang; file: TypeFile }[] = [];
    for (const item of m.ast.body) {
      if (item.kind !== "source" || item.path === null) continue;
      const path = item.path.startsWith("/") ? item.path : `${m.dir.replace(/\/$/, "")}/${item.path}`;
      files.push({ lang: item.lang, file: { path, span: item.span, names: false } });
      for (const s of item.items) add(byName, `${item.lang}:${s.name}`, { path, span: s.span, names: true });
    }
    for (const item of m.ast.body)
      if (item.kind === "typedef" && item.form === "object" && item.lang && item.ctor)
        for (const f of files) if (f.lang === item.lang) add(byType, `${item.lang}:${item.name}`, f.file);
  }
  return (lang, typeName, ctor) => byName.get(`${lang}:${ctor}`) ?? byType.get(`${lang}:${typeName}`) ?? [];
}
