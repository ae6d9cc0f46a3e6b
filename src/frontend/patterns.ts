// Irrefutable patterns (parameters, lambdas, and `let`): a pattern binds each of its names to an
// accessor path from the matched value, so `f (a, {x = b}) = e` reads `a` as `.0 p` and `b` as
// `.1.x p`. The type checker binds these paths; nothing else needs to know about patterns.

import { CompileError, type Span } from "../diagnostics";
import type { AccessStep, Name, Pattern } from "./ast";

/** A name bound by a pattern and the accessor path that reads it from the matched value. */
export interface Binder {
  name: string;
  path: AccessStep[];
  span: Span;
}

/** The names a pattern binds, each with its path (an empty path for the whole value: `p@...`). */
export function patternBinders(p: Pattern, path: AccessStep[] = [], out: Binder[] = []): Binder[] {
  switch (p.kind) {
    case "pvar":
      out.push({ name: p.name, path, span: p.span });
      break;
    case "pwild":
      break;
    case "pas":
      out.push({ name: p.name, path, span: p.span });
      patternBinders(p.pattern, path, out);
      break;
    case "ptuple":
      p.elems.forEach((e, i) => patternBinders(e, [...path, { kind: "index", index: i, span: e.span }], out));
      break;
    case "precord":
      for (const f of p.fields) patternBinders(f.pattern, [...path, { kind: "field", name: f.key, span: f.span }], out);
      break;
  }
  return out;
}

/** Rejects a name bound twice among parameters and their patterns ("duplicate binder in pattern: x"). */
export function checkBinders(params: Name[], patterns: (Pattern | null)[] | undefined): void {
  const seen = new Set<string>();
  params.forEach((p, i) => {
    const pat = patterns?.[i];
    const binders = pat ? patternBinders(pat) : [{ name: p.name, span: p.span }];
    for (const b of binders) {
      if (seen.has(b.name)) throw new CompileError("DuplicateBinder", { name: b.name, params: true }, b.span);
      seen.add(b.name);
    }
  });
  // duplicate keys in one record pattern
  for (const pat of patterns ?? []) if (pat) checkRecordKeys(pat);
}

function checkRecordKeys(p: Pattern): void {
  if (p.kind === "precord") {
    const keys = new Set<string>();
    for (const f of p.fields) {
      if (keys.has(f.key)) throw new CompileError("DuplicateField", { kind: "pattern", field: f.key }, f.span);
      keys.add(f.key);
      checkRecordKeys(f.pattern);
    }
  } else if (p.kind === "ptuple") p.elems.forEach(checkRecordKeys);
  else if (p.kind === "pas") checkRecordKeys(p.pattern);
}
