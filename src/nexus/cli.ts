// The nexus command line (language-head.md B.2): nexus options on the left, then a command and its
// input. A command's input is parsed from its `cli` (docstring) description: options may sit before,
// after or between positionals, `--opt=v` = `--opt v`, `-k2` works, `--` ends options, and `-5` is a
// value (short options are letters). A module with one command runs without its name; nexus options
// then go left of an explicit `@`.

import type { Command, Manifest, ParamCli } from "./manifest";
import { UsageError, type Options } from "./args";

/** One parameter's input, before its value is read (src/nexus/inputs.ts). */
export type Input =
  | { token: string } // classify: literal Str, inline JSON, stdin or a file
  | { json: string } // a default, JSON text
  | { value: unknown } // already a value (a flag)
  | { items: Input[] } // `many`: one input per list element
  | { record: { defaults: Map<string, Input>; whole?: Input; given: Map<string, Input> } }; // an unrolled record

export type Invocation =
  | { kind: "help"; text: "top" | "top-long" | "nexus" | "command" | "command-long" | "group"; cmd?: Command; group?: string }
  | { kind: "json-help" }
  | { kind: "completion"; shell: string }
  | { kind: "run"; cmd: Command; inputs: Input[] };

const FORMATS = ["json", "jsonl", "msgpack", "mpk", "csv"];

/** Read one nexus option at argv[i] into `o`; the index of the next token, or -1 if argv[i] is none. */
export function nexusOption(argv: string[], i: number, o: Options): number {
  const a = argv[i]!;
  const eq = a.startsWith("--") ? a.indexOf("=") : -1;
  const name = eq > 0 ? a.slice(0, eq) : a;
  const attached = eq > 0 ? a.slice(eq + 1) : /^-[ofz]./.test(a) ? a.slice(2) : undefined;
  const flag = attached !== undefined && /^-[ofz]./.test(a) ? a.slice(0, 2) : name;
  let next = i + 1;
  const value = (): string => {
    if (attached !== undefined) return attached;
    if (next >= argv.length) throw new UsageError(`a value is required for '${flag}' but none was supplied`);
    return argv[next++]!;
  };
  switch (flag) {
    case "-o":
    case "--output":
    case "--output-file":
      o.output = value();
      return next;
    case "-f":
    case "--format":
    case "--output-form": {
      const f = value();
      if (!FORMATS.includes(f)) throw new UsageError(`invalid value '${f}' for '${flag}': use one of ${FORMATS.join(", ")}`);
      o.format = (f === "mpk" ? "msgpack" : f) as Options["format"];
      return next;
    }
    case "-p":
    case "--print":
      if (attached !== undefined) return -1;
      o.print = true;
      return next;
    case "--keep-null":
      if (attached !== undefined) return -1;
      o.keepNull = true;
      return next;
    case "--timeout": {
      const v = value();
      const t = Number(v);
      if (!(t > 0)) throw new UsageError(`--timeout needs a positive number of seconds, got "${v}"`);
      o.timeout = t;
      return next;
    }
    case "--no-cache":
      if (attached !== undefined) return -1;
      o.noCache = true;
      return next;
    case "--config":
      o.config = value();
      return next;
    case "--call-packet":
      o.callPacket = value();
      return next;
    default:
      return -1;
  }
}

/** Did-you-mean: the closest name within a small edit distance. */
function closest(word: string, names: string[]): string | undefined {
  const dist = (a: string, b: string) => {
    const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0]![j] = j;
    for (let i = 1; i <= a.length; i++)
      for (let j = 1; j <= b.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    return d[a.length]![b.length]!;
  };
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const n of names) {
    const d = dist(word, n);
    if (d < bestD) (best = n), (bestD = d);
  }
  return best;
}

/** A module with one command and no groups runs without the command's name. */
export const singleCommand = (m: Manifest) => (m.commands.length === 1 && !(m.groups && m.groups.length > 0) ? m.commands[0] : undefined);

