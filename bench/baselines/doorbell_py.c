/* Prototype of the fast path's cost: a C caller and a Python callee (bench/baselines/doorbell_py.py)
 * share one /dev/shm page with a request/response doorbell (spin, then futex). The callee adds 1.0
 * to the double in the slot. Usage: doorbell_py PYTHON CALLEE.py ROUNDS -> mean round trip in ns. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <linux/futex.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>

/* layout shared with doorbell_py.py: four u32 words, then the double slot at byte 16 */
typedef struct {
    _Atomic uint32_t req, resp, req_sleep, resp_sleep;
    double value;
} Bell;

static long sleeps, timeouts;
static long now_ns(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000000000L + t.tv_nsec;
}
static void futex(_Atomic uint32_t *w, int op, uint32_t v) {
    struct timespec ms = {0, 1000000}; /* a 1 ms cap: the Python side cannot fence its stores */
    long r = syscall(SYS_futex, w, op, v, op == FUTEX_WAIT ? &ms : NULL, NULL, 0);
    if (op == FUTEX_WAIT) { sleeps++; if (r < 0 && errno == ETIMEDOUT) timeouts++; }
}

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: doorbell_py PYTHON CALLEE.py ROUNDS\n"); return 2; }
    long rounds = atol(argv[3]);
    char path[64];
    snprintf(path, sizeof path, "/dev/shm/morloc-bench-bell-%d", getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
    if (fd < 0 || ftruncate(fd, 4096)) { perror("shm"); return 1; }
    Bell *b = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    char n[32];
    snprintf(n, sizeof n, "%ld", rounds + 100);
    pid_t child = fork();
    if (child == 0) { execl(argv[1], argv[1], argv[2], path, n, (char *)NULL); _exit(127); }
    struct timespec t0, t1;
    uint32_t seen = 0;
    for (long i = 0; i < rounds + 100; i++) {
        if (i == 100) clock_gettime(CLOCK_MONOTONIC, &t0);
        b->value = (double)i;
        atomic_fetch_add(&b->req, 1);
        if (atomic_load(&b->req_sleep)) futex(&b->req, FUTEX_WAKE, 1);
        long spins = 0, until = now_ns() + 5000; /* spin about 5 us, then sleep */
        while (atomic_load_explicit(&b->resp, memory_order_acquire) == seen) {
            if (++spins % 32 != 0 || now_ns() < until) { __builtin_ia32_pause(); continue; }
            atomic_store(&b->resp_sleep, 1);
            if (atomic_load(&b->resp) == seen) futex(&b->resp, FUTEX_WAIT, seen);
            atomic_store(&b->resp_sleep, 0);
        }
        seen++;
        if (b->value != (double)i + 1.0) { unlink(path); fprintf(stderr, "bad reply at %ld: %f (req %u resp %u seen %u)\n", i, b->value, b->req, b->resp, seen); return 1; }
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    waitpid(child, NULL, 0);
    unlink(path);
    if (getenv("BELL_DEBUG")) fprintf(stderr, "sleeps %ld timeouts %ld\n", sleeps, timeouts);
    printf("%.1f\n", ((t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec)) / rounds);
    return 0;
}
