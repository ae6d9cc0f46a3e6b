// How the CLI reports failures: compile errors drawn by the one renderer (exit 2), g++ failures
// with g++'s own messages (exit 1), anything else as one line (exit 1). Never a stack trace, unless
// MORLOC_DEBUG is set.

import { existsSync, readFileSync, statSync } from "node:fs";
import { CompileError, CompileErrors, renderError } from "../diagnostics";
import { CppCompileFailed } from "../build/cpp";

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Renders an error for a person and returns the exit status it deserves. */
export function reportError(err: unknown, sources: Map<string, string>, write: (s: string) => void = (s) => process.stderr.write(s)): number {
  if (err instanceof CompileErrors || err instanceof CompileError) {
    const list = err instanceof CompileErrors ? err.errors : [err];
    const known = withSpannedFiles(list, sources);
    write(list.map((e) => renderError(e, known)).join("\n\n") + "\n");
    if (list.length > 1) write(`${list.length} errors\n`);
    return EXIT_USAGE;
  }
  if (err instanceof CppCompileFailed) {
    write(`morloc: error: ${err.message}\n`);
    return EXIT_FAILED;
  }
  const message = err instanceof Error ? err.message : String(err);
  // A TypeError and the like is a bug in morloc, not in the user's program: say so.
  const internal = err instanceof TypeError || err instanceof ReferenceError || err instanceof RangeError;
  write(`morloc: ${internal ? "internal error" : "error"}: ${message}\n`);
  if (internal && !process.env.MORLOC_DEBUG) write(`(this is a bug in morloc; MORLOC_DEBUG=1 shows where it happened)\n`);
  if (process.env.MORLOC_DEBUG && err instanceof Error && err.stack) write(err.stack + "\n");
  return EXIT_FAILED;
}

/** Renders a warning like an error, labelled `warning`; compilation goes on. */
export function reportWarning(w: CompileError, sources: Map<string, string>, write: (s: string) => void = (s) => process.stderr.write(s)): void {
  write(renderError(w, withSpannedFiles([w], sources), "warning") + "\n");
}

/** The renderer needs each spanned file's text; read any the compiler did not read through the host. */
function withSpannedFiles(errors: CompileError[], sources: Map<string, string>): Map<string, string> {
  const out = new Map(sources);
  for (const e of errors) {
    const f = e.span?.file;
    if (f && !out.has(f) && existsSync(f)) {
      try {
        out.set(f, readFileSync(f, "utf8"));
      } catch {
        // Unreadable now: the error still prints its file:line:col.
      }
    }
  }
  return out;
}

/** A missing or unreadable input named on the command line: a usage error, not a crash. */
export function checkInput(file: string): void {
  if (!existsSync(file)) throw new CompileError("FileNotFound", { file });
  if (statSync(file).isDirectory()) throw new CompileError("NotAFile", { file });
}