/** Split the command line into nexus options and a command invocation. */
export function parseCommandLine(m: Manifest, argv: string[], o: Options): Invocation {
  const single = singleCommand(m);
  if (single) {
    const at = argv.indexOf("@");
    const named = argv.findIndex((a) => a === single.name);
    if (at >= 0 && (named < 0 || at < named)) {
      const left = argv.slice(0, at);
      const top = leftZone(left, o);
      if (top) return top.kind === "help" ? { kind: "help", text: "nexus" } : top;
      const rest = argv.slice(at + 1);
      return commandZone(single, rest[0] === single.name ? rest.slice(1) : rest, o, false);
    }
    if (argv[0] === "--json-help") return { kind: "json-help" };
    if (argv[0] === "--completion") return { kind: "completion", shell: argv[1] ?? "" };
    // the command named after nexus options: everything left of it is the nexus's
    if (named >= 0 && isOptionsOnly(argv.slice(0, named))) {
      const top = leftZone(argv.slice(0, named), o);
      if (top) return top;
      return commandZone(single, argv.slice(named + 1), o, true);
    }
    return commandZone(single, argv, o, false);
  }
  let i = 0;
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === "-h") return { kind: "help", text: "top" };
    if (a === "--help") return { kind: "help", text: "top-long" };
    if (a === "--json-help") return { kind: "json-help" };
    if (a === "--completion") return { kind: "completion", shell: argv[i + 1] ?? "" };
    if (a === "@") {
      i++;
      continue;
    }
    if (a.startsWith("-") && a.length > 1) {
      const next = nexusOption(argv, i, o);
      if (next < 0) throw new UsageError(`unexpected argument '${a}' found`);
      i = next;
      continue;
    }
    break;
  }
  if (i >= argv.length) return { kind: "help", text: "top" };
  const word = argv[i]!;
  const group = m.groups?.find((g) => g.name === word);
  if (group) {
    const sub = argv[i + 1];
    if (sub === undefined || sub === "-h" || sub === "--help") return { kind: "help", text: "group", group: group.name };
    const cmd = m.commands.find((c) => c.name === sub && group.members.includes(c.name));
    if (!cmd) {
      const hint = closest(sub, group.members);
      throw new UsageError(`no such command '${sub}' in the group '${group.name}'.${hint ? ` Did you mean '${hint}'?` : ""}`);
    }
    return commandZone(cmd, argv.slice(i + 2), o, true);
  }
  const cmd = m.commands.find((c) => c.name === word);
  if (!cmd) {
    const hint = closest(word, [...m.commands.map((c) => c.name), ...(m.groups ?? []).map((g) => g.name)]);
    throw new UsageError(`no such command '${word}'.${hint ? ` Did you mean '${hint}'?` : ""}`);
  }
  return commandZone(cmd, argv.slice(i + 1), o, true);
}

/** Tokens that could all be nexus options (and their values). */
function isOptionsOnly(tokens: string[]): boolean {
  try {
    const probe = { help: false, format: "json", args: [] } as Options;
    for (let i = 0; i < tokens.length; ) {
      const next = nexusOption(tokens, i, probe);
      if (next < 0) return false;
      i = next;
    }
    return true;
  } catch {
    return false;
  }
}

/** Nexus options left of `@` (single-command modules). */
function leftZone(tokens: string[], o: Options): Invocation | undefined {
  for (let i = 0; i < tokens.length; ) {
    const a = tokens[i]!;
    if (a === "-h" || a === "--help") return { kind: "help", text: "nexus" };
    if (a === "--json-help") return { kind: "json-help" };
    if (a === "--completion") return { kind: "completion", shell: tokens[i + 1] ?? "" };
    const next = nexusOption(tokens, i, o);
    if (next < 0) throw new UsageError(`unexpected argument '${a}' found`);
    i = next;
  }
  return undefined;
}

/** An option a command accepts: which parameter (and field) it sets, and how. */
interface Spec {
  param: number;
  field?: string;
  cli: ParamCli;
  /** A flag's value when given; undefined for an option taking a value. */
  flag?: boolean;
  /** The whole-record option of an unrolled record. */
  whole?: boolean;
}

