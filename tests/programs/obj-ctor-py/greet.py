# Functions in another file that check they get the class from person.py.
from person import PersonObj


def greet(p):
    assert isinstance(p, PersonObj), "greet expects a PersonObj, got %r" % (p,)
    return "hi %s (%s)" % (p.name, p.info)


def same(p):
    assert isinstance(p, PersonObj), "same expects a PersonObj, got %r" % (p,)
    return p
