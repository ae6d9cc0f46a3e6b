def parseInt(s):
    return int(s)

def parseReal(s):
    return float(s)

def parseBool(s):
    return s.strip().lower() in ("yes", "true", "1")

def addInts(a, b):
    assert isinstance(a, int) and isinstance(b, int)
    return a + b
