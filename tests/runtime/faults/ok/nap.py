import sys, time

def pyNap(ms):
    time.sleep(ms / 1000.0)
    return ms

def pyShout(s):
    print("py stdout: " + s)
    sys.stderr.write("py stderr: " + s + "\n")
    return s + "!"

def holdPy(s, ms):
    time.sleep(ms / 1000.0)
    return len(s)

def pyText(n):
    return "x" * n
