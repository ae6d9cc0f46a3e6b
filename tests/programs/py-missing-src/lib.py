# Defines nothing that main.loc sources.
def length(xs):
    return len(xs)
