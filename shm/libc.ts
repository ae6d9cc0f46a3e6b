// The few libc calls the Bun arena needs, through bun:ffi (x86-64/aarch64 Linux, glibc). Volumes are
// files in a private folder under /dev/shm (docs/arena.md §3), so plain open/unlink serve where
// shm_open would refuse a name with a slash. Each wrapper throws an Error carrying strerror text.
import { dlopen, FFIType, read, toArrayBuffer } from "bun:ffi";

const { symbols: c } = dlopen("libc.so.6", {
  open: { args: [FFIType.cstring, FFIType.i32, FFIType.u32], returns: FFIType.i32 },
  unlink: { args: [FFIType.cstring], returns: FFIType.i32 },
  flock: { args: [FFIType.i32, FFIType.i32], returns: FFIType.i32 },
  ftruncate: { args: [FFIType.i32, FFIType.i64], returns: FFIType.i32 },
  posix_fallocate: { args: [FFIType.i32, FFIType.i64, FFIType.i64], returns: FFIType.i32 },
  mmap: { args: [FFIType.ptr, FFIType.u64, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i64], returns: FFIType.u64 },
  munmap: { args: [FFIType.u64, FFIType.u64], returns: FFIType.i32 },
  close: { args: [FFIType.i32], returns: FFIType.i32 },
  __errno_location: { args: [], returns: FFIType.ptr },
  strerror: { args: [FFIType.i32], returns: FFIType.cstring },
});

export const O_RDWR = 2, O_CREAT = 0o100, O_EXCL = 0o200, O_NOFOLLOW = 0o400000, O_CLOEXEC = 0o2000000;
const LOCK_EX = 2, LOCK_NB = 4;
export const SHM_ROOT = "/dev/shm";
const PROT_RW = 3, MAP_SHARED = 1;
const MAP_FAILED = 0xffff_ffff_ffff_ffffn;

const cstr = (s: string) => Buffer.from(s + "\0");
const errno = () => read.i32(c.__errno_location()!, 0);
const fail = (what: string, code: number): never => {
  throw new Error(`${what}: ${String(c.strerror(code))} (errno ${code})`);
};

/** Opens /dev/shm/<name> (never through a symbolic link); `name` is "<run folder>/<volume>". */
export function shmOpen(name: string, flags: number, mode = 0o600): number {
  const fd = c.open(cstr(`${SHM_ROOT}/${name}`), flags | O_NOFOLLOW | O_CLOEXEC, mode);
  if (fd < 0) fail(`open ${SHM_ROOT}/${name}`, errno());
  return fd;
}

export function shmUnlink(name: string): void {
  if (c.unlink(cstr(`${SHM_ROOT}/${name}`)) !== 0) fail(`unlink ${SHM_ROOT}/${name}`, errno());
}

/** Takes an exclusive lock on an open file without waiting; false when another process holds it. */
export function tryLock(fd: number): boolean {
  return c.flock(fd, LOCK_EX | LOCK_NB) === 0;
}

/** Size the segment and reserve its pages now, so a full /dev/shm is an error here and not a SIGBUS later. */
export function reserve(fd: number, size: number, name: string): void {
  if (c.ftruncate(fd, size) !== 0) fail(`ftruncate /dev/shm/${name}`, errno());
  const rc = c.posix_fallocate(fd, 0, size);
  if (rc !== 0) fail(`cannot reserve ${size} bytes for /dev/shm/${name} (is /dev/shm full?)`, rc);
}

export interface Mapping { addr: bigint; size: number; buffer: ArrayBuffer }

export function mapShared(fd: number, size: number, name: string): Mapping {
  const addr = BigInt(c.mmap(null, size, PROT_RW, MAP_SHARED, fd, 0));
  if (addr === MAP_FAILED) fail(`mmap /dev/shm/${name}`, errno());
  return { addr, size, buffer: toArrayBuffer(Number(addr) as any, 0, size) };
}

export function unmap(m: Mapping): void {
  c.munmap(m.addr, m.size);
}

export function closeFd(fd: number): void {
  c.close(fd);
}
