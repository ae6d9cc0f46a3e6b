def eq(a, b): return a == b
def add(a, b): return a + b
def half(x): return x // 2
def isOddPy(x): return x % 2 == 1
def show(x): return "digits:" + str(x)
