/* Baseline R: a 32-byte ping-pong between two processes on one kept UNIX stream socket.
 * Usage: pingpong ROUNDS  -> prints the mean round trip in nanoseconds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <time.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>

static void full(int fd, char *buf, size_t n, int writing) {
    size_t done = 0;
    while (done < n) {
        ssize_t k = writing ? write(fd, buf + done, n - done) : read(fd, buf + done, n - done);
        if (k <= 0) { perror("pingpong io"); exit(1); }
        done += (size_t)k;
    }
}

int main(int argc, char **argv) {
    long rounds = argc > 1 ? atol(argv[1]) : 20000;
    char path[108];
    snprintf(path, sizeof path, "/tmp/morloc-bench-pp-%d.sock", getpid());
    unlink(path);
    struct sockaddr_un addr = {0};
    addr.sun_family = AF_UNIX;
    strcpy(addr.sun_path, path);
    int srv = socket(AF_UNIX, SOCK_STREAM, 0);
    if (bind(srv, (struct sockaddr *)&addr, sizeof addr) || listen(srv, 1)) { perror("bind"); return 1; }
    pid_t child = fork();
    if (child == 0) { /* echo server */
        int c = accept(srv, NULL, NULL);
        char buf[32];
        for (long i = 0; i < rounds + 100; i++) { full(c, buf, 32, 0); full(c, buf, 32, 1); }
        _exit(0);
    }
    int fd = socket(AF_UNIX, SOCK_STREAM, 0);
    if (connect(fd, (struct sockaddr *)&addr, sizeof addr)) { perror("connect"); return 1; }
    char buf[32];
    memset(buf, 7, sizeof buf);
    for (int i = 0; i < 100; i++) { full(fd, buf, 32, 1); full(fd, buf, 32, 0); } /* warm up */
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (long i = 0; i < rounds; i++) { full(fd, buf, 32, 1); full(fd, buf, 32, 0); }
    clock_gettime(CLOCK_MONOTONIC, &b);
    waitpid(child, NULL, 0);
    unlink(path);
    double ns = ((b.tv_sec - a.tv_sec) * 1e9 + (b.tv_nsec - a.tv_nsec)) / rounds;
    printf("%.1f\n", ns);
    return 0;
}
