# A sibling module that no source statement names.
def twice(s):
    return s + s
