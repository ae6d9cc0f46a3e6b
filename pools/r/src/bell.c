/* The doorbell (docs/protocol.md, "Doorbell channels") on the R side. R has one thread, and its
 * serving loop waits on all its connections at once, so it cannot sleep on one futex: it polls its
 * channels' words for a while (MORLOC_BELL_SPIN_US, adaptive as in pools/cpp/morloc/bell.hpp), then
 * sets their sleep flags to 2 and sleeps in poll() on its sockets. A peer that rings a word whose
 * flag is 2 sends one byte (a nudge) on the channel's connection instead of FUTEX_WAKE; R reads and
 * drops it. R wakes its peers, which sleep on futexes, with FUTEX_WAKE. */
#define _GNU_SOURCE
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "mlr.h"

static uint32_t *word(uint8_t *base, size_t off) { return (uint32_t *)(base + off); }

uint32_t mlr_bell_load(uint8_t *base, size_t off) { return __atomic_load_n(word(base, off), __ATOMIC_ACQUIRE); }

void mlr_bell_flag(uint8_t *base, size_t off, uint32_t v) { __atomic_store_n(word(base, off), v, __ATOMIC_SEQ_CST); }

static long env_long(const char *name, long fallback) {
  const char *v = getenv(name);
  if (!v || !*v) return fallback;
  char *end = NULL;
  long n = strtol(v, &end, 10);
  return *end == 0 ? n : fallback;
}

long mlr_bell_after(void) {
  static long v = LONG_MIN;
  if (v == LONG_MIN) v = env_long("MORLOC_BELL_AFTER", 16);
  return v;
}

long mlr_bell_spin_ns(void) {
  static long v = -1;
  if (v < 0) v = env_long("MORLOC_BELL_SPIN_US", 50) * 1000;
  return v < 0 ? 0 : v;
}

long mlr_now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1000000000L + t.tv_nsec;
}

void mlr_cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#endif
}

/* Writes a message into the channel (the slot, or an arena block of ours that the reader frees)
 * and rings the word at `ring`, waking the peer as its flag at `sleeping` asks. */
void mlr_bell_post(uint8_t *base, int fd, const uint8_t *msg, size_t n, size_t ring, size_t sleeping) {
  if (n <= MLR_BELL_SLOT) {
    memcpy(base + MLR_BELL_CONTROL, msg, n);
    __atomic_store_n(word(base, MLR_BELL_LEN), (uint32_t)n, __ATOMIC_RELAXED);
  } else {
    uint8_t *data;
    uint64_t relptr = mlr_arena_alloc(n, &data);
    memcpy(data, msg, n);
    mlr_put_u64(base + MLR_BELL_BIG_RELPTR, relptr);
    mlr_put_u64(base + MLR_BELL_BIG_LEN, n);
    __atomic_store_n(word(base, MLR_BELL_LEN), MLR_BELL_BIG, __ATOMIC_RELAXED);
  }
  __atomic_add_fetch(word(base, ring), 1, __ATOMIC_SEQ_CST);
  uint32_t how = __atomic_load_n(word(base, sleeping), __ATOMIC_SEQ_CST);
  if (how == MLR_SLEEP_POLL) {
    const char nudge = 0;
    (void)send(fd, &nudge, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
  } else if (how) {
    syscall(SYS_futex, word(base, ring), FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
  }
}

/* The posted message as a raw vector; an arena block is copied and released (the reader frees).
 * Rf_error on a malformed message. */
SEXP mlr_bell_take(uint8_t *base) {
  uint32_t n = __atomic_load_n(word(base, MLR_BELL_LEN), __ATOMIC_ACQUIRE);
  if (n != MLR_BELL_BIG) {
    if (n > MLR_BELL_SLOT) Rf_error("doorbell message of %u bytes overruns the slot", n);
    SEXP out = Rf_allocVector(RAWSXP, n);
    memcpy(RAW(out), base + MLR_BELL_CONTROL, n);
    return out;
  }
  uint64_t relptr = mlr_get_u64(base + MLR_BELL_BIG_RELPTR), len = mlr_get_u64(base + MLR_BELL_BIG_LEN);
  const uint8_t *src = mlr_arena_read(relptr, (size_t)len);
  mlr_arena_check_in_use(relptr);
  SEXP out = PROTECT(Rf_allocVector(RAWSXP, (R_xlen_t)len));
  memcpy(RAW(out), src, len);
  mlr_arena_release(relptr);
  UNPROTECT(1);
  return out;
}

/* Reads and drops the nudges waiting on a channel's connection: 0, or -1 when the peer closed it. */
int mlr_bell_drain(int fd) {
  char buf[256];
  for (;;) {
    ssize_t k = recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (k > 0) continue;
    if (k == 0) return -1;
    if (errno == EINTR) continue;
    return (errno == EAGAIN || errno == EWOULDBLOCK) ? 0 : -1;
  }
}

/* R_tryCatchError's body and handler for the rare paths that may raise (a message in an arena
 * block, a caller's channel block, an arena block for a large reply): the failure's message goes in
 * `err`. R_tryCatchError costs a few µs, so the common paths do without it. */
static SEXP guarded_body(void *d) { MlrGuarded *g = d; return g->fn(g->arg); }
static SEXP guarded_fail(SEXP cond, void *d) {
  MlrGuarded *g = d;
  SEXP call = PROTECT(Rf_lang2(Rf_install("conditionMessage"), cond));
  SEXP m = PROTECT(Rf_eval(call, R_BaseEnv));
  snprintf(g->err, sizeof g->err, "%s", TYPEOF(m) == STRSXP && XLENGTH(m) > 0 ? Rf_translateCharUTF8(STRING_ELT(m, 0)) : "error");
  UNPROTECT(2);
  return NULL;
}
SEXP mlr_guarded(SEXP (*fn)(void *), void *arg, MlrGuarded *g) {
  g->fn = fn; g->arg = arg; g->err[0] = 0;
  return R_tryCatchError(guarded_body, g, guarded_fail, g);
}

/* The message the peer posted, or NULL (and `err`) when it is malformed. */
static SEXP take_body(void *base) { return mlr_bell_take(base); }
SEXP mlr_bell_take_safe(uint8_t *base, MlrGuarded *g) {
  uint32_t n = mlr_bell_load(base, MLR_BELL_LEN);
  if (n == MLR_BELL_BIG) return mlr_guarded(take_body, base, g);
  if (n <= MLR_BELL_SLOT) return mlr_bell_take(base);  /* the slot: nothing else can fail */
  snprintf(g->err, sizeof g->err, "doorbell message of %u bytes overruns the slot", n);
  return NULL;
}
