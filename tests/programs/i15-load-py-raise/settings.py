def read_limit():
    raise ValueError("no limit configured")

LIMIT = read_limit()
