import os, time

# MORLOC_TEST_HANG: never become ready (the nexus's --timeout must end the run); else fail at import
if os.environ.get("MORLOC_TEST_HANG"):
    time.sleep(60)
raise RuntimeError("this module refuses to load")

def inc(x):
    return x + 1
