def inc_opt(x):
    return None if x is None else x + 1

def or_zero(x):
    return 0 if x is None else x

def half(x):
    return None if x % 2 else x // 2

def count_nulls(xs):
    return sum(1 for x in xs if x is None)

def halves(xs):
    return [half(x) for x in xs]

def show(x):
    return "null" if x is None else str(x)

def safe_head(xs):
    return xs[0] if xs else None

def describe(p):
    age = "?" if p["age"] is None else str(p["age"])
    nick = "" if p["nick"] is None else " aka " + p["nick"]
    return p["name"] + nick + " (" + age + ")"

def older(p):
    return dict(p, age=None if p["age"] is None else p["age"] + 1)

def swap(t):
    return (t[1], t[0])

def maybe_range(n):
    return None if n < 0 else list(range(n))
