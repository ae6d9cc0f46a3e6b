# The class of Pet objects; main.loc names only petName from this file, and never calls it.
class PetObj:
    def __init__(self, kind, age):
        self.kind = kind
        self.age = age


def petName(p):
    return p.kind
