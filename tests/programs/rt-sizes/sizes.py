# Python side of rt-sizes: make values of a given size in a fixed pattern, and check them.
_ABC = "abcdefghijklmnopqrstuvwxyz"

def pyStr(n):
    return (_ABC * (n // 26 + 1))[:n]

def pyStrLen(s):
    """The length of s if it is exactly the pattern of that length, else -1."""
    return len(s) if s == pyStr(len(s)) else -1

def pyBools(n):
    return [i % 3 == 0 for i in range(n)]

def pyBoolsLen(xs):
    return len(xs) if xs == pyBools(len(xs)) else -1

def pyId(s):
    return s

def pyIdBools(xs):
    return xs
