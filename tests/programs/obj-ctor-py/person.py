# The user's class: the pool must build and read these, never plain dicts.
class PersonObj:
    def __init__(self, name, info):
        self.name = name
        self.info = info
