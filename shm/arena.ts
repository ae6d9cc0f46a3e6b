// The shared-memory arena for Bun (docs/arena.md §3): volumes this process owns and allocates in,
// plus read-only-by-convention mappings of other processes' volumes, addressed by relptr.
import { randomBytes } from "node:crypto";
import { closeSync, lstatSync, mkdirSync, readdirSync, rmSync, statSync, unlinkSync } from "node:fs";
import { closeFd, mapShared, type Mapping, O_CREAT, O_EXCL, O_RDWR, reserve, SHM_ROOT, shmOpen, shmUnlink, unmap } from "./libc";
import { abandoned, holdLock } from "./liveness";

/** A failure of the arena (a limit reached, /dev/shm full, a bad pointer): a runtime failure, not a bug. */
export class ArenaError extends Error {}

export const VOLUME_MAGIC = 0x61636c6d;
export const BLOCK_MAGIC = 0x6b6c626d;
export const HEADER = 64;
export const FREE = 0, IN_USE = 1, RELEASED = 2;
const FIRST_VOLUME = 1 << 20;
const EAGER_COLLECT = 64;
const OFFSET_MASK = (1n << 48n) - 1n;
const MAX_BLOCK = 2 ** 47; // a payload offset must fit the 48 offset bits of a relptr
const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

// arenas still open at a normal exit are closed then, so their volumes are unlinked
const liveArenas = new Set<Arena>();
process.once("exit", () => [...liveArenas].forEach((a) => a.close()));

interface Volume {
  id: number;
  name: string;
  map: Mapping;
  u8: Uint8Array;
  dv: DataView;
  i32: Int32Array;
  free: [number, number][] | null; // owner only: sorted, coalesced [start, end) extents
}

export class Arena {
  private volumes = new Map<number, Volume>();
  private own: Volume[] = [];
  private outstanding = new Map<bigint, number>(); // relptr -> block size, blocks handed out
  private closed = false;
  private ownSize = 0;

  private constructor(readonly prefix: string, readonly slot: number, readonly maxBytes: number) {}

  /** An arena for process `slot` (0 = nexus) of the run named by `prefix`; volumes are made on demand.
   *  `maxBytes` (default: $MORLOC_ARENA_MAX, else no limit) caps the total size of this process's volumes. */
  static create(prefix: string, slot: number, opts: { maxBytes?: number } = {}): Arena {
    if (!/^[A-Za-z0-9._-]+$/.test(prefix)) throw new ArenaError(`arena prefix "${prefix}" must be letters, digits, '.', '_' or '-'`);
    if (!Number.isInteger(slot) || slot < 0 || slot > 255) throw new ArenaError(`arena slot ${slot} must be an integer in 0..255`);
    // the limit is read before the folder is claimed, so a bad MORLOC_ARENA_MAX leaves nothing behind
    const maxBytes = opts.maxBytes ?? arenaLimit(process.env.MORLOC_ARENA_MAX);
    claimRunFolder(prefix);
    const arena = new Arena(prefix, slot, maxBytes);
    liveArenas.add(arena);
    return arena;
  }

  /** Allocate `size` bytes in a volume this process owns; the payload is 64-byte aligned. */
  alloc(size: number): { relptr: bigint; bytes: Uint8Array } {
    this.live();
    if (!Number.isInteger(size) || size < 0) throw new ArenaError(`arena alloc: bad size ${size}`);
    if (size > MAX_BLOCK) throw new ArenaError(`arena alloc: ${size} bytes is larger than the largest block (2^47 bytes)`);
    const need = HEADER + alignUp(size, 64);
    let collected = false;
    if (this.outstanding.size <= EAGER_COLLECT) {
      this.collect();
      collected = true;
    }
    let hit = this.fit(need);
    if (!hit && !collected && this.collect() > 0) hit = this.fit(need);
    if (!hit) {
      this.newVolume(need);
      hit = this.fit(need)!;
    }
    const [vol, start] = hit;
    vol.dv.setUint32(start, BLOCK_MAGIC, true);
    vol.dv.setBigUint64(start + 8, BigInt(size), true);
    vol.dv.setBigUint64(start + 16, BigInt(need), true);
    Atomics.store(vol.i32, (start + 4) >> 2, IN_USE);
    const relptr = (BigInt(vol.id) << 48n) | BigInt(start + HEADER);
    this.outstanding.set(relptr, need);
    return { relptr, bytes: vol.u8.subarray(start + HEADER, start + HEADER + size) };
  }

