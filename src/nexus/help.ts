// Help text built from the manifest (language-head.md B.3): the program's commands and groups, each
// command's usage, options (type, default, description), positionals and return type; the same as
// JSON for other tools (`--json-help`).

import type { Command, Manifest, ParamCli } from "./manifest";
import { positionalName, singleCommand } from "./cli";

const visible = (m: Manifest) => m.commands.filter((c) => !c.name.startsWith("mlcp_"));

/** The list under `Commands:`: names padded to one column, then the first description line. */
function table(rows: [string, string][]): string[] {
  const w = Math.max(0, ...rows.map(([n]) => n.length));
  return rows.map(([n, d]) => (d ? `  ${n.padEnd(w)}  ${d}` : `  ${n}`));
}

/** A command's one-line summary: its first description line, else its type. */
function summary(c: Command): string {
  return c.description?.[0] ?? `${c.params.map((p) => p.type).concat(c.return.type).join(" -> ")}`;
}

const NEXUS_OPTIONS = [
  "Nexus Options:",
  "  -o, --output-file <FILE>  Write the result to FILE instead of standard output",
  "  -f, --output-form <FORM>  Output form: json (default), jsonl, msgpack, csv",
  "  -p, --print               Print a Str result raw, anything else as indented JSON",
  "      --timeout <SECONDS>   Stop the run after SECONDS",
  "      --keep-null           Print a null result (Unit, or an optional that is Null); otherwise nothing",
  "      --json-help           Print the commands and their arguments as JSON",
  "      --completion <SHELL>  Print a completion script for bash, zsh or fish",
  "      --slurm               Run the command as one SLURM job and print its result here;",
  "                            its resources: --partition <P> --time <T> --mem <M> --cpus <C>",
];

/** Options that only a program with labelled calls has (docs/labels.md). */
const LABEL_OPTIONS = [
  "      --no-cache            Neither read nor write the result cache of labelled calls",
  "      --config <FILE>       Use FILE as the module configuration (labeled-groups) for this run",
];

/** The nexus options of program `m`: the label options only when it has labelled calls. */
function nexusOptions(m: Manifest | undefined): string[] {
  return m?.labelled?.length ? [...NEXUS_OPTIONS, ...LABEL_OPTIONS] : NEXUS_OPTIONS;
}

export function topHelp(m: Manifest, prog: string, long: boolean): string {
  const out: string[] = [];
  if (m.description) out.push(...(long ? m.description : [m.description[0]!]), "");
  out.push(`Usage: ${prog} <nexus_options> <command> <command_options>`, "", "Commands:");
  const grouped = new Set((m.groups ?? []).flatMap((g) => g.members));
  const rows: [string, string][] = visible(m).filter((c) => !grouped.has(c.name)).map((c) => [c.name, summary(c)]);
  for (const g of m.groups ?? []) rows.push([g.name, g.description[0] ?? ""]);
  out.push(...table(rows), "", "General Options:", "  -h, --help  Print help");
  if (long) out.push("", ...nexusOptions(m));
  return out.join("\n") + "\n";
}

export function groupHelp(m: Manifest, prog: string, name: string): string {
  const g = m.groups!.find((x) => x.name === name)!;
  const out: string[] = [];
  if (g.description.length > 0) out.push(...g.description, "");
  out.push(`Usage: ${prog} <nexus_options> ${g.name} <command> <command_options>`, "", "Commands:");
  out.push(...table(visible(m).filter((c) => g.members.includes(c.name)).map((c) => [c.name, summary(c)])));
  out.push("", "General Options:", "  -h, --help  Print help");
  return out.join("\n") + "\n";
}

/** `./nexus -h @` in a single-command module: the nexus's own options. */
export function nexusHelp(prog: string, m?: Manifest): string {
  return [`Usage: ${prog} <nexus_options> @ <command_options>`, "", ...nexusOptions(m)].join("\n") + "\n";
}

const typeName = (t: string) => t;

/** The value name shown after an option: the metavar, else the type's name. */
function metavar(cli: ParamCli, type: string): string {
  return cli.metavar ?? typeName(type);
}

function optionHead(cli: ParamCli, value: string | null): string {
  const v = value === null ? "" : ` <${value}>`;
  if (cli.short && cli.long) return `  -${cli.short}, --${cli.long}${v}`;
  if (cli.long) return `      --${cli.long}${v}`;
  return `  -${cli.short}${v}`;
}

/** One option or flag: head line, then description, type and default, indented. */
function optionBlock(cli: ParamCli, type: string): string[] {
  const pad = "          ";
  const lines: string[] = [];
  if (cli.kind === "flag") {
    lines.push(optionHead(cli, null));
    for (const d of cli.description ?? []) lines.push(pad + d);
    lines.push(`${pad}default: ${cli.default}`);
    return lines;
  }
  lines.push(optionHead(cli, metavar(cli, type)));
  for (const d of cli.description ?? []) lines.push(pad + d);
  lines.push(`${pad}type: ${type}${cli.many ? " (repeatable)" : ""}`);
  if (cli.default !== undefined) lines.push(`${pad}[default: ${cli.default}]`);
  return lines;
}

function usageLine(m: Manifest, prog: string, c: Command): string {
  if (singleCommand(m) === c) return `Usage: ${prog} <nexus_options> @ <command_options>`;
  const g = m.groups?.find((x) => x.members.includes(c.name));
  return `Usage: ${prog} <nexus_options> ${g ? g.name + " " : ""}${c.name} <command_options>`;
}

