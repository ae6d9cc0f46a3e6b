// The morloc command line: dispatches to the commands with the assets this compiler carries.
// Bad usage (unknown command, missing argument) prints the usage and exits 2.

import { defineCommand, renderUsage, runCommand, type CommandDef } from "citty";
import type { Assets } from "../build/assets";
import { commands } from "./commands";
import { EXIT_USAGE } from "./errors";

export const VERSION = "0.1.0";

/** citty colours its text whatever the output is; keep colour for terminals only. */
function plain(text: string, tty: boolean | undefined): string {
  return tty ? text : text.replace(/\x1b\[[0-9;]*m/g, "");
}

async function usage(cmd: CommandDef<any>, parent?: CommandDef<any>, toStderr = false): Promise<void> {
  const stream = toStderr ? process.stderr : process.stdout;
  stream.write(plain(await renderUsage(cmd, parent), stream.isTTY) + "\n");
}

export async function runCli(assets: Assets, argv: string[]): Promise<void> {
  const subs = commands(assets);
  const main = defineCommand({
    meta: { name: "morloc", version: VERSION, description: "compile morloc modules into self-contained executables" },
    subCommands: subs,
  });
  if (argv.length === 0 || argv[0] === "-h" || argv[0] === "--help") {
    await usage(main, undefined, argv.length === 0);
    process.exit(argv.length === 0 ? EXIT_USAGE : 0);
  }
  if (argv[0] === "--version" || argv[0] === "-V") {
    console.log(`morloc ${VERSION}`);
    process.exit(0);
  }
  const sub = Object.hasOwn(subs, argv[0]!) ? subs[argv[0] as keyof typeof subs] : undefined;
  if (sub && (argv.includes("-h") || argv.includes("--help"))) {
    await usage(sub, main);
    process.exit(0);
  }
  try {
    await runCommand(main, { rawArgs: argv });
  } catch (err) {
    // citty throws for usage problems (unknown command, missing positional); commands themselves exit.
    await usage(sub ?? main, sub ? main : undefined, true);
    process.stderr.write(plain(`morloc: error: ${(err as Error).message}\n`, process.stderr.isTTY));
    process.exit(EXIT_USAGE);
  }
}
