def hello():
    return "hello from py"

def pyLen(s):
    return len(s)
