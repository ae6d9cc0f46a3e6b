class Acct:
    def __init__(self, owner, cents):
        self.owner = owner
        self.cents = cents

def deposit(n, a):
    assert isinstance(a, Acct)
    return Acct(a.owner, a.cents + n)

def describe(a):
    assert isinstance(a, Acct)
    return "%s has %d" % (a.owner, a.cents)
