from settings import LIMIT

def inc(x):
    return min(x + 1, LIMIT)
