import os

import mlc_no_such_module_xyz

def inc(x):
    return x + 1