/** `Str    (literal string)` / `Str    (a filename)`: how a Str positional is read. */
function showType(type: string, cli: ParamCli, schema: string): string {
  if (schema === "s") return `${type}    (${cli.checkPath ? "a filename" : "literal string"})`;
  return type;
}

export function commandHelp(m: Manifest, prog: string, c: Command, long: boolean): string {
  const out: string[] = [];
  if (c.description) out.push(...(long ? c.description : [c.description[0]!]), "");
  out.push(usageLine(m, prog, c), "", "General Options:", "  -h, --help", long ? "          Print help (see a summary with '-h')" : "          Print help (see more with '--help')");
  const clis = c.cli ?? c.params.map((): ParamCli => ({ kind: "positional" }));
  const opts: string[] = [];
  clis.forEach((cli, k) => {
    const p = c.params[k]!;
    if (cli.kind === "option" || cli.kind === "flag") opts.push(...optionBlock(cli, p.type));
    else if (cli.kind === "unroll") {
      if (cli.short || cli.long) {
        opts.push(optionHead(cli, `${metavar(cli, p.type)}_JSON`));
        for (const d of cli.description ?? []) opts.push("          " + d);
        opts.push(`          type: ${p.type}`);
      }
      for (const f of cli.fields ?? []) if (f.cli.kind === "option" || f.cli.kind === "flag") opts.push(...optionBlock(f.cli, f.type));
    }
  });
  if (opts.length > 0) out.push("", "Optional arguments:", ...opts);
  const pos: string[] = [];
  let n = 0;
  clis.forEach((cli, k) => {
    if (cli.kind !== "positional") return;
    const p = c.params[k]!;
    n++;
    const desc = cli.description ?? [];
    // the description, after the metavar when one was given; else the metavar or the type
    const head = cli.metavar ? [cli.metavar, ...desc.slice(0, 1)].join("  ") : desc[0] ?? p.type;
    pos.push(`  ${n}:  ${head}`);
    for (const d of desc.slice(1)) pos.push(`      ${d}`);
    pos.push(`      type: ${showType(p.type, cli, p.schema)}`);
    if (cli.many) pos.push("      one or more values");
    if (cli.stdin) pos.push("      optional: read from standard input when left out");
  });
  if (pos.length > 0) out.push("", "Positional arguments:", ...pos);
  out.push("", `Return: ${c.return.type}`);
  if (c.returnDoc) out.push(`  ${c.returnDoc}`);
  return out.join("\n") + "\n";
}

/** `--json-help`: the program, its groups and each command's arguments. */
export function jsonHelp(m: Manifest, version: string): string {
  const argument = (c: Command, cli: ParamCli, k: number, position: number) => {
    const p = c.params[k]!;
    const type = { morloc: p.type, wire: p.schema };
    const input = { checks: cli.checkPath ? [{ kind: "path", value: cli.checkPath }] : [] };
    const description = (cli.description ?? []).join("\n");
    switch (cli.kind) {
      case "positional":
        return { role: "positional", name: positionalName(c, k).toLowerCase(), position, metavar: positionalName(c, k), required: !cli.stdin, variadic: !!cli.many, stdin: !!cli.stdin, quoted: p.schema === "s", default: null, description, type, input };
      case "option":
        return { role: "option", name: p.name, short: cli.short ?? null, long: cli.long ?? null, metavar: metavar(cli, p.type), default: cli.default ?? null, variadic: !!cli.many, description, type, input };
      case "flag":
        return { role: "flag", name: p.name, short: cli.short ?? null, long: cli.long ?? null, long_reverse: cli.reverseLong ?? null, default: cli.default ?? "false", description, type };
      case "unroll":
        return {
          role: "group",
          name: p.name,
          group_option: cli.short || cli.long ? { short: cli.short ?? null, long: cli.long ?? null } : null,
          description,
          type,
          entries: (cli.fields ?? []).map((f) => ({
            key: f.key,
            argument: f.cli.kind === "flag"
              ? { role: "flag", short: f.cli.short ?? null, long: f.cli.long ?? null, long_reverse: f.cli.reverseLong ?? null, default: f.cli.default ?? "false", description: (f.cli.description ?? []).join("\n"), type: { morloc: f.type, wire: f.schema } }
              : { role: "option", short: f.cli.short ?? null, long: f.cli.long ?? null, metavar: metavar(f.cli, f.type), default: f.cli.default ?? null, description: (f.cli.description ?? []).join("\n"), type: { morloc: f.type, wire: f.schema } },
          })),
        };
    }
  };
  const commands = m.commands.map((c) => {
    const clis = c.cli ?? c.params.map((): ParamCli => ({ kind: "positional" }));
    let position = 0;
    return {
      name: c.name,
      kind: c.pure ? "pure" : "remote",
      group: m.groups?.find((g) => g.members.includes(c.name))?.name ?? null,
      description: (c.description ?? []).join("\n"),
      arguments: clis.map((cli, k) => argument(c, cli, k, cli.kind === "positional" ? position++ : -1)),
      return: { description: c.returnDoc ?? "", type: { morloc: c.return.type, wire: c.return.schema } },
      terminals: [],
    };
  });
  const doc = {
    morloc_version: version,
    program: { name: m.module, description: (m.description ?? []).join("\n") },
    groups: (m.groups ?? []).map((g) => ({ name: g.name, description: g.description.join("\n") })),
    commands,
  };
  return JSON.stringify(doc, null, 2) + "\n";
}
