// The doorbell (docs/protocol.md, "Doorbell channels"): the fast path between two warm pools. A
// kept connection's calls move into a channel, one arena block shared by caller and callee; each
// side writes a packet into the block's slot and bumps a sequence word, and the other side spins
// briefly on that word before it sleeps on a futex. So a warm call costs no system call at all
// when both pools hold a core, where a socket round trip costs two sleeps and two wake-ups.
#pragma once

#include <cerrno>
#include <algorithm>
#include <climits>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include <linux/futex.h>
#include <poll.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "morloc/arena.hpp"
#include "morloc/packet.hpp"

namespace morloc::bell {

constexpr size_t CHANNEL_SIZE = 16384, CONTROL = 64, SLOT = CHANNEL_SIZE - CONTROL;
constexpr uint32_t BIG = 0xFFFFFFFF;  // `len` of a message that sits in its own arena block
// sleep-flag values: the waiter sleeps on the futex (wake it with FUTEX_WAKE), or in poll() on its
// socket (the R pool, whose single thread waits on all its connections: wake it with one byte)
constexpr uint32_t SLEEP_FUTEX = 1, SLEEP_POLL = 2;
// offsets of the control words (u32 unless noted)
constexpr size_t REQ = 0, RESP = 4, REQ_SLEEP = 8, RESP_SLEEP = 12, LEN = 16, BIG_RELPTR = 24 /* u64 */,
                 BIG_LEN = 32 /* u64 */;

inline long env_long(const char* name, long fallback) {
  const char* v = std::getenv(name);
  if (!v || !*v) return fallback;
  char* end = nullptr;
  long n = std::strtol(v, &end, 10);
  return (end && *end == 0) ? n : fallback;
}

// Calls over a connection before it moves to a channel (MORLOC_BELL_AFTER; negative: never). A
// one-off call never pays the set-up; 0 puts every call on the fast path (the tests use it).
inline long after() {
  static long v = env_long("MORLOC_BELL_AFTER", 16);
  return v;
}

// How long a waiter polls before it sleeps (MORLOC_BELL_SPIN_US). Past the first microseconds it
// yields the core between polls, so a peer that needs this core gets it.
inline long spin_ns() {
  static long v = env_long("MORLOC_BELL_SPIN_US", 50) * 1000;
  return v;
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

inline long now_ns() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

class Channel {
 public:
  // `base` is the channel block's payload; `fd` is the kept connection, whose EOF tells that the
  // peer died while we wait on the channel.
  Channel(uint8_t* base, int fd) : base_(base), fd_(fd) {}

  static void reset(uint8_t* base) { std::memset(base, 0, CONTROL); }

  // Caller: post a CALL and wait for its reply; false when the callee's socket closed meanwhile.
  bool call(Arena& arena, const std::vector<uint8_t>& msg, Packet& reply) {
    post(arena, msg, REQ, REQ_SLEEP);
    uint32_t sent = load(REQ);
    if (!wait(RESP, RESP_SLEEP, sent - 1)) return false;
    reply = take(arena);
    return true;
  }

  // Callee: wait for the next request after `seen`; false when the caller's socket closed.
  bool next_request(uint32_t& seen, Arena& arena, Packet& request) {
    if (!wait(REQ, REQ_SLEEP, seen)) return false;
    seen = load(REQ);
    request = take(arena);
    return true;
  }

  void respond(Arena& arena, const std::vector<uint8_t>& msg) { post(arena, msg, RESP, RESP_SLEEP); }

 private:
  uint8_t* base_;
  int fd_;
  long budget_ = spin_ns();  // how long the next wait polls before it sleeps
  unsigned waits_ = 0;

  uint32_t* word(size_t off) { return reinterpret_cast<uint32_t*>(base_ + off); }
  uint32_t load(size_t off) { return __atomic_load_n(word(off), __ATOMIC_ACQUIRE); }

  void post(Arena& arena, const std::vector<uint8_t>& msg, size_t ring, size_t sleeping) {
    if (msg.size() <= SLOT) {
      std::memcpy(base_ + CONTROL, msg.data(), msg.size());
      __atomic_store_n(word(LEN), uint32_t(msg.size()), __ATOMIC_RELAXED);
    } else {  // larger than the slot: the message goes in an arena block that the reader frees
      Block b = arena.alloc(msg.size());
      std::memcpy(b.data, msg.data(), msg.size());
      detail::put_u64(base_ + BIG_RELPTR, b.relptr);
      detail::put_u64(base_ + BIG_LEN, msg.size());
      __atomic_store_n(word(LEN), BIG, __ATOMIC_RELAXED);
    }
    __atomic_add_fetch(word(ring), 1, __ATOMIC_SEQ_CST);
    uint32_t how = __atomic_load_n(word(sleeping), __ATOMIC_SEQ_CST);
    if (how == SLEEP_POLL) {
      const char nudge = 0;  // the peer reads and drops it; a full buffer already wakes it
      (void)::send(fd_, &nudge, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
    } else if (how) {
      syscall(SYS_futex, word(ring), FUTEX_WAKE, INT_MAX, nullptr, nullptr, 0);
    }
  }

  Packet take(Arena& arena) {
    uint32_t n = __atomic_load_n(word(LEN), __ATOMIC_ACQUIRE);
    size_t pos = 0;
    if (n != BIG) {
      if (n > SLOT) throw ProtocolError("doorbell message of " + std::to_string(n) + " bytes overruns the slot");
      return parse_packet(base_ + CONTROL, n, pos);
    }
    uint64_t relptr = detail::get_u64(base_ + BIG_RELPTR), len = detail::get_u64(base_ + BIG_LEN);
    struct Release {  // the reader frees, even when the packet is malformed
      Arena& a;
      uint64_t r;
      ~Release() {
        try {
          a.release(r);
        } catch (...) {
        }
      }
    } release{arena, relptr};
    if (len > arena.length(relptr)) throw ProtocolError("doorbell message claims more bytes than its arena block holds");
    return parse_packet(arena.read(relptr), size_t(len), pos);
  }

  // Wait until the word at `off` is no longer `seen`: poll (yielding the core between polls after
  // the first 2 µs), then sleep on the futex with a growing timeout, checking after each timeout
  // whether the peer's socket closed. How long to poll adapts: a wait that ends in sleep halves the
  // next budget (down to none) and one that ends while polling restores it, so a peer that computes
  // for long, or a machine with no free core (a yield that gives the core away for 20 µs), soon
  // costs no polling at all; every 64th wait polls with the whole budget to notice free cores.
  bool wait(size_t off, size_t sleeping, uint32_t seen) {
    long budget = (++waits_ % 64 == 0) ? spin_ns() : budget_;
    if (load(off) != seen) return polled();
    if (budget > 0) {
      long start = now_ns();
      for (long now = start; now - start < budget;) {
        for (int i = 0; i < 16; i++) {
          if (load(off) != seen) return polled();
          cpu_relax();
        }
        now = now_ns();
        if (now - start > 2000) {
          sched_yield();
          long after = now_ns();
          if (after - now > 20000) break;  // the core went to someone else: cores are busy, so sleep
          now = after;
        }
      }
      budget_ = budget_ >= 2000 ? budget_ / 2 : 0;
    }
    long timeout = 1000000;  // 1 ms, doubling to 64 ms: a wake-up lost to a racing store costs little
    for (;;) {
      __atomic_store_n(word(sleeping), SLEEP_FUTEX, __ATOMIC_SEQ_CST);
      if (load(off) == seen) {
        timespec ts{0, timeout};
        syscall(SYS_futex, word(off), FUTEX_WAIT, seen, &ts, nullptr, 0);
      }
      __atomic_store_n(word(sleeping), 0, __ATOMIC_SEQ_CST);
      if (load(off) != seen) return true;
      if (peer_gone()) return false;
      if (timeout < 64000000) timeout *= 2;
    }
  }

  bool polled() {
    budget_ = spin_ns();
    return true;
  }

  bool peer_gone() {
    pollfd p{fd_, POLLIN | POLLRDHUP, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    if (p.revents & (POLLHUP | POLLERR | POLLRDHUP | POLLNVAL)) return true;
    char c;
    ssize_t k = ::recv(fd_, &c, 1, MSG_PEEK | MSG_DONTWAIT);
    return k == 0 || (k < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
  }
};

}  // namespace morloc::bell
