def scale3(a, b, x):
    return a * b * x
