class PyPerson:
    def __init__(self, name, info):
        self.name = name
        self.info = info

def hello(p):
    assert isinstance(p, PyPerson), "hello expects a PyPerson"
    return "hello %s (%s)" % (p.name, p.info)
