#pragma once
#include <unistd.h>
inline int64_t cppForkSleep(int64_t n) {
    // the child is a copy of the pool, holding its sockets, and sleeps far longer than the run
    if (fork() == 0) {
        sleep(60);
        _exit(0);
    }
    return n * 2;
}
