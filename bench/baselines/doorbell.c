/* Baseline: a C-to-C shared-memory doorbell round trip. The caller bumps a request counter and
 * wakes the callee; each side spins briefly on the counter, then sleeps on a futex.
 * Usage: doorbell ROUNDS [SPIN_NS] -> prints the mean round trip in nanoseconds. The spin is bounded
 * by time, not by count: on a loaded 2-core machine a long spin steals the core the peer needs. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <stdatomic.h>
#include <unistd.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/futex.h>

typedef struct {
    _Atomic uint32_t req, resp;          /* sequence numbers: the futex words */
    _Atomic uint32_t req_sleep, resp_sleep; /* a waiter is (about to be) asleep */
    char slot[32];                       /* the 32-byte request/response body */
} Bell;

static long spin_ns = 5000;

static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}

static void futex(_Atomic uint32_t *w, int op, uint32_t v) { syscall(SYS_futex, w, op, v, NULL, NULL, 0); }

/* wait until *w != seen: spin, then futex-sleep with the sleeper flag set */
static void wait_change(_Atomic uint32_t *w, _Atomic uint32_t *sleeping, uint32_t seen) {
    long until = now_ns() + spin_ns;
    for (long i = 1;; i++) {
        if (atomic_load_explicit(w, memory_order_acquire) != seen) return;
        __builtin_ia32_pause();
        if (i % 32 == 0 && now_ns() > until) break;
    }
    atomic_store(sleeping, 1);
    while (atomic_load(w) == seen) futex(w, FUTEX_WAIT, seen);
    atomic_store(sleeping, 0);
}

static void ring(_Atomic uint32_t *w, _Atomic uint32_t *sleeping) {
    atomic_fetch_add_explicit(w, 1, memory_order_release);
    if (atomic_load(sleeping)) futex(w, FUTEX_WAKE, 1);
}

int main(int argc, char **argv) {
    long rounds = argc > 1 ? atol(argv[1]) : 100000;
    if (argc > 2) spin_ns = atol(argv[2]);
    Bell *b = mmap(NULL, sizeof(Bell), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    pid_t child = fork();
    if (child == 0) { /* callee: answer each request by copying the body back */
        for (uint32_t seen = 0; seen < (uint32_t)rounds + 100; seen++) {
            wait_change(&b->req, &b->req_sleep, seen);
            b->slot[0]++;
            ring(&b->resp, &b->resp_sleep);
        }
        _exit(0);
    }
    struct timespec t0, t1;
    uint32_t seq = 0;
    for (long i = 0; i < rounds + 100; i++) {
        if (i == 100) clock_gettime(CLOCK_MONOTONIC, &t0);
        ring(&b->req, &b->req_sleep);
        wait_change(&b->resp, &b->resp_sleep, seq++);
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    waitpid(child, NULL, 0);
    printf("%.1f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / rounds);
    return 0;
}
