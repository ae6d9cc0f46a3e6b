# Defines neither len, map, sorted nor str: those come from Python's builtins. `shout` is defined
# here, and `double` too; map returns an iterator, which the pool turns into a list.
def double(x):
    return 2 * x

def shout(s):
    return s + "!"
