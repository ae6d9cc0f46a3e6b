// Diagnostics shared by every compiler stage: source spans, the error type, and the one renderer
// that draws them (title, file:line:col, the source line, a caret, a hint).

import { ERRORS, type ErrorCode, type ErrorData } from "./codes";

/** A place in a source file. Lines and columns count from 1; offsets from 0. */
export interface Span {
  file: string;
  start: number;
  end: number;
  line: number;
  col: number;
}

/**
 * A compiler error a user can act on. `code` names the kind, a key of the table in src/codes.ts,
 * which makes the message and hint from `data`; the constructor's type ties the data to the code.
 */
class CompileErrorClass extends Error {
  readonly hint?: string;
  constructor(
    readonly code: ErrorCode,
    readonly data: unknown,
    public span?: Span,
  ) {
    const entry = ERRORS[code] as unknown as { message: (d: unknown) => string; hint?: (d: unknown) => string | undefined } | undefined;
    // Bun runs this file without type checking: a site that names no code of the table, or gives
    // message text instead of data, would print "undefined" where the user's names belong.
    if (!entry || typeof data !== "object" || data === null) throw new Error(`internal: CompileError(${JSON.stringify(code)}) needs a code of src/codes.ts and its data object`);
    super(entry.message(data));
    this.hint = entry.hint?.(data);
  }
}

export type CompileError = CompileErrorClass;
export const CompileError = CompileErrorClass as unknown as {
  new <C extends ErrorCode>(code: C, data: ErrorData<C>, span?: Span): CompileErrorClass;
  prototype: CompileErrorClass;
};

/** Several independent errors found in one pass. */
export class CompileErrors extends Error {
  constructor(public errors: CompileError[]) {
    super(errors.map((e) => e.message).join("\n"));
  }
}

/**
 * Draws an error (or, with `severity`, a warning) the same way whatever stage raised it. `sources`
 * maps a file path to its text.
 */
export function renderError(err: CompileError, sources: Map<string, string>, severity: "error" | "warning" = "error"): string {
  const lines: string[] = [];
  const where = err.span ? `${err.span.file}:${err.span.line}:${err.span.col}: ` : "";
  lines.push(`${where}${severity}: ${err.message}`);
  const text = err.span ? sources.get(err.span.file) : undefined;
  if (err.span && text !== undefined) {
    const srcLine = text.split("\n")[err.span.line - 1] ?? "";
    const gutter = String(err.span.line);
    const shown = srcLine.length > 200 ? srcLine.slice(Math.max(0, err.span.col - 100), err.span.col + 100) : srcLine;
    const caretCol = srcLine.length > 200 ? Math.min(err.span.col - 1, 99) : err.span.col - 1;
    lines.push(`${" ".repeat(gutter.length)} |`);
    lines.push(`${gutter} | ${shown.replace(/\t/g, " ")}`);
    lines.push(`${" ".repeat(gutter.length)} | ${" ".repeat(Math.max(0, caretCol))}^`);
  }
  if (err.hint) lines.push(`hint: ${err.hint}`);
  return lines.join("\n");
}
