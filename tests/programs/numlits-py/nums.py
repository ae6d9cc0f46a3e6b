def addr(x, y):
    return x + y

def addi(x, y):
    return x + y

def kind(x):
    return type(x).__name__
