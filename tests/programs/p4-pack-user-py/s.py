# Python side of p4-pack-user-py: pack builds the set, unpack gives the sorted list.
def fromList(xs):
    return set(xs)

def toList(s):
    assert isinstance(s, set)
    return sorted(s)

def mkSet(xs):
    return set(xs)

def setSize(s):
    assert isinstance(s, set)
    return len(s)

def insert(x, s):
    assert isinstance(s, set)
    return s | {x}
