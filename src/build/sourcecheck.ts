// A broken user source is the user's error, found at make time: every sourced Python file is
// compiled by the machine's python3 and every R file parsed by R, and a syntax error is reported at
// its file, line and column (exit 2), instead of a nexus whose pool dies at every start.

import { CompileError, CompileErrors, type Span } from "../diagnostics";
import type { Host } from "./host";

/** What the check needs of a generated file: user sources carry their path on disk (`origin`). */
interface SourceFile {
  path: string;
  origin?: string;
}

// One line of JSON per file that does not compile: [path, line, column, message].
const PYTHON_CHECK = `
import json, sys
for p in sys.argv[1:]:
    try:
        with open(p, "rb") as f:
            compile(f.read(), p, "exec", dont_inherit=True)
    except SyntaxError as e:
        print(json.dumps([p, e.lineno or 1, e.offset or 1, e.msg]))
    except (ValueError, UnicodeDecodeError) as e:
        print(json.dumps([p, 1, 1, str(e)]))
`;

// R's parse errors read "<file>:<line>:<col>: <message>" on their first line.
const R_CHECK = `
for (p in commandArgs(trailingOnly = TRUE)) tryCatch(invisible(parse(file = p, keep.source = FALSE)), error = function(e) {
  m <- regmatches(conditionMessage(e), regexec("^.*:([0-9]+):([0-9]+): ([^\\n]*)", conditionMessage(e)))[[1]]
  if (length(m) == 4) cat(p, m[2], m[3], m[4], sep = "\\t") else cat(p, 1, 1, gsub("\\n.*", "", conditionMessage(e)), sep = "\\t")
  cat("\\n")
})
`;

/** Throws CompileErrors naming each user Python or R source that does not compile; silent otherwise. */
export async function checkUserSources(host: Host, files: SourceFile[]): Promise<void> {
  const origins = (re: RegExp) => [...new Set(files.filter((f) => f.origin && re.test(f.path)).map((f) => f.origin!))];
  const errors: CompileError[] = [];
  const py = origins(/\.py$/);
  if (py.length > 0) {
    const r = await host.runProcess(["python3", "-c", PYTHON_CHECK, ...py]);
    // no python3 here: the pool reports its own errors at run time
    if (r.code === 0) {
      for (const line of r.stdout.split("\n").filter((l) => l.startsWith("["))) {
        const [file, lineNo, col, msg] = JSON.parse(line) as [string, number, number, string];
        errors.push(await located(host, "PythonSyntaxError", file, lineNo, col, msg));
      }
    }
  }
  const rFiles = origins(/\.[Rr]$/);
  if (rFiles.length > 0) {
    const r = await host.runProcess(["Rscript", "-e", R_CHECK, ...rFiles]);
    if (r.code === 0) {
      for (const line of r.stdout.split("\n").filter((l) => l.includes("\t"))) {
        const [file, lineNo, col, msg] = line.split("\t") as [string, string, string, string];
        errors.push(await located(host, "RSyntaxError", file, Number(lineNo) || 1, Math.max(1, Number(col) || 1), msg));
      }
    }
  }
  if (errors.length === 1) throw errors[0];
  if (errors.length > 1) throw new CompileErrors(errors);
}

/** A CompileError at line/col of a user file (offsets counted in its text, read through the host). */
export async function located(host: Host, code: "PythonSyntaxError" | "RSyntaxError" | "TypeScriptBuildError", file: string, line: number, col: number, message: string): Promise<CompileError> {
  let text = host.sources.get(file);
  if (text === undefined) {
    try {
      text = await host.readFile(file);
    } catch {
      text = "";
    }
  }
  const lines = text.split("\n");
  const start = lines.slice(0, line - 1).reduce((n, l) => n + l.length + 1, 0) + col - 1;
  const span: Span = { file, line, col, start, end: start + 1 };
  return new CompileError(code, { message }, span);
}
