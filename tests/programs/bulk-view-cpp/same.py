import struct


def pySame(want, got):
    """'ok n' when got has want's bits (NaN, -0.0 included), else where it first differs."""
    if len(got) != len(want):
        return f"length {len(got)}, expected {len(want)}"
    for i, (w, g) in enumerate(zip(want, got)):
        if struct.pack("<d", w) != struct.pack("<d", g):
            return f"differs at {i}"
    return f"ok {len(want)}"