/** The display name of a command option, for messages: `--long <METAVAR>` or `-x`. */
function optionName(s: Spec): string {
  return s.cli.long ? `--${s.cli.long}` : `-${s.cli.short}`;
}

/** Parse a command's input: its options and positionals (lenient: nexus options after the command are taken too). */
function commandZone(cmd: Command, argv: string[], o: Options, lenient: boolean): Invocation {
  const clis: ParamCli[] = cmd.cli ?? cmd.params.map(() => ({ kind: "positional" }));
  const longs = new Map<string, Spec>();
  const shorts = new Map<string, Spec>();
  const add = (s: Spec, short?: string, long?: string) => {
    if (long) longs.set(long, s);
    if (short) shorts.set(short, s);
  };
  clis.forEach((c, k) => {
    if (c.kind === "option") add({ param: k, cli: c }, c.short, c.long);
    else if (c.kind === "flag") {
      add({ param: k, cli: c, flag: c.flagValue }, c.short, c.long);
      if (c.reverseLong) longs.set(c.reverseLong, { param: k, cli: c, flag: !c.flagValue });
    } else if (c.kind === "unroll") {
      if (c.short || c.long) add({ param: k, cli: c, whole: true }, c.short, c.long);
      for (const f of c.fields ?? []) {
        if (f.cli.kind === "flag") {
          add({ param: k, field: f.key, cli: f.cli, flag: f.cli.flagValue }, f.cli.short, f.cli.long);
          if (f.cli.reverseLong) longs.set(f.cli.reverseLong, { param: k, field: f.key, cli: f.cli, flag: !f.cli.flagValue });
        } else add({ param: k, field: f.key, cli: f.cli }, f.cli.short, f.cli.long);
      }
    }
  });

  const given = new Map<Spec, Input[]>();
  const positionals: string[] = [];
  const set = (s: Spec, v: Input, name: string) => {
    const have = given.get(s) ?? [];
    if (have.length > 0 && !s.cli.many) throw new UsageError(`the argument '${name}' cannot be used multiple times`);
    given.set(s, [...have, v]);
  };
  /** A token that starts an option (never a negative number). */
  const isOpt = (t: string) => /^--[A-Za-z]/.test(t) || /^-[A-Za-z]/.test(t);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a === "-h") return { kind: "help", text: "command", cmd };
    if (a === "--help") return { kind: "help", text: "command-long", cmd };
    if (/^--[A-Za-z]/.test(a)) {
      const eq = a.indexOf("=");
      const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
      const s = longs.get(name);
      if (!s) {
        if (lenient) {
          const next = nexusOption(argv, i, o);
          if (next >= 0) {
            i = next - 1;
            continue;
          }
        }
        throw new UsageError(`unexpected argument '${eq > 0 ? a.slice(0, eq) : a}' found${nexusHint(name)}`);
      }
      if (s.flag !== undefined) {
        if (eq > 0) throw new UsageError(`unexpected value '${a.slice(eq + 1)}' for '--${name}' found; no more were expected`);
        set(s, { value: s.flag }, `--${name}`);
      } else if (eq > 0) set(s, { token: a.slice(eq + 1) }, `--${name}`);
      else {
        if (i + 1 >= argv.length) throw new UsageError(`a value is required for '--${name} <${metavarOf(s)}>' but none was supplied`);
        set(s, { token: argv[++i]! }, `--${name}`);
        // `--xs 1 2 3`: a many option takes tokens up to the next option
        if (s.cli.many) while (i + 1 < argv.length && !isOpt(argv[i + 1]!) && argv[i + 1] !== "--") set(s, { token: argv[++i]! }, `--${name}`);
      }
      continue;
    }
    if (/^-[A-Za-z]/.test(a)) {
      // a cluster of short flags, ending at most with one short option and its value (`-vk2`)
      for (let j = 1; j < a.length; j++) {
        const letter = a[j]!;
        const s = shorts.get(letter);
        if (!s) {
          if (lenient && j === 1) {
            const next = nexusOption(argv, i, o);
            if (next >= 0) {
              i = next - 1;
              break;
            }
          }
          throw new UsageError(`unexpected argument '-${letter}' found`);
        }
        if (s.flag !== undefined) {
          set(s, { value: s.flag }, `-${letter}`);
          continue;
        }
        let rest = a.slice(j + 1);
        if (rest.startsWith("=")) rest = rest.slice(1);
        if (rest !== "") set(s, { token: rest }, `-${letter}`);
        else {
          if (i + 1 >= argv.length) throw new UsageError(`a value is required for '-${letter} <${metavarOf(s)}>' but none was supplied`);
          set(s, { token: argv[++i]! }, `-${letter}`);
          if (s.cli.many) while (i + 1 < argv.length && !isOpt(argv[i + 1]!) && argv[i + 1] !== "--") set(s, { token: argv[++i]! }, `-${letter}`);
        }
        break;
      }
      continue;
    }
    positionals.push(a);
  }

  // positionals in order; a `many` one takes the rest, a `stdin` one may be left out
  const inputs: (Input | undefined)[] = clis.map(() => undefined);
  const posParams = clis.map((c, k) => [c, k] as const).filter(([c]) => c.kind === "positional");
  let p = 0;
  const missing: string[] = [];
  for (const [c, k] of posParams) {
    if (c.many) {
      if (p >= positionals.length) missing.push(positionalName(cmd, k));
      inputs[k] = { items: positionals.slice(p).map((t) => ({ token: t })) };
      p = positionals.length;
    } else if (p < positionals.length) inputs[k] = { token: positionals[p++]! };
    else if (c.stdin) inputs[k] = { token: "-" };
    else missing.push(positionalName(cmd, k));
  }
  if (missing.length > 0) {
    throw new UsageError(`the following required arguments were not provided:\n  ${missing.map((n) => `<${n}>`).join("\n  ")}`);
  }
  if (p < positionals.length) throw new UsageError(`unexpected argument '${positionals[p]}' found (${cmd.name} takes ${posParams.length} positional argument${posParams.length === 1 ? "" : "s"})`);

  clis.forEach((c, k) => {
    if (c.kind === "option" || c.kind === "flag") {
      const vals = [...given.entries()].filter(([x]) => x.param === k && x.field === undefined).flatMap(([, v]) => v);
      if (vals.length === 0) inputs[k] = { json: c.default ?? (c.many ? "[]" : "null") };
      else if (c.many) inputs[k] = { items: vals };
      else inputs[k] = vals[vals.length - 1];
    } else if (c.kind === "unroll") {
      const defaults = new Map<string, Input>();
      const fieldsGiven = new Map<string, Input>();
      let whole: Input | undefined;
      for (const f of c.fields ?? []) if (f.cli.default !== undefined) defaults.set(f.key, { json: f.cli.default });
      for (const [s, v] of given) {
        if (s.param !== k) continue;
        if (s.whole) whole = v[v.length - 1];
        else if (s.field !== undefined) fieldsGiven.set(s.field, s.cli.many ? { items: v } : v[v.length - 1]!);
      }
      inputs[k] = { record: { defaults, whole, given: fieldsGiven } };
    }
  });
  return { kind: "run", cmd, inputs: inputs.map((x) => x!) };
}

function nexusHint(name: string): string {
  return ["output", "output-file", "format", "output-form", "print", "timeout", "no-cache", "config", "call-packet"].includes(name)
    ? `\n\nhint: \`--${name}\` is a nexus option, not a command option. Place it left of \`@\` (or left of the command name)`
    : "";
}

function metavarOf(s: Spec): string {
  return s.cli.metavar ?? (s.cli.long ?? s.cli.short ?? "VALUE").toUpperCase();
}

/** A positional's name in messages and help: its metavar, else the parameter's name upper-cased. */
export function positionalName(cmd: Command, k: number): string {
  const c = cmd.cli?.[k];
  return c?.metavar ?? cmd.params[k]!.name.toUpperCase();
}
