// The rule for where `morloc make -o` may write (docs/architecture.md, "The output path"): a regular
// file or nothing, and never the module's input or any file the module reads. The nexus replaces
// its output by a rename, so without this rule `-o /dev/null` would replace the device and
// `-o main.loc` the source.

import { lstatSync, realpathSync } from "node:fs";
import { dirname, basename, join, resolve } from "node:path";
import { CompileError } from "../diagnostics";

/** Where `path` leads once every symlink of its folder is resolved (the file itself may not exist). */
function canonical(path: string): string {
  const abs = resolve(path);
  try {
    return realpathSync(abs);
  } catch {
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

function refuse(out: string, why: string): never {
  throw new CompileError("BadOutputPath", { out, why });
}

/** Before compiling: the output must be nothing yet or a regular file (not a device, folder, link, FIFO). */
export function checkOutputKind(out: string): void {
  let st;
  try {
    st = lstatSync(out);
  } catch {
    return; // nothing there: fine
  }
  if (st.isDirectory()) refuse(out, "it is a folder");
  if (st.isSymbolicLink()) refuse(out, "it is a symbolic link");
  if (!st.isFile()) refuse(out, "it is not a regular file (a device, FIFO or socket)");
}

/** After compiling: the output must not be the module's input or any file the compiler read. */
export function checkOutputNotRead(out: string, read: Iterable<string>): void {
  const target = canonical(out);
  for (const path of read) {
    if (canonical(path) === target) refuse(out, `it is ${path}, a file of the module`);
  }
}
