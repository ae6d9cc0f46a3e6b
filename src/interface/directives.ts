// The line grammar of `--'` docstrings (language-head.md B.1): `@key value` (current form) or
// `key: value` (legacy form) for a known key, prose otherwise. Blank lines are dropped, one leading
// space is trimmed from prose, a leading `\` makes the rest prose.

import { CompileError, type Span } from "../diagnostics";
import type { DocBlock } from "../frontend/docstrings";

/** Keys that describe one argument: they belong inside a signature, above a parameter type. */
export const ARG_KEYS = ["arg", "true", "false", "default", "metavar", "many", "unroll", "literal", "source", "form", "check.path", "list.source", "list.form", "list.check.path", "stdin"];
/** Keys of a command's preamble. */
export const PREAMBLE_KEYS = ["name", "return", "with", "render"];
const KNOWN = new Set([...ARG_KEYS, ...PREAMBLE_KEYS, "mime", "epilogue"]);

export interface Directive {
  key: string;
  value: string;
  span: Span;
}

export interface ReadDoc {
  /** Prose lines, in order. */
  text: string[];
  directives: Directive[];
  span: Span;
}

/** Read a block's lines; unknown `key:` words stay prose with a warning, as in the reference. */
export function readDoc(block: DocBlock, warn: (w: CompileError) => void, keyed = true): ReadDoc {
  const text: string[] = [];
  const directives: Directive[] = [];
  for (const line of block.lines) {
    const raw = line.text;
    if (raw.trim() === "") continue;
    const body = raw.replace(/^ /, "");
    const t = body.trimStart();
    if (t.startsWith("\\")) {
      text.push(t.slice(1));
      continue;
    }
    const at = keyed ? /^@([A-Za-z][A-Za-z0-9_.-]*)(?:\s+(.*))?$/.exec(t) : null;
    const legacy = keyed && !at ? /^([A-Za-z][A-Za-z0-9_.-]*):(?:\s+(.*))?$/.exec(t) ?? /^([A-Za-z][A-Za-z0-9_.-]*):$/.exec(t) : null;
    const m = at ?? legacy;
    if (m) {
      const key = m[1]!;
      if (KNOWN.has(key)) {
        // bare `@many` means true
        const value = (m[2] ?? "").trim() || (at ? "true" : "");
        const off = raw.indexOf(t);
        directives.push({ key, value, span: { ...line.span, start: line.span.start + off, col: line.span.col + off } });
        continue;
      }
      warn(new CompileError("DocstringDirective", { kind: "unknown", key, known: [...KNOWN], line: t }, line.span));
    }
    text.push(body);
  }
  return { text, directives, span: block.lines[0]!.span };
}

/** The last value given for `key`, with its directive. */
export function directive(d: ReadDoc | undefined, key: string): Directive | undefined {
  if (!d) return undefined;
  for (let i = d.directives.length - 1; i >= 0; i--) if (d.directives[i]!.key === key) return d.directives[i];
  return undefined;
}
