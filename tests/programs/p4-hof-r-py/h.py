def shout(s):
    return s.upper() + "!"

def join(a, b):
    return a + "-" + b

def longer(a, b):
    return b if len(b) > len(a) else a
