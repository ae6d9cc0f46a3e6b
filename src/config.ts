// The module configuration `<module>.yaml` (docs/labels.md): parsed with Bun's YAML parser and
// checked key by key, so an unknown key or a value of the wrong type is an error at its own line
// and column in the yaml. Shared by `morloc make` (which embeds the result) and `nexus --config`.

import type { GroupConfig, LogTemplate, ModuleConfig, RemoteSpec } from "./nexus/labelled";

/** A bad configuration: `line`/`col` (from 1) point into `file`. */
export class ConfigError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly col: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}:${col}: ${reason}`);
  }
}

/** Label names: `lbl@f` (language-head.md B.5). */
export const LABEL_NAME = /^[A-Za-z0-9_-]+$/;

/** Where each key path ("labeled-groups/big/cache") sits in the text: line and column from 1. */
export type KeyPositions = Map<string, { line: number; col: number }>;

export function parseModuleConfig(text: string, file: string): { config: ModuleConfig; keys: KeyPositions } {
  let raw: unknown;
  try {
    raw = Bun.YAML.parse(text);
  } catch (e) {
    const err = e as { message: string; line?: unknown; column?: unknown };
    // Bun's parser gives a position only sometimes, and not always one inside the text: then the last line
    const lines = text.split("\n");
    const inside = typeof err.line === "number" && err.line > 0 && err.line <= lines.length;
    const line = inside ? (err.line as number) : Math.max(1, lines.length - (lines.at(-1) === "" ? 1 : 0));
    const col = inside && typeof err.column === "number" && err.column > 0 && err.column <= lines[line - 1]!.length + 1 ? err.column : 1;
    throw new ConfigError(file, line, col, `not valid YAML: ${err.message.replace(/^YAML Parse error: /, "")}`);
  }
  const keys: KeyPositions = new Map();
  const at = locator(text, keys);
  const fail = (path: string[], reason: string): never => {
    const p = at(path);
    throw new ConfigError(file, p.line, p.col, reason);
  };
  const config: ModuleConfig = { labeledGroups: {} };
  if (raw === null || raw === undefined) return { config, keys };
  const top = mapping(raw, [], fail, "the configuration");
  for (const [k, v] of Object.entries(top)) {
    const path = [k];
    at(path);
    switch (k) {
      case "labeled-groups": {
        if (v === null) break;
        for (const [label, g] of Object.entries(mapping(v, path, fail, "labeled-groups"))) {
          at([...path, label]);
          if (!LABEL_NAME.test(label)) fail([...path, label], `bad label name '${label}': a label is made of letters, digits, '_' and '-'`);
          config.labeledGroups[label] = group(g, [...path, label], fail, at);
        }
        break;
      }
      case "default-group":
        // parsed and unused, as in the reference
        config.defaultGroup = v === null ? undefined : str(v, path, fail);
        break;
      case "log-template":
        config.logTemplate = logTemplate(v, path, fail, at);
        break;
      case "prologue":
        config.prologue = str(v, path, fail);
        break;
      case "epilogue": {
        const m = mapping(v, path, fail, "epilogue");
        config.epilogue = {};
        for (const [ek, ev] of Object.entries(m)) {
          at([...path, ek]);
          if (ek !== "ok" && ek !== "fail") fail([...path, ek], `unknown key '${ek}' in epilogue (known: ok, fail)`);
          config.epilogue[ek as "ok" | "fail"] = str(ev, [...path, ek], fail);
        }
        break;
      }
      case "hash-include": {
        if (!Array.isArray(v)) fail(path, `hash-include must be a list of paths, not ${describe(v)}`);
        config.hashInclude = (v as unknown[]).map((x) => str(x, path, fail));
        break;
      }
      default:
        fail(path, `unknown key '${k}' in the module configuration (known: labeled-groups, default-group, log-template, prologue, epilogue, hash-include)`);
    }
  }
  return { config, keys };
}

type Fail = (path: string[], reason: string) => never;
type At = (path: string[]) => { line: number; col: number };

function group(v: unknown, path: string[], fail: Fail, at: At): GroupConfig {
  const g: GroupConfig = {};
  if (v === null) return g;
  for (const [k, x] of Object.entries(mapping(v, path, fail, `group '${path.at(-1)}'`))) {
    const p = [...path, k];
    at(p);
    switch (k) {
      case "cache":
      case "benchmark":
      case "log":
        g[k] = bool(x, p, fail);
        break;
      case "log-template":
        g.logTemplate = logTemplate(x, p, fail, at);
        break;
      case "remote":
        g.remote = remote(x, p, fail, at);
        break;
      default:
        fail(p, `unknown key '${k}' in group '${path.at(-1)}' (known: cache, benchmark, log, log-template, remote)`);
    }
  }
  return g;
}

function remote(v: unknown, path: string[], fail: Fail, at: At): RemoteSpec {
  const r: RemoteSpec = {};
  if (v === null) return r;
  for (const [k, x] of Object.entries(mapping(v, path, fail, "remote"))) {
    const p = [...path, k];
    at(p);
    switch (k) {
      case "threads":
      case "memory":
      case "gpus":
        if (typeof x !== "number" || !Number.isInteger(x) || x < 0) fail(p, `${k} must be a whole number, not ${describe(x)}`);
        r[k] = x as number;
        break;
      case "time":
        if (typeof x !== "string" || !/^(\d+-)?\d{1,2}:\d{2}:\d{2}$/.test(x)) fail(p, `time must be a string "D-HH:MM:SS" or "HH:MM:SS", not ${describe(x)}`);
        r.time = x as string;
        break;
      case "partition":
        r.partition = str(x, p, fail);
        break;
      default:
        fail(p, `unknown key '${k}' in remote (known: threads, memory, time, gpus, partition)`);
    }
  }
  return r;
}

function logTemplate(v: unknown, path: string[], fail: Fail, at: At): LogTemplate {
  const t: LogTemplate = {};
  for (const [k, x] of Object.entries(mapping(v, path, fail, "log-template"))) {
    at([...path, k]);
    if (k !== "start" && k !== "pass" && k !== "fail") fail([...path, k], `unknown key '${k}' in log-template (known: start, pass, fail)`);
    t[k as keyof LogTemplate] = str(x, [...path, k], fail);
  }
  return t;
}

function mapping(v: unknown, path: string[], fail: Fail, what: string): Record<string, unknown> {
  if (typeof v !== "object" || v === null || Array.isArray(v)) fail(path, `${what} must be a mapping of keys, not ${describe(v)}`);
  return v as Record<string, unknown>;
}

function bool(v: unknown, path: string[], fail: Fail): boolean {
  if (typeof v !== "boolean") fail(path, `${path.at(-1)} must be true or false, not ${describe(v)}`);
  return v as boolean;
}

function str(v: unknown, path: string[], fail: Fail): string {
  if (typeof v !== "string") fail(path, `${path.at(-1)} must be a string, not ${describe(v)}`);
  return v as string;
}

function describe(v: unknown): string {
  if (v === null) return "an empty value";
  if (Array.isArray(v)) return "a list";
  if (typeof v === "object") return "a mapping";
  if (typeof v === "string") return `the string ${JSON.stringify(v)}`;
  return `${typeof v === "number" ? "the number" : "the value"} ${String(v)}`;
}

/**
 * Finds key paths in the text: each key of the path is searched after the previous one's place
 * (block style, or flow style `{ a: 1 }`), which is where a YAML parser found it.
 */
function locator(text: string, keys: KeyPositions): At {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const pos = (offset: number) => {
    let line = 0;
    while (line + 1 < lineStarts.length && lineStarts[line + 1]! <= offset) line++;
    return { line: line + 1, col: offset - lineStarts[line]! + 1 };
  };
  const offsets = new Map<string, number>();
  return (path) => {
    const id = path.join("/");
    const known = keys.get(id);
    if (known) return known;
    let from = 0;
    for (let i = 0; i < path.length; i++) {
      const prefix = path.slice(0, i + 1).join("/");
      const seen = offsets.get(prefix);
      if (seen !== undefined) {
        from = seen;
        continue;
      }
      const k = path[i]!.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
      const re = new RegExp(`(^|[\\s{,])(["']?)${k}\\2\\s*:(\\s|$)`, "gm");
      re.lastIndex = from;
      const m = re.exec(text);
      if (!m) break;
      from = m.index + m[1]!.length;
      offsets.set(prefix, from);
    }
    const p = path.length ? pos(from) : { line: 1, col: 1 };
    keys.set(id, p);
    return p;
  };
}
