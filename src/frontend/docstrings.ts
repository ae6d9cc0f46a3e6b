// Docstrings (`--'` lines) and export groups (`--*` lines). The grammar reads both as comments; this
// separate pass over the source text finds them and attaches each block to the AST node that starts
// at the next real token (language-head.md B.1): a module, a signature (and, inside a multi-line
// signature, each parameter type and the return type), a declaration, a record and its fields.
// What the lines mean (directives) is read later, by src/interface.

import type { Span } from "../diagnostics";
import type { Module, Signature, TypeDef, Declaration, TypeExpr } from "./ast";
import { spanAt } from "./spans";

/** One `--'` line: its text after the marker, and where that text sits. */
export interface DocLine {
  text: string;
  span: Span;
}

/** Consecutive `--'` lines, attached to the node starting at `target`. */
export interface DocBlock {
  lines: DocLine[];
  /** Offset of the next real token after the block. */
  target: number;
  /** The same, skipping `::` and `->` (a parameter's doc may sit above its arrow). */
  targetType: number;
}

/** An export group from `--* group: NAME`, its description lines and the names listed after it. */
export interface ExportGroup {
  name: string;
  description: string[];
  members: string[];
  span: Span;
}

/** Offset of the next token at or after `i`, skipping blanks and ordinary comments. */
function nextToken(src: string, i: number): number {
  const n = src.length;
  while (i < n) {
    const c = src[i]!;
    if (c === " " || c === "\t" || c === "\r" || c === "\n" || c === "\f" || c === "\v") i++;
    else if (c === "-" && src[i + 1] === "-" && src[i + 2] !== "'" && src[i + 2] !== "*") {
      const nl = src.indexOf("\n", i);
      i = nl === -1 ? n : nl;
    } else if (c === "{" && src[i + 1] === "-") {
      let depth = 0;
      while (i < n) {
        if (src.startsWith("{-", i)) depth++, (i += 2);
        else if (src.startsWith("-}", i)) {
          i += 2;
          if (--depth === 0) break;
        } else i++;
      }
    } else break;
  }
  return i;
}

/** Lines starting (after indentation or a `{`, `,`, `(`) with `marker`, grouped into runs of consecutive lines. */
function blocks(file: string, src: string, marker: string): { lines: DocLine[]; end: number }[] {
  const out: { lines: DocLine[]; end: number }[] = [];
  let cur: DocLine[] | null = null;
  let curEnd = 0;
  let at = 0;
  for (const raw of src.split("\n")) {
    const lineStart = at;
    at += raw.length + 1;
    // indentation, or the `{` / `,` / `(` that opens a record field or an export
    const indent = /^[\s{,(]*/.exec(raw)![0].length;
    if (raw.startsWith(marker, indent)) {
      const start = lineStart + indent + marker.length;
      const text = raw.slice(indent + marker.length).replace(/\r$/, "");
      (cur ??= []).push({ text, span: spanAt(file, src, start, start + text.length) });
      curEnd = Math.min(at, src.length);
    } else if (cur) {
      out.push({ lines: cur, end: curEnd });
      cur = null;
    }
  }
  if (cur) out.push({ lines: cur, end: curEnd });
  return out;
}

/** Every `--'` block of a file with the offset of the token it documents. */
export function docBlocks(file: string, src: string): DocBlock[] {
  return blocks(file, src, "--'").map(({ lines, end }) => {
    const target = nextToken(src, end);
    let t = target;
    while (src.startsWith("::", t) || src.startsWith("->", t)) t = nextToken(src, t + 2);
    return { lines, target, targetType: t };
  });
}

/** `--* group: NAME` blocks of a file: description lines, then the export names up to the next group. */
export function exportGroups(file: string, src: string): ExportGroup[] {
  const groups: ExportGroup[] = [];
  for (const { lines, end } of blocks(file, src, "--*")) {
    const head = lines[0]!;
    const m = /^\s*@?group:?\s*(.*)$/.exec(head.text);
    if (!m) continue;
    const name = m[1]!.trim();
    if (name === "") continue; // `--* group:` ends a group: what follows is ungrouped
    const members: string[] = [];
    // names until the next `--*` line or the end of the export list
    let i = end;
    for (;;) {
      i = nextToken(src, i);
      if (i >= src.length || src[i] === ")" || src.startsWith("--*", i) || src.startsWith("--'", i)) break;
      const w = /^[A-Za-z_][A-Za-z0-9_']*/.exec(src.slice(i, i + 200));
      if (w) members.push(w[0]), (i += w[0].length);
      else i++;
    }
    groups.push({ name, description: lines.slice(1).map((l) => l.text.replace(/^ /, "")).filter((t) => t.trim() !== ""), members, span: head.span });
  }
  return groups;
}

/** Docs found for a signature: above it, above each parameter type, above the return type. */
export interface SignatureDocs {
  head?: DocBlock;
  params: (DocBlock | undefined)[];
  ret?: DocBlock;
}

/** Attach the file's docstrings to the modules parsed from it (optional `docs` fields of the AST). */
export function attachDocs(file: string, src: string, modules: Module[]): void {
  if (!src.includes("--'") && !src.includes("--*")) return;
  const blocksAt = new Map<number, DocBlock>();
  const typeAt = new Map<number, DocBlock>();
  for (const b of docBlocks(file, src)) {
    blocksAt.set(b.target, b);
    typeAt.set(b.targetType, b);
  }
  const groups = exportGroups(file, src);
  const used = new Set<DocBlock>();
  const take = (b: DocBlock | undefined) => (b && used.add(b), b);
  const sig = (s: Signature) => {
    const t = s.type;
    const args: TypeExpr[] = t.kind === "tfun" ? t.args : [];
    const ret = t.kind === "tfun" ? t.ret : t;
    s.docs = {
      head: take(blocksAt.get(s.span.start)),
      params: args.map((a) => take(typeAt.get(a.span.start))),
      ret: take(typeAt.get(ret.span.start)),
    };
  };
  for (const m of modules) {
    m.doc = take(blocksAt.get(m.span.start));
    const inModule = groups.filter((g) => g.span.start >= m.span.start && g.span.start < m.span.end);
    if (inModule.length > 0) m.exportGroups = inModule;
    for (const item of m.body) {
      if (item.kind === "signature") sig(item);
      else if (item.kind === "decl") (item as Declaration).doc = take(blocksAt.get(item.span.start));
      else if (item.kind === "typedef") {
        const td = item as TypeDef;
        td.doc = take(blocksAt.get(td.span.start));
        for (const f of td.fields ?? []) f.doc = take(blocksAt.get(f.span.start));
      }
    }
  }
  // blocks above anything else: kept, so misplaced directives can be reported
  for (const b of blocksAt.values()) {
    if (used.has(b)) continue;
    const m = modules.find((x) => b.target >= x.span.start && b.target <= x.span.end) ?? modules[modules.length - 1];
    if (m) (m.strayDocs ??= []).push(b);
  }
}
