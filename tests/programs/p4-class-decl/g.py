def hello(s):
    return "hello " + s

def showInt(x):
    return "#%d" % x
