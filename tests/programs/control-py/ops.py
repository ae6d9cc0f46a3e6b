def add(a, b): return a + b
def sub(a, b): return a - b
def mul(a, b): return a * b
def eq(a, b): return a == b
def ge(a, b): return a >= b
def gt(a, b): return a > b
def le(a, b): return a <= b
def mapList(f, xs): return [f(x) for x in xs]