  /** A view of `size` bytes (default: the length given at alloc) of the block at `relptr`. */
  read(relptr: bigint, size?: number): Uint8Array {
    this.live();
    const [vol, start] = this.block(relptr);
    const n = size ?? Number(vol.dv.getBigUint64(start + 8, true));
    const end = start + HEADER + n;
    if (end > vol.map.size || n > Number(vol.dv.getBigUint64(start + 16, true)) - HEADER) {
      throw new ArenaError(`arena read: ${n} bytes at relptr 0x${relptr.toString(16)} run past the block`);
    }
    return vol.u8.subarray(start + HEADER, end);
  }

  /** Mark a block released (any process may do this once); its owner reuses it later. */
  release(relptr: bigint): void {
    this.live();
    const [vol, start] = this.block(relptr);
    const word = (start + 4) >> 2;
    const state = Atomics.load(vol.i32, word);
    if (state !== IN_USE) throw new ArenaError(`arena release: block 0x${relptr.toString(16)} is not in use (state ${state})`);
    Atomics.store(vol.i32, word, RELEASED);
  }

  /** Unmap every volume and unlink the ones this process created. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    liveArenas.delete(this);
    for (const vol of this.volumes.values()) unmap(vol.map);
    for (const vol of this.own) {
      try {
        shmUnlink(vol.name);
      } catch {
        // already gone (swept or unlinked by hand): nothing left to clean
      }
    }
    releaseRunFolder(this.prefix);
    this.volumes.clear();
    this.own = [];
    this.outstanding.clear();
  }

  /** Number of blocks handed out and not yet reclaimed (for tests and leak checks). */
  get outstandingBlocks(): number {
    return this.outstanding.size;
  }

  /** Total bytes of every volume mapped here (own and attached): flat in a steady loop. */
  get mappedBytes(): number {
    let n = 0;
    for (const v of this.volumes.values()) n += v.map.size;
    return n;
  }

  /** Names of the volumes this process created, in order. */
  get ownVolumes(): string[] {
    return this.own.map((v) => v.name);
  }

  private live(): void {
    if (this.closed) throw new ArenaError("arena is closed");
  }

  private volumeName(id: number): string {
    return `${this.prefix}/${id >> 8}-${id & 255}`;
  }

  /** Resolve a relptr to (volume, block start), mapping the volume on first use. */
  private block(relptr: bigint): [Volume, number] {
    const id = Number(relptr >> 48n);
    const off = Number(relptr & OFFSET_MASK);
    const vol = this.volumes.get(id) ?? this.attach(id);
    const start = off - HEADER;
    if (off % 64 !== 0 || start < HEADER || off > vol.map.size || vol.dv.getUint32(start, true) !== BLOCK_MAGIC) {
      throw new ArenaError(`arena: relptr 0x${relptr.toString(16)} does not point at a block in ${vol.name}`);
    }
    return [vol, start];
  }

  private attach(id: number): Volume {
    const name = this.volumeName(id);
    const size = statSync(`${SHM_ROOT}/${name}`, { throwIfNoEntry: false })?.size;
    if (size === undefined) throw new ArenaError(`arena: volume ${SHM_ROOT}/${name} does not exist`);
    const fd = shmOpen(name, O_RDWR);
    let map: Mapping;
    try {
      map = mapShared(fd, size, name);
    } finally {
      closeFd(fd);
    }
    const vol = makeVolume(id, name, map, null);
    if (vol.dv.getUint32(0, true) !== VOLUME_MAGIC || vol.dv.getUint32(32, true) !== id) {
      unmap(map);
      throw new ArenaError(`arena: /dev/shm/${name} is not a morloc arena volume`);
    }
    this.volumes.set(id, vol);
    return vol;
  }

