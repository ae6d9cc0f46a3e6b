"""The shared-memory arena for Python pools (docs/arena.md section 3): volumes in the run's private
folder /dev/shm/<prefix>/, opened with os.open + mmap; this process allocates only in volumes it
created, and maps others' to read. Only the nexus sweeps the folders of dead runs."""

import atexit
import fcntl
import mmap
import os
import re
import stat
import struct
import threading

__all__ = ["Arena", "ArenaError", "arena_limit"]

VOLUME_MAGIC = 0x61636C6D
BLOCK_MAGIC = 0x6B6C626D
HEADER = 64
FREE, IN_USE, RELEASED = 0, 1, 2
_FIRST_VOLUME = 1 << 20
_EAGER_COLLECT = 64
_MASK = (1 << 48) - 1
_U32 = struct.Struct("<I")
_VOLUME_HEADER = struct.Struct("<IIIIQIII")
_BLOCK_HEADER = struct.Struct("<IIQQ")
_MAX_BLOCK = 1 << 47  # a payload offset must fit the 48 offset bits of a relptr


class ArenaError(RuntimeError):
    pass


def arena_limit(text):
    """Parse a byte limit: digits with an optional K, M or G (powers of 1024); unset means no limit."""
    if text is None or text == "":
        return None
    m = re.fullmatch(r"(\d+)([KMGkmg]?)", text.strip())
    if not m:
        raise ArenaError(f'MORLOC_ARENA_MAX="{text}" must be a byte count such as 1048576, 512K, 64M or 2G')
    return int(m.group(1)) * 1024 ** " KMG".index((m.group(2) or " ").upper())


