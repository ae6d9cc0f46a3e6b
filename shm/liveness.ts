// Whether a run is still alive, decided by a lock rather than a process id: a run folder holds a
// file `lock` on which its creator keeps an exclusive flock for as long as it lives. The kernel drops
// the lock when the process dies, however it dies, and a process in another PID namespace that
// shares the folder cannot be mistaken for a dead one (its pid may mean nothing here).
import { closeSync, constants, lstatSync, openSync } from "node:fs";
import { join } from "node:path";
import { tryLock } from "./libc";

/** A folder without a lock file is its creator's for this long (made, not yet locked). */
const UNLOCKED_GRACE_MS = 60_000;

/** Creates `<dir>/lock` and holds its lock; returns the descriptor (closing it releases the lock). */
export function holdLock(dir: string): number {
  const fd = openSync(join(dir, "lock"), constants.O_RDWR | constants.O_CREAT | constants.O_NOFOLLOW, 0o600);
  if (!tryLock(fd)) {
    closeSync(fd);
    throw new Error(`${dir}/lock is held by another process`);
  }
  return fd;
}

/** True when nobody holds `<dir>/lock` (its creator is gone), or the folder has no lock and is old. */
export function abandoned(dir: string, now = Date.now()): boolean {
  let fd: number;
  try {
    fd = openSync(join(dir, "lock"), constants.O_RDWR | constants.O_NOFOLLOW);
  } catch {
    try {
      return now - lstatSync(dir).mtimeMs > UNLOCKED_GRACE_MS;
    } catch {
      return false; // already gone
    }
  }
  try {
    return tryLock(fd);
  } finally {
    closeSync(fd); // releases the lock we may have taken
  }
}
