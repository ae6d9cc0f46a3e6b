// Whether a run is still alive, decided by a lock rather than a process id: a run folder holds a
// file `lock` on which its creator keeps an exclusive flock for as long as it lives. The kernel drops
// the lock when the process dies, however it dies, and a process in another PID namespace that
// shares the folder cannot be mistaken for a dead one (its pid may mean nothing here).
import { closeSync, constants, linkSync, lstatSync, openSync, rmSync } from "node:fs";
import { join } from "node:path";
import { tryLock } from "./libc";

/** A folder without a lock file is its creator's for this long (made, not yet locked). */
const UNLOCKED_GRACE_MS = 60_000;

/**
 * Creates `<dir>/lock` and holds its lock; returns the descriptor (closing it releases the lock).
 * The file is made and locked under a private name, then linked as `lock`: a sweeper that opened a
 * `lock` between its creation and its flock would find it free and remove a live run's folder (seen
 * once among hundreds of concurrent runs). Until the link, the folder has no lock and is young, so
 * sweepers leave it alone.
 */
export function holdLock(dir: string): number {
  const lock = join(dir, "lock");
  const temp = join(dir, `lock.${process.pid}.${Math.random().toString(36).slice(2)}`);
  const fd = openSync(temp, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    if (!tryLock(fd)) throw new Error(`${temp} is held by another process`);
    linkSync(temp, lock); // never replaces an existing lock (EEXIST)
  } catch (e) {
    closeSync(fd);
    throw (e as NodeJS.ErrnoException).code === "EEXIST" ? new Error(`${lock} is held by another process`) : e;
  } finally {
    rmSync(temp, { force: true });
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
