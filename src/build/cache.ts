// Whether the build may use one of its caches (compiled C++ pools, the R runtime): only under the
// trust rule of src/trust.ts; an untrusted cache is skipped with a warning, never used.

import { CompileError } from "../diagnostics";
import { cacheHome, checkTrusted, privateFolder, UntrustedPath } from "../trust";
import type { Host } from "./host";

/**
 * The cache folder when it may be trusted (src/trust.ts), else null after a warning: a folder or
 * entry that another user owns, can write, or planted as a symbolic link is never used.
 */
export function usableCache(host: Host, root: string, entry: string, what: string): string | null {
  try {
    privateFolder(root, cacheHome((n) => host.env(n)));
    checkTrusted(entry, "file");
    return root;
  } catch (e) {
    if (!(e instanceof UntrustedPath)) throw e;
    host.warn?.(new CompileError("UntrustedCache", { what, reason: e.message }));
    return null;
  }
}
