import os
import time


def pyForkSleep(n):
    # the child is a copy of the pool, holding its sockets, and sleeps far longer than the run
    if os.fork() == 0:
        time.sleep(60)
        os._exit(0)
    return n + 1
