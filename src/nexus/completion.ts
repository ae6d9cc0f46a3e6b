// `--completion bash|zsh|fish`: a shell completion script for the program's commands and, per
// command, its options (from the manifest).

import type { Command, Manifest, ParamCli } from "./manifest";
import { UsageError } from "./args";

const NEXUS = ["-h", "--help", "-o", "--output-file", "-f", "--output-form", "-p", "--print", "--timeout", "--json-help", "--completion"];

/** Every option word a command accepts. */
function options(c: Command): string[] {
  const out = ["-h", "--help"];
  const add = (cli: ParamCli) => {
    if (cli.short) out.push(`-${cli.short}`);
    if (cli.long) out.push(`--${cli.long}`);
    if (cli.reverseLong) out.push(`--${cli.reverseLong}`);
  };
  for (const cli of c.cli ?? []) {
    if (cli.kind === "option" || cli.kind === "flag" || cli.kind === "unroll") add(cli);
    for (const f of cli.fields ?? []) add(f.cli);
  }
  return out;
}

const ident = (prog: string) => prog.replace(/[^A-Za-z0-9_]/g, "_");

export function completion(m: Manifest, prog: string, shell: string): string {
  const words = [...m.commands.map((c) => c.name), ...(m.groups ?? []).map((g) => g.name)];
  const fn = `_${ident(prog)}_complete`;
  switch (shell) {
    case "bash": {
      const cases = m.commands.map((c) => `    ${c.name}) opts="${options(c).join(" ")}" ;;`).join("\n");
      return `# bash completion for ${prog}: source this file, or add it to ~/.bash_completion
${fn}() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" cmd="" w opts
  for w in "\${COMP_WORDS[@]:1:COMP_CWORD-1}"; do
    case "$w" in -*) ;; *) cmd="$w"; break ;; esac
  done
  case "$cmd" in
${cases}
    *) opts="${[...NEXUS, ...words].join(" ")}" ;;
  esac
  COMPREPLY=($(compgen -W "$opts" -- "$cur"))
  [ \${#COMPREPLY[@]} -eq 0 ] && COMPREPLY=($(compgen -f -- "$cur"))
  return 0
}
complete -F ${fn} ${prog}
`;
    }
    case "zsh": {
      const cases = m.commands.map((c) => `    ${c.name}) compadd -- ${options(c).join(" ")} ;;`).join("\n");
      const described = m.commands.map((c) => `'${c.name}:${(c.description?.[0] ?? "").replace(/'/g, "'\\''").replace(/:/g, "\\:")}'`).join(" ");
      return `#compdef ${prog}
# zsh completion for ${prog}: put this file on $fpath as _${ident(prog)}
${fn}() {
  local cmd=\${words[2]}
  if (( CURRENT == 2 )); then
    local -a cmds; cmds=(${described})
    _describe 'command' cmds
    compadd -- ${NEXUS.join(" ")}
    return
  fi
  case "$cmd" in
${cases}
  esac
  _files
}
compdef ${fn} ${prog}
`;
    }
    case "fish": {
      // save as ~/.config/fish/completions/<prog>.fish
      const lines = [`complete -c ${prog} -f`];
      for (const c of m.commands) {
        lines.push(`complete -c ${prog} -n '__fish_use_subcommand' -a ${c.name} -d '${(c.description?.[0] ?? "").replace(/'/g, "\\'")}'`);
        for (const cli of c.cli ?? []) {
          for (const x of [cli, ...(cli.fields ?? []).map((f) => f.cli)]) {
            if (x.kind === "positional") continue;
            const parts = [`complete -c ${prog} -n '__fish_seen_subcommand_from ${c.name}'`];
            if (x.short) parts.push(`-s ${x.short}`);
            if (x.long) parts.push(`-l ${x.long}`);
            if (x.kind !== "flag") parts.push("-r");
            if (x.description?.[0]) parts.push(`-d '${x.description[0].replace(/'/g, "\\'")}'`);
            if (x.short || x.long) lines.push(parts.join(" "));
          }
        }
      }
      return lines.join("\n") + "\n";
    }
    default:
      throw new UsageError(`--completion needs a shell: bash, zsh or fish${shell ? ` (not '${shell}')` : ""}`);
  }
}
