/* Baseline: copying SIZE bytes into freshly allocated (never touched) memory, so every page is
 * faulted in by the copy, as a pool decoding a large value into a new buffer does.
 * Usage: firsttouch SIZE -> ns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
    size_t n = argc > 1 ? (size_t)atoll(argv[1]) : 100000000;
    char *a = malloc(n);
    memset(a, 1, n);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    char *b = malloc(n);
    memcpy(b, a, n);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%.1f %d\n", (t1.tv_sec - t0.tv_sec) * 1e9 + (t1.tv_nsec - t0.tv_nsec), b[n / 2]);
    return 0;
}
