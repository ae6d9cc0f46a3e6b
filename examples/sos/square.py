# Python half of the sos example: each element is squared in Python, called from C++'s map.


def square(x):
    return x * x
