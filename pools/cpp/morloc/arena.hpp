// The shared-memory arena for C++ pools (docs/arena.md §3): volumes live in the run's private folder
// /dev/shm/<prefix>/; this process allocates only in volumes it created (a mutex for its threads); it
// maps other processes' volumes on first use to read them. Only the nexus sweeps dead runs' folders.
#pragma once
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace morloc {

class ArenaError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/** Parse a byte limit: digits with an optional K, M or G (powers of 1024); null or "" = no limit. */
inline size_t arena_limit(const char* text) {
  if (!text || !*text) return std::numeric_limits<size_t>::max();
  std::string t(text);
  size_t k = 0, n = 0;
  while (k < t.size() && isdigit(static_cast<unsigned char>(t[k]))) n = n * 10 + size_t(t[k++] - '0');
  std::string unit = t.substr(k);
  size_t mult = unit.empty() ? 1 : unit == "K" || unit == "k" ? 1024 : unit == "M" || unit == "m" ? 1 << 20
              : unit == "G" || unit == "g" ? size_t(1) << 30 : 0;
  if (k == 0 || k > 15 || mult == 0)
    throw std::runtime_error("MORLOC_ARENA_MAX=\"" + t + "\" must be a byte count such as 1048576, 512K, 64M or 2G");
  return n * mult;
}

struct Block {
  uint64_t relptr;
  uint8_t* data;
};

class Arena {
 public:
  static constexpr uint32_t VOLUME_MAGIC = 0x61636C6D, BLOCK_MAGIC = 0x6B6C626D;
  static constexpr size_t HEADER = 64;
  static constexpr uint32_t FREE = 0, IN_USE = 1, RELEASED = 2;

  /** Arena of process `slot` (0 = nexus) in the run named `prefix`; volumes are made on demand.
   *  `max_bytes` (0: $MORLOC_ARENA_MAX, else no limit) caps the total size of this process's volumes. */
  static Arena create(const std::string& prefix, unsigned slot, size_t max_bytes = 0) {
    bool ok = !prefix.empty();
    for (char c : prefix) ok = ok && (isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-');
    if (!ok) throw ArenaError("arena prefix \"" + prefix + "\" must be letters, digits, '.', '_' or '-'");
    if (slot > 255) throw ArenaError("arena slot " + std::to_string(slot) + " must be in 0..255");
    Arena a;
    a.st_ = std::make_unique<State>();
    a.st_->prefix = prefix;
    a.st_->slot = slot;
    a.st_->max_bytes = max_bytes ? max_bytes : arena_limit(std::getenv("MORLOC_ARENA_MAX"));
    a.st_->lock_fd = claim_folder(prefix);
    return a;
  }

  Arena() = default;
  Arena(Arena&&) = default;
  Arena& operator=(Arena&&) = default;
  ~Arena() { close(); }

  /** Allocate n bytes in an owned volume; the payload is 64-byte aligned. */
  Block alloc(size_t n) {
    State& s = live();
    if (n > (size_t(1) << 47)) throw ArenaError("arena alloc: " + std::to_string(n) + " bytes is larger than the largest block (2^47 bytes)");
    std::lock_guard<std::mutex> g(s.mu);
    size_t need = HEADER + (n + 63) / 64 * 64;
    bool eager = s.outstanding.size() <= 64;
    if (eager) collect(s);
    auto hit = fit(s, need);
    if (!hit.first && !eager && collect(s) > 0) hit = fit(s, need);
    if (!hit.first) {
      new_volume(s, need);
      hit = fit(s, need);
    }
    Volume* v = hit.first;
    uint8_t* b = v->base + hit.second;
    std::memset(b, 0, HEADER);
    uint32_t magic = BLOCK_MAGIC;
    uint64_t len = n, bsize = need;
    std::memcpy(b, &magic, 4);
    std::memcpy(b + 8, &len, 8);
    std::memcpy(b + 16, &bsize, 8);
    __atomic_store_n(reinterpret_cast<uint32_t*>(b + 4), IN_USE, __ATOMIC_RELEASE);
    uint64_t relptr = (uint64_t(v->id) << 48) | (hit.second + HEADER);
    s.outstanding[relptr] = need;
    return {relptr, b + HEADER};
  }

  /** Pointer to the payload of the block at relptr (maps the volume on first use). */
  uint8_t* read(uint64_t relptr) { return block(live(), relptr) + HEADER; }

  /** The payload length given when the block was allocated. */
  size_t length(uint64_t relptr) {
    uint64_t n;
    std::memcpy(&n, block(live(), relptr) + 8, 8);
    return n;
  }

  /** Mark a block released (any process, once); its owner reuses it later. */
  void release(uint64_t relptr) {
    uint32_t* state = reinterpret_cast<uint32_t*>(block(live(), relptr) + 4);
    uint32_t expected = IN_USE;
    if (!__atomic_compare_exchange_n(state, &expected, RELEASED, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
      throw ArenaError("arena release: block is not in use (state " + std::to_string(expected) + ")");
  }

  /** Unmap every volume and unlink the ones this process created. */
  void close() {
    if (!st_) return;
    for (auto& [id, v] : st_->volumes) {
      munmap(v.base, v.size);
      if (v.own) ::unlink(("/dev/shm/" + v.name).c_str());
    }
    if (st_->lock_fd >= 0) remove_folder(st_->prefix, st_->lock_fd);
    st_.reset();
  }

  size_t outstanding_blocks() const { return st_ ? st_->outstanding.size() : 0; }

  /** Total bytes of every volume mapped here (own and attached): flat in a steady loop. */
  size_t mapped_bytes() {
    if (!st_) return 0;
    std::lock_guard<std::mutex> g(st_->mu);
    size_t n = 0;
    for (auto& kv : st_->volumes) n += kv.second.size;
    return n;
  }

  /** Names of the volumes this process created, in order. */
  std::vector<std::string> own_volumes() {
    std::vector<std::string> out;
    if (!st_) return out;
    std::lock_guard<std::mutex> g(st_->mu);
    for (unsigned id : st_->own) out.push_back(st_->volumes[id].name);
    return out;
  }

 private:
  struct Volume {
    unsigned id = 0;
    std::string name;
    uint8_t* base = nullptr;
    size_t size = 0;
    bool own = false;
    std::map<size_t, size_t> free;  // owner only: start -> end, disjoint and coalesced
  };
  struct State {
    std::string prefix;
    unsigned slot = 0;
    size_t max_bytes = 0, own_size = 0;
    std::mutex mu;
    std::map<unsigned, Volume> volumes;
    std::vector<unsigned> own;
    std::map<uint64_t, size_t> outstanding;  // relptr -> block size
    int lock_fd = -1;                         // the run folder's lock, when this process made the folder
  };
  std::unique_ptr<State> st_;

  State& live() {
    if (!st_) throw ArenaError("arena is closed");
    return *st_;
  }
  static std::string name_of(const State& s, unsigned id) {
    return s.prefix + "/" + std::to_string(id >> 8) + "-" + std::to_string(id & 255);
  }

  /** Makes /dev/shm/<prefix> (0700) and locks it while this process lives, returning the lock's
   *  descriptor; -1 when it exists already (the nexus made it), which must then be ours and private.
   *  Inside it no other user can create, squat or replace a volume. */
  static int claim_folder(const std::string& prefix) {
    std::string path = "/dev/shm/" + prefix;
    if (mkdir(path.c_str(), 0700) != 0) {
      if (errno != EEXIST) throw ArenaError(err("arena: cannot make " + path));
      struct stat sb;
      if (lstat(path.c_str(), &sb) != 0) throw ArenaError(err("arena: " + path));
      if (!S_ISDIR(sb.st_mode)) throw ArenaError("arena: " + path + " cannot be used: it is not a folder");
      if (sb.st_uid != getuid())
        throw ArenaError("arena: " + path + " cannot be used: it belongs to another user (uid " + std::to_string(sb.st_uid) + ")");
      if (sb.st_mode & 077) throw ArenaError("arena: " + path + " cannot be used: others can reach it");
      return -1;
    }
    int fd = ::open((path + "/lock").c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0 || flock(fd, LOCK_EX | LOCK_NB) != 0) throw ArenaError(err("arena: cannot lock " + path));
    return fd;
  }

  /** Removes a run folder this process made, with whatever volumes are left in it, and drops its lock. */
  static void remove_folder(const std::string& prefix, int lock_fd) {
    std::string path = "/dev/shm/" + prefix;
    if (DIR* d = opendir(path.c_str())) {
      std::vector<std::string> names;
      while (dirent* e = readdir(d)) names.push_back(e->d_name);
      closedir(d);
      for (const std::string& n : names)
        if (n != "." && n != "..") ::unlink((path + "/" + n).c_str());
    }
    rmdir(path.c_str());
    ::close(lock_fd);
  }
  static std::string err(const std::string& what) { return what + ": " + std::strerror(errno); }

  uint8_t* block(State& s, uint64_t relptr) {
    unsigned id = unsigned(relptr >> 48);
    size_t off = size_t(relptr & ((uint64_t(1) << 48) - 1));
    Volume* v;
    {
      std::lock_guard<std::mutex> g(s.mu);
      auto it = s.volumes.find(id);
      v = it != s.volumes.end() ? &it->second : &attach(s, id);
    }
    uint32_t magic = 0;
    if (off % 64 == 0 && off >= 2 * HEADER && off <= v->size) std::memcpy(&magic, v->base + off - HEADER, 4);
    if (magic != BLOCK_MAGIC) throw ArenaError("arena: relptr does not point at a block in " + v->name);
    return v->base + off - HEADER;
  }

  Volume& attach(State& s, unsigned id) {
    std::string name = name_of(s, id);
    int fd = ::open(("/dev/shm/" + name).c_str(), O_RDWR | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) throw ArenaError(err("arena: cannot open volume /dev/shm/" + name));
    struct stat sb;
    fstat(fd, &sb);
    // MAP_POPULATE: the pages are mapped in one call, not one fault per 4 KiB page as they are read
    void* p = mmap(nullptr, size_t(sb.st_size), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0);
    ::close(fd);
    if (p == MAP_FAILED) throw ArenaError(err("arena: mmap /dev/shm/" + name));
    uint32_t magic, vid;
    std::memcpy(&magic, p, 4);
    std::memcpy(&vid, static_cast<uint8_t*>(p) + 32, 4);
    if (magic != VOLUME_MAGIC || vid != id) {
      munmap(p, size_t(sb.st_size));
      throw ArenaError("arena: /dev/shm/" + name + " is not a morloc arena volume");
    }
    Volume& v = s.volumes[id];
    v.id = id, v.name = name, v.base = static_cast<uint8_t*>(p), v.size = size_t(sb.st_size);
    return v;
  }

  void new_volume(State& s, size_t need) {
    unsigned n = unsigned(s.own.size());
    if (n > 255) throw ArenaError("arena: this slot has used all 256 volumes");
    size_t least = (HEADER + need + 4095) / 4096 * 4096;
    size_t size = std::max(n ? s.volumes[s.own.back()].size * 2 : size_t(1) << 20, least);
    if (least > s.max_bytes || s.own_size > s.max_bytes - least)
      throw ArenaError("arena: cannot allocate " + std::to_string(need - HEADER) + " bytes: slot " + std::to_string(s.slot) +
                       " has " + std::to_string(s.own_size) + " bytes of volumes and its limit is " +
                       std::to_string(s.max_bytes) + " bytes (MORLOC_ARENA_MAX)");
    size = std::min(size, std::max(least, (s.max_bytes - s.own_size) / 4096 * 4096));
    unsigned id = s.slot * 256 + n;
    std::string name = name_of(s, id);
    int fd = ::open(("/dev/shm/" + name).c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (fd < 0) throw ArenaError(err("arena: cannot create /dev/shm/" + name));
    int rc = ftruncate(fd, off_t(size)) == 0 ? posix_fallocate(fd, 0, off_t(size)) : errno;
    void* p = rc == 0 ? mmap(nullptr, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_POPULATE, fd, 0) : MAP_FAILED;
    if (rc == 0 && p == MAP_FAILED) rc = errno;
    ::close(fd);
    if (rc != 0) {
      ::unlink(("/dev/shm/" + name).c_str());
      throw ArenaError("arena: cannot reserve " + std::to_string(size) + " bytes for /dev/shm/" + name +
                       " (is /dev/shm full?): " + std::strerror(rc));
    }
    uint8_t* b = static_cast<uint8_t*>(p);
    uint32_t h32[] = {VOLUME_MAGIC, 1, uint32_t(HEADER), s.slot};
    uint64_t sz = size;
    uint32_t t32[] = {uint32_t(getpid()), n, id};
    std::memcpy(b, h32, 16);
    std::memcpy(b + 16, &sz, 8);
    std::memcpy(b + 24, t32, 12);
    Volume& v = s.volumes[id];
    v.id = id, v.name = name, v.base = b, v.size = size, v.own = true;
    v.free[HEADER] = size;
    free_header(b, HEADER, size);
    s.own.push_back(id);
    s.own_size += size;
  }

  std::pair<Volume*, size_t> fit(State& s, size_t need) {
    for (unsigned id : s.own) {
      Volume& v = s.volumes[id];
      for (auto it = v.free.begin(); it != v.free.end(); ++it) {
        size_t start = it->first, end = it->second;
        if (end - start < need) continue;
        v.free.erase(it);
        if (end - start > need) {
          v.free[start + need] = end;
          free_header(v.base, start + need, end);
        }
        return {&v, start};
      }
    }
    return {nullptr, 0};
  }

  size_t collect(State& s) {
    size_t count = 0;
    for (auto it = s.outstanding.begin(); it != s.outstanding.end();) {
      Volume& v = s.volumes[unsigned(it->first >> 48)];
      size_t start = size_t(it->first & ((uint64_t(1) << 48) - 1)) - HEADER;
      uint32_t* state = reinterpret_cast<uint32_t*>(v.base + start + 4);
      if (__atomic_load_n(state, __ATOMIC_ACQUIRE) != RELEASED) {
        ++it;
        continue;
      }
      __atomic_store_n(state, FREE, __ATOMIC_RELEASE);
      auto merged = insert_free(v.free, start, start + it->second);
      free_header(v.base, merged.first, merged.second);
      it = s.outstanding.erase(it);
      count++;
    }
    return count;
  }

  /** Free extents carry a block header too (state 0, length 0), so every volume can be walked. */
  static void free_header(uint8_t* base, size_t s, size_t e) {
    uint32_t magic = BLOCK_MAGIC;
    uint64_t len = 0, bsize = e - s;
    std::memcpy(base + s, &magic, 4);
    std::memcpy(base + s + 8, &len, 8);
    std::memcpy(base + s + 16, &bsize, 8);
    __atomic_store_n(reinterpret_cast<uint32_t*>(base + s + 4), FREE, __ATOMIC_RELEASE);
  }

  /** Insert [s, e) into the disjoint extents, merging with neighbours; returns the merged extent. */
  static std::pair<size_t, size_t> insert_free(std::map<size_t, size_t>& free, size_t s, size_t e) {
    auto next = free.lower_bound(s);
    if (next != free.end() && next->first == e) {
      e = next->second;
      next = free.erase(next);
    }
    if (next != free.begin()) {
      auto prev = std::prev(next);
      if (prev->second == s) {
        prev->second = e;
        return {prev->first, e};
      }
    }
    free[s] = e;
    return {s, e};
  }
};

}  // namespace morloc
