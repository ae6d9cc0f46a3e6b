def isEmpty(xs): return len(xs) == 0
def rest(xs): return xs[1:]
def first(xs): return xs[0]
def isEven(x): return x % 2 == 0
def half(x): return x // 2
def push(xs, x): return xs + [x]
def quot10(x): return x // 10
def mod10(x): return x % 10
