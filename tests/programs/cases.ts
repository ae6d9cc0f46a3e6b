// Reads a program folder's `cases` file (format in tests/programs/README.md) into test cases.

export interface Case {
  /** The line as written after "> ", for test names. */
  line: string;
  args: string[];
  stdout: string;
  exit: number;
  stderr: string | null;
  /** A file of the program's folder given as standard input (`stdin-file: F`); else none. */
  stdinFile?: string;
  /** 1-based line of the "> " in the cases file, for messages. */
  at: number;
}

/** Splits a command line the way a POSIX shell would for plain words and '...' / "..." quoting. */
export function splitArgs(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) throw new Error(`unclosed ' in: ${line}`);
      cur += line.slice(i + 1, end);
      i = end;
      inWord = true;
    } else if (c === '"') {
      i++;
      while (i < line.length && line[i] !== '"') {
        if (line[i] === "\\" && i + 1 < line.length && '"\\$`'.includes(line[i + 1]!)) i++;
        cur += line[i++];
      }
      if (i >= line.length) throw new Error(`unclosed " in: ${line}`);
      inWord = true;
    } else if (c === "\\" && i + 1 < line.length) {
      cur += line[++i];
      inWord = true;
    } else if (c === " " || c === "\t") {
      if (inWord) out.push(cur);
      cur = "";
      inWord = false;
    } else {
      cur += c;
      inWord = true;
    }
  }
  if (inWord) out.push(cur);
  return out;
}

export function parseCases(text: string, file = "cases"): Case[] {
  const cases: Case[] = [];
  let cur: (Case & { out: string[] }) | null = null;
  const finish = () => {
    // blank lines inside the expected output count (help text); around it they do not
    if (cur) cases.push({ line: cur.line, args: cur.args, stdout: cur.out.join("\n").replace(/^\n+|\n+$/g, ""), exit: cur.exit, stderr: cur.stderr, stdinFile: cur.stdinFile, at: cur.at });
    cur = null;
  };
  text.split("\n").forEach((raw, i) => {
    const line = raw.replace(/\r$/, "");
    if (line.startsWith("> ")) {
      finish();
      const cmd = line.slice(2).trim();
      cur = { line: cmd, args: splitArgs(cmd), stdout: "", exit: 0, stderr: null, at: i + 1, out: [] };
    } else if (line.trim() === "" && cur !== null) {
      cur.out.push("");
    } else if (line.trim() === "" || line.startsWith("#")) {
      // Blank lines and comments between cases carry nothing.
    } else if (cur === null) {
      throw new Error(`${file}:${i + 1}: expected a case starting with "> ", found: ${line}`);
    } else if (/^exit \d+$/.test(line)) {
      cur.exit = Number(line.slice(5));
    } else if (line.startsWith("stdin-file: ")) {
      cur.stdinFile = line.slice(12).trim();
    } else if (line.startsWith("stderr: ")) {
      cur.stderr = line.slice(8);
    } else {
      cur.out.push(line);
    }
  });
  finish();
  if (cases.length === 0) throw new Error(`${file}: no cases`);
  return cases;
}
