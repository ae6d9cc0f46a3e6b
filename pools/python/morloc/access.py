# List accessors of generated code: `.[i]` and `.[a:b:s]` with Python's own semantics, and errors
# that name the morloc function holding the accessor.


def at(xs, i, fn):
    n = len(xs)
    if -n <= i < n:
        return xs[i]
    raise IndexError("index %d is out of range for a list of length %d (the accessor .[%d] in '%s')" % (i, n, i, fn))


def slice_(xs, start, stop, step, fn):
    if step == 0:
        raise ValueError("slice step cannot be zero (the accessor .[::0] in '%s')" % fn)
    return list(xs[start:stop:step])
