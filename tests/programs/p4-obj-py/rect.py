# Python class for p4-obj-py; the functions insist on getting a Rect, not a dict.
class Rect:
    def __init__(self, w, h):
        self.w = w
        self.h = h

def area(r):
    assert isinstance(r, Rect)
    return r.w * r.h

def scaled(k, r):
    assert isinstance(r, Rect)
    return Rect(r.w * k, r.h * k)