def _align(n, a):
    return -(-n // a) * a


class _Volume:
    __slots__ = ("id", "name", "mm", "view", "size", "free")

    def __init__(self, vid, name, mm, free):
        self.id, self.name, self.mm, self.free = vid, name, mm, free
        self.view = memoryview(mm)
        self.size = len(mm)


class Arena:
    def __init__(self, prefix, slot, max_bytes=None):
        if not re.fullmatch(r"[A-Za-z0-9._-]+", prefix or ""):
            raise ArenaError(f'arena prefix "{prefix}" must be letters, digits, ".", "_" or "-"')
        if not isinstance(slot, int) or not 0 <= slot <= 255:
            raise ArenaError(f"arena slot {slot} must be an integer in 0..255")
        self.prefix, self.slot = prefix, slot
        # the limit is read before the folder is claimed, so a bad MORLOC_ARENA_MAX leaves nothing behind
        self.max_bytes = arena_limit(os.environ.get("MORLOC_ARENA_MAX")) if max_bytes is None else max_bytes
        _claim_run_folder(prefix)
        self._volumes = {}
        self._own = []
        self._outstanding = {}  # relptr -> block size, blocks handed out and not yet reclaimed
        self._lock = threading.Lock()
        self._closed = False
        self._own_size = 0

    @classmethod
    def create(cls, prefix, slot, max_bytes=None):
        """Arena of process `slot` (0 = nexus) in the run named `prefix`; volumes are made on demand.
        `max_bytes` (default: $MORLOC_ARENA_MAX, else no limit) caps the total size of its volumes.
        Its volumes are also unlinked at interpreter exit if close() was never called."""
        arena = cls(prefix, slot, max_bytes)
        atexit.register(arena.close)
        return arena

    def alloc(self, n):
        """Allocate n bytes in an owned volume -> (relptr, writable memoryview of n bytes)."""
        if not isinstance(n, int) or n < 0:
            raise ArenaError(f"arena alloc: bad size {n!r}")
        if n > _MAX_BLOCK:
            raise ArenaError(f"arena alloc: {n} bytes is larger than the largest block (2^47 bytes)")
        need = HEADER + _align(n, 64)
        with self._lock:
            self._live()
            eager = len(self._outstanding) <= _EAGER_COLLECT
            if eager:
                self._collect()
            hit = self._fit(need)
            if hit is None and not eager and self._collect():
                hit = self._fit(need)
            if hit is None:
                self._new_volume(need)
                hit = self._fit(need)
            vol, start = hit
            _BLOCK_HEADER.pack_into(vol.mm, start, BLOCK_MAGIC, IN_USE, n, need)
            relptr = (vol.id << 48) | (start + HEADER)
            self._outstanding[relptr] = need
            return relptr, vol.view[start + HEADER:start + HEADER + n]

    def read(self, relptr, n=None):
        """A memoryview of n bytes (default: the length given at alloc) of the block at relptr."""
        self._live()
        vol, start = self._block(relptr)
        _, _, length, bsize = _BLOCK_HEADER.unpack_from(vol.mm, start)
        n = length if n is None else n
        if n < 0 or n > bsize - HEADER:
            raise ArenaError(f"arena read: {n} bytes at relptr {relptr:#x} run past the block")
        return vol.view[start + HEADER:start + HEADER + n]

    def release(self, relptr):
        """Mark the block released (one aligned 4-byte store); its owner reuses it later."""
        self._live()
        vol, start = self._block(relptr)
        state = _U32.unpack_from(vol.mm, start + 4)[0]
        if state != IN_USE:
            raise ArenaError(f"arena release: block {relptr:#x} is not in use (state {state})")
        _U32.pack_into(vol.mm, start + 4, RELEASED)

    def close(self, timeout=-1):
        """Unmap every volume and unlink the ones this process created. With a timeout (seconds),
        give up when another thread holds the arena's lock that long."""
        if not self._lock.acquire(timeout=timeout):
            return
        try:
            self._close()
        finally:
            self._lock.release()

    def _close(self):
        if self._closed:
            return
        self._closed = True
        for vol in self._volumes.values():
            try:
                vol.view.release()
                vol.mm.close()
            except BufferError:
                pass  # a caller still holds a view; the mapping goes when it is dropped
        for vol in self._own:
            try:
                os.unlink("/dev/shm/" + vol.name)
            except FileNotFoundError:
                pass
        _release_run_folder(self.prefix)
        self._volumes.clear()
        self._own = []
        self._outstanding.clear()

    @property
    def outstanding_blocks(self):
        return len(self._outstanding)

    @property
    def mapped_bytes(self):
        """Total bytes of every volume mapped here (own and attached): flat in a steady loop."""
        return sum(v.size for v in self._volumes.values())

    @property
    def own_volumes(self):
        return [v.name for v in self._own]

    def _live(self):
        if self._closed:
            raise ArenaError("arena is closed")

    def _name(self, vid):
        return f"{self.prefix}/{vid >> 8}-{vid & 255}"

    def _block(self, relptr):
        vid, off = relptr >> 48, relptr & _MASK
        vol = self._volumes.get(vid) or self._attach(vid)
        start = off - HEADER
        if off % 64 or start < HEADER or off > vol.size or _U32.unpack_from(vol.mm, start)[0] != BLOCK_MAGIC:
            raise ArenaError(f"arena: relptr {relptr:#x} does not point at a block in {vol.name}")
        return vol, start

    def _attach(self, vid):
        name = self._name(vid)
        try:
            fd = os.open("/dev/shm/" + name, os.O_RDWR | os.O_NOFOLLOW)
        except FileNotFoundError:
            raise ArenaError(f"arena: volume /dev/shm/{name} does not exist") from None
        try:
            mm = mmap.mmap(fd, os.fstat(fd).st_size)
        finally:
            os.close(fd)
        magic = _U32.unpack_from(mm, 0)[0]
        if magic != VOLUME_MAGIC or _U32.unpack_from(mm, 32)[0] != vid:
            mm.close()
            raise ArenaError(f"arena: /dev/shm/{name} is not a morloc arena volume")
        vol = _Volume(vid, name, mm, None)
        self._volumes[vid] = vol
        return vol

    def _new_volume(self, need):
        n = len(self._own)
        if n > 255:
            raise ArenaError(f"arena: slot {self.slot} has used all 256 volumes")
        least = _align(HEADER + need, 4096)
        size = max(self._own[-1].size * 2 if self._own else _FIRST_VOLUME, least)
        if self.max_bytes is not None:
            if self._own_size + least > self.max_bytes:
                raise ArenaError(f"arena: cannot allocate {need - HEADER} bytes: slot {self.slot} has {self._own_size}"
                                 f" bytes of volumes and its limit is {self.max_bytes} bytes (MORLOC_ARENA_MAX)")
            size = min(size, max(least, (self.max_bytes - self._own_size) // 4096 * 4096))
        vid = self.slot * 256 + n
        name = self._name(vid)
        path = "/dev/shm/" + name
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        try:
            os.ftruncate(fd, size)
            try:
                os.posix_fallocate(fd, 0, size)
            except OSError as e:
                raise ArenaError(f"cannot reserve {size} bytes for {path} (is /dev/shm full?): {e.strerror}") from None
            mm = mmap.mmap(fd, size)
        except BaseException:
            os.unlink(path)
            raise
        finally:
            os.close(fd)
        _VOLUME_HEADER.pack_into(mm, 0, VOLUME_MAGIC, 1, HEADER, self.slot, size, os.getpid(), n, vid)
        _BLOCK_HEADER.pack_into(mm, HEADER, BLOCK_MAGIC, FREE, 0, size - HEADER)
        vol = _Volume(vid, name, mm, [[HEADER, size]])
        self._volumes[vid] = vol
        self._own.append(vol)
        self._own_size += size

    def _fit(self, need):
        for vol in self._own:
            free = vol.free
            for i, ext in enumerate(free):
                if ext[1] - ext[0] < need:
                    continue
                start = ext[0]
                if ext[1] - ext[0] == need:
                    del free[i]
                else:
                    ext[0] += need
                    _BLOCK_HEADER.pack_into(vol.mm, ext[0], BLOCK_MAGIC, FREE, 0, ext[1] - ext[0])
                return vol, start
        return None

    def _collect(self):
        done = []
        for relptr, size in self._outstanding.items():
            vol = self._volumes[relptr >> 48]
            start = (relptr & _MASK) - HEADER
            if _U32.unpack_from(vol.mm, start + 4)[0] == RELEASED:
                _U32.pack_into(vol.mm, start + 4, FREE)
                s, e = _insert_free(vol.free, start, start + size)
                _BLOCK_HEADER.pack_into(vol.mm, s, BLOCK_MAGIC, FREE, 0, e - s)
                done.append(relptr)
        for relptr in done:
            del self._outstanding[relptr]
        return len(done)


def _insert_free(free, s, e):
    """Insert [s, e) into sorted disjoint extents, merging with neighbours; return the merged extent.
    Free extents carry a block header too (state 0, length 0), so every volume can be walked."""
    lo, hi = 0, len(free)
    while lo < hi:
        mid = (lo + hi) // 2
        if free[mid][0] < s:
            lo = mid + 1
        else:
            hi = mid
    prev = free[lo - 1] if lo > 0 else None
    nxt = free[lo] if lo < len(free) else None
    if prev and prev[1] == s:
        prev[1] = e
        if nxt and nxt[0] == e:
            prev[1] = nxt[1]
            del free[lo]
        return prev
    if nxt and nxt[0] == e:
        nxt[0] = s
        return nxt
    ext = [s, e]
    free.insert(lo, ext)
    return ext


_claimed = {}  # prefix -> descriptor of the lock on a run folder this process made


def _claim_run_folder(prefix):
    """Make /dev/shm/<prefix> (0700) and hold its lock while this process lives; an existing folder
    (the nexus made it for its pools) must be this user's own and private. Inside it no other user
    can create, squat or replace a volume. True when this call made the folder."""
    path = "/dev/shm/" + prefix
    if prefix in _claimed:
        return False
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        st = os.lstat(path)
        if not stat.S_ISDIR(st.st_mode):
            raise ArenaError(f"arena: {path} cannot be used: it is not a folder") from None
        if st.st_uid != os.getuid():
            raise ArenaError(f"arena: {path} cannot be used: it belongs to another user (uid {st.st_uid})") from None
        if st.st_mode & 0o077:
            raise ArenaError(f"arena: {path} cannot be used: others can reach it (mode {st.st_mode & 0o777:o})") from None
        return False
    fd = os.open(path + "/lock", os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    _claimed[prefix] = fd
    return True


def _release_run_folder(prefix):
    """Remove a run folder this process made, with whatever volumes are left in it."""
    fd = _claimed.pop(prefix, None)
    if fd is None:
        return
    path = "/dev/shm/" + prefix
    try:
        for name in os.listdir(path):
            try:
                os.unlink(path + "/" + name)
            except OSError:
                pass
        os.rmdir(path)
    except OSError:
        pass
    os.close(fd)