  private newVolume(need: number): void {
    const n = this.own.length;
    if (n > 255) throw new ArenaError(`arena: slot ${this.slot} has used all 256 volumes`);
    const last = this.own[n - 1];
    const least = alignUp(HEADER + need, 4096);
    let size = Math.max(last ? last.map.size * 2 : FIRST_VOLUME, least);
    if (this.ownSize + least > this.maxBytes) {
      throw new ArenaError(`arena: cannot allocate ${need - HEADER} bytes: slot ${this.slot} has ${this.ownSize} bytes of volumes and its limit is ${this.maxBytes} bytes (MORLOC_ARENA_MAX)`);
    }
    size = Math.min(size, Math.max(least, Math.floor((this.maxBytes - this.ownSize) / 4096) * 4096));
    const id = this.slot * 256 + n;
    const name = this.volumeName(id);
    let fd: number;
    try {
      fd = shmOpen(name, O_RDWR | O_CREAT | O_EXCL, 0o600);
    } catch (e) {
      throw new ArenaError(`arena: cannot create a volume of ${size} bytes: ${(e as Error).message}`);
    }
    let map: Mapping;
    try {
      reserve(fd, size, name);
      map = mapShared(fd, size, name);
    } catch (e) {
      shmUnlink(name);
      throw new ArenaError(`arena: cannot make a volume of ${size} bytes (is /dev/shm full?): ${(e as Error).message}`);
    } finally {
      closeFd(fd);
    }
    const vol = makeVolume(id, name, map, [[HEADER, size]]);
    const dv = vol.dv;
    freeHeader(vol, HEADER, size);
    dv.setUint32(0, VOLUME_MAGIC, true);
    dv.setUint32(4, 1, true);
    dv.setUint32(8, HEADER, true);
    dv.setUint32(12, this.slot, true);
    dv.setBigUint64(16, BigInt(size), true);
    dv.setUint32(24, process.pid, true);
    dv.setUint32(28, n, true);
    dv.setUint32(32, id, true);
    this.volumes.set(id, vol);
    this.own.push(vol);
    this.ownSize += size;
  }

  /** First fit: lowest volume, lowest offset. Returns (volume, block start). */
  private fit(need: number): [Volume, number] | null {
    for (const vol of this.own) {
      const free = vol.free!;
      for (let k = 0; k < free.length; k++) {
        const ext = free[k]!;
        if (ext[1] - ext[0] < need) continue;
        const start = ext[0];
        if (ext[1] - ext[0] === need) free.splice(k, 1);
        else {
          ext[0] += need;
          freeHeader(vol, ext[0], ext[1]);
        }
        return [vol, start];
      }
    }
    return null;
  }

  /** Take back every block a consumer has released; returns how many. */
  private collect(): number {
    let count = 0;
    for (const [relptr, size] of this.outstanding) {
      const vol = this.volumes.get(Number(relptr >> 48n))!;
      const start = Number(relptr & OFFSET_MASK) - HEADER;
      if (Atomics.load(vol.i32, (start + 4) >> 2) !== RELEASED) continue;
      Atomics.store(vol.i32, (start + 4) >> 2, FREE);
      this.outstanding.delete(relptr);
      const [s, e] = insertFree(vol.free!, start, start + size);
      freeHeader(vol, s, e);
      count++;
    }
    return count;
  }
}

/** Parse a byte limit: digits with an optional K, M or G (powers of 1024); unset means no limit. */
export function arenaLimit(text: string | undefined): number {
  if (text === undefined || text === "") return Infinity;
  const m = /^(\d+)([KMG]?)$/i.exec(text.trim());
  if (!m) throw new ArenaError(`MORLOC_ARENA_MAX="${text}" must be a byte count such as 1048576, 512K, 64M or 2G`);
  return Number(m[1]) * 1024 ** " KMG".indexOf((m[2] || " ").toUpperCase());
}

/** Free extents carry a block header too (state 0, length 0), so every volume can be walked. */
function freeHeader(vol: Volume, s: number, e: number): void {
  vol.dv.setUint32(s, BLOCK_MAGIC, true);
  vol.dv.setBigUint64(s + 8, 0n, true);
  vol.dv.setBigUint64(s + 16, BigInt(e - s), true);
  Atomics.store(vol.i32, (s + 4) >> 2, FREE);
}

