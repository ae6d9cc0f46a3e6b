# Functions in another file that check they get the class from person.py.
from person import PersonObj
from pets import PetObj


def greet(p):
    assert isinstance(p, PersonObj), "greet expects a PersonObj, got %r" % (p,)
    return "hi %s (%s)" % (p.name, p.info)


def same(p):
    assert isinstance(p, (PersonObj, PetObj)), "same expects a PersonObj or a PetObj, got %r" % (p,)
    return p
