def add(a, b): return a + b
def sub(a, b): return a - b
def mul(a, b): return a * b
def eq(a, b): return a == b
def gt(a, b): return a > b
def show(x): return str(x)
def cat(a, b): return a + b