function makeVolume(id: number, name: string, map: Mapping, free: [number, number][] | null): Volume {
  const b = map.buffer;
  return { id, name, map, u8: new Uint8Array(b), dv: new DataView(b), i32: new Int32Array(b), free };
}

/** Insert [s, e) into sorted disjoint extents, merging with neighbours; returns the merged extent. */
export function insertFree(free: [number, number][], s: number, e: number): [number, number] {
  let lo = 0, hi = free.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (free[mid]![0] < s) lo = mid + 1;
    else hi = mid;
  }
  const prev = free[lo - 1];
  const next = free[lo];
  if (prev && prev[1] === s) {
    prev[1] = e;
    if (next && next[0] === e) {
      prev[1] = next[1];
      free.splice(lo, 1);
    }
    return prev;
  }
  if (next && next[0] === e) {
    next[0] = s;
    return next;
  }
  const ext: [number, number] = [s, e];
  free.splice(lo, 0, ext);
  return ext;
}

/** Lock descriptors of the run folders this process made (it removes them when it closes). */
const claimed = new Map<string, number>();

/** Why a run folder made by someone else may not be used, or null when it may. */
function distrustFolder(path: string): string | null {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return "it does not exist";
  if (st.isSymbolicLink() || !st.isDirectory()) return "it is not a folder";
  if (typeof process.getuid === "function" && st.uid !== process.getuid()) return `it belongs to another user (uid ${st.uid})`;
  if ((st.mode & 0o077) !== 0) return `others can reach it (mode ${(st.mode & 0o777).toString(8)})`;
  return null;
}

/**
 * Makes the run folder /dev/shm/<prefix> (mode 0700) and locks it for this process's life; true when
 * this call made it. An existing folder (the nexus made it for its pools) must be the caller's own.
 * Inside a private folder no other user can create, squat or replace a volume.
 */
export function claimRunFolder(prefix: string): boolean {
  if (claimed.has(prefix)) return false;
  const path = `${SHM_ROOT}/${prefix}`;
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw new ArenaError(`arena: cannot make ${path}: ${(e as Error).message}`);
    const why = distrustFolder(path);
    if (why) throw new ArenaError(`arena: ${path} cannot be used: ${why}`);
    return false;
  }
  claimed.set(prefix, holdLock(path));
  return true;
}

/** A fresh run name `mlc-<pid>-<random>` whose folder this process made; another name on a collision. */
export function newRunPrefix(): string {
  for (;;) {
    const prefix = `mlc-${process.pid}-${randomBytes(8).toString("hex")}`;
    if (claimRunFolder(prefix)) return prefix;
  }
}

/** Removes a run folder this process made, with every volume left in it, and drops its lock. */
export function releaseRunFolder(prefix: string): void {
  const fd = claimed.get(prefix);
  if (fd === undefined) return;
  claimed.delete(prefix);
  rmSync(`${SHM_ROOT}/${prefix}`, { recursive: true, force: true });
  closeSync(fd);
}

/**
 * Removes run folders under /dev/shm whose creator is gone (nobody holds their lock; see
 * liveness.ts) and old-style flat segments mlc-<pid>-* of dead processes; returns the names removed.
 */
export function sweepOrphans(): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(SHM_ROOT);
  } catch {
    return removed;
  }
  for (const name of names) {
    if (!name.startsWith("mlc-") || [...claimed.keys()].includes(name)) continue;
    const path = `${SHM_ROOT}/${name}`;
    try {
      const st = lstatSync(path);
      if (st.isDirectory()) {
        if (distrustFolder(path) !== null || !abandoned(path)) continue;
        rmSync(path, { recursive: true, force: true });
      } else {
        const m = /^mlc-(\d+)-/.exec(name);
        if (!m || alive(Number(m[1]))) continue;
        unlinkSync(path);
      }
      removed.push(name);
    } catch {
      // raced with another sweeper or not ours to remove
    }
  }
  return removed;
}

/** True unless the process is known to be gone (EPERM means it exists but is not ours). */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code !== "ESRCH";
  }
}
