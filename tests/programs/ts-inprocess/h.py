def p1(x):
    return 10 * x + 2
