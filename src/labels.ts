// `morloc make`'s side of labelled calls (docs/labels.md): find the module configuration beside
// the main file, check it against the labels the program's calls use (both ways), and give what
// every labelled call's cache identity starts from.

import { basename, dirname, join, resolve as absolute } from "node:path";
import { ConfigError, parseModuleConfig } from "./config";
import { CompileError, type Span } from "./diagnostics";
import type { Label } from "./frontend/ast";
import type { ModuleConfig } from "./nexus/labelled";
import { calls, type SelectedCommand } from "./select/ast";

export interface ConfigHost {
  readFile(path: string): Promise<string>;
  readBytes(path: string): Promise<Uint8Array>;
  exists(path: string): Promise<boolean>;
}

/** `main.loc` → `main.yaml`; a `main.yaml` in the same folder also counts. Null when there is none. */
export async function findConfig(mainFile: string, host: ConfigHost): Promise<string | null> {
  const file = absolute(mainFile);
  const own = join(dirname(file), `${basename(file).replace(/\.loc$/, "")}.yaml`);
  for (const p of [own, join(dirname(file), "main.yaml")]) if (await host.exists(p)) return p;
  return null;
}

const span = (file: string, line: number, col: number): Span => ({ file, line, col, start: 0, end: 0 });

/** The labels the selected commands' calls carry (each site once). */
export function usedLabels(commands: SelectedCommand[]): Label[] {
  const out: Label[] = [];
  for (const c of commands) {
    for (const e of [c.body, ...c.fns.map((f) => f.body)]) for (const call of calls(e)) if (call.label && !out.includes(call.label)) out.push(call.label);
  }
  return out;
}

/**
 * The checked configuration: read and parsed (a ConfigError becomes a positioned compile error),
 * every used label defined (else an error at the call), every defined label used (else an error at
 * its key in the yaml). Returns null when the program has no labels and no configuration.
 */
export async function moduleConfig(mainFile: string, used: Label[], host: ConfigHost): Promise<{ config: ModuleConfig; file: string | null; text: string } | null> {
  const file = await findConfig(mainFile, host);
  if (!file && used.length === 0) return null;
  let config: ModuleConfig = { labeledGroups: {} };
  let keys = new Map<string, { line: number; col: number }>();
  let text = "";
  if (file) {
    text = await host.readFile(file);
    try {
      ({ config, keys } = parseModuleConfig(text, file));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      throw new CompileError("BadConfig", { message: e.reason }, span(e.file, e.line, e.col));
    }
  }
  const expected = file ?? join(dirname(absolute(mainFile)), `${basename(mainFile).replace(/\.loc$/, "")}.yaml`);
  for (const l of used) {
    if (!config.labeledGroups[l.name]) throw new CompileError("UndefinedLabel", { label: l.name, config: expected }, l.span);
  }
  for (const name of Object.keys(config.labeledGroups)) {
    if (!used.some((l) => l.name === name)) {
      const p = keys.get(`labeled-groups/${name}`) ?? { line: 1, col: 1 };
      throw new CompileError("UnusedLabel", { label: name }, span(file!, p.line, p.col));
    }
  }
  return { config, file, text };
}

/** The part of every cache identity that is the same for all calls: the program's sources and the hash-include files. */
export async function identityBase(sources: Map<string, string>, config: { config: ModuleConfig; file: string | null; text: string }, host: ConfigHost): Promise<string> {
  const h = new Bun.CryptoHasher("sha256");
  for (const path of [...sources.keys()].sort()) h.update(`${path}\0${sources.get(path)}\0`);
  h.update(`config\0${config.text}\0`);
  const dir = config.file ? dirname(config.file) : ".";
  for (const inc of config.config.hashInclude ?? []) {
    const path = absolute(dir, inc);
    let text: Uint8Array;
    try {
      text = await host.readBytes(path);
    } catch {
      const at = config.text.indexOf(inc);
      const line = at < 0 ? 1 : config.text.slice(0, at).split("\n").length;
      const col = at < 0 ? 1 : at - config.text.lastIndexOf("\n", at - 1);
      throw new CompileError("BadConfig", { message: `hash-include: cannot read ${path}` }, span(config.file!, line, col));
    }
    h.update(`${path}\0${text.length}\0`);
    h.update(text);
  }
  return h.digest("hex");
}
