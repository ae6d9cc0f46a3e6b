def f(x, y):
    return x * 100 + y
