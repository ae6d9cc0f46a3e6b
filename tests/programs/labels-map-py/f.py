def twice(x):
    return 2 * x
def mul(a, b):
    return a * b
def rev(xs):
    return list(reversed(xs))
def check(x):
    if x < 0:
        raise ValueError(f"negative: {x}")
    return x
def sum_py(xs):
    return sum(xs)
def map_list(f, xs):
    return [f(x) for x in xs]
