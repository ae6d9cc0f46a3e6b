# pybase core: the Python implementations of the conventions signatures (standard library only).
# Names carry an mlc_ prefix where the morloc name is a Python keyword or builtin; main.loc aliases them.

import time


# control


def mlc_sleep(seconds, x):
    time.sleep(seconds)
    return x


def mlc_ifelse(cond, a, b):
    return a if cond else b


def mlc_run(f):
    # () -> a arrives as a zero-argument function (unit inputs are removed)
    return f()


# functions


def mlc_id(x):
    return x


def mlc_seq(a, b):
    return b


def mlc_const(a, b):
    return a


# tuples


def mlc_fst(t):
    return t[0]


def mlc_snd(t):
    return t[1]


def mlc_fst3(t):
    return t[0]


def mlc_snd3(t):
    return t[1]


def mlc_thr3(t):
    return t[2]


def mlc_onFst(f, t):
    return (f(t[0]), t[1])


def mlc_onSnd(f, t):
    return (t[0], f(t[1]))


# lists


def mlc_at(xs, i):
    if i < 0 or i >= len(xs):
        raise IndexError(f"at: index {i} is outside a list of length {len(xs)}")
    return xs[i]


def mlc_concat(xss):
    return [x for xs in xss for x in xs]


def mlc_take(n, xs):
    return list(xs[: max(n, 0)])


def mlc_drop(n, xs):
    return list(xs[max(n, 0):])


def mlc_enumerateWith(f, xs):
    return [f(x, i) for i, x in enumerate(xs)]


def mlc_fold(f, b, xs):
    for x in xs:
        b = f(b, x)
    return b


def mlc_head(xs):
    if not xs:
        raise IndexError("head: empty list")
    return xs[0]


def mlc_last(xs):
    if not xs:
        raise IndexError("last: empty list")
    return xs[-1]


def mlc_init(xs):
    if not xs:
        raise IndexError("init: empty list")
    return list(xs[:-1])


def mlc_tail(xs):
    if not xs:
        raise IndexError("tail: empty list")
    return list(xs[1:])


def mlc_join(xs, ys):
    return list(xs) + list(ys)


def mlc_append(xs, x):
    return list(xs) + [x]


def mlc_map(f, *lists):
    # with several lists this is zipWith (stopping at the shortest), as in the reference
    return [f(*args) for args in zip(*lists)]


def mlc_filter(f, xs):
    return [x for x in xs if f(x)]


def mlc_shard(n, xs):
    # n consecutive chunks whose sizes differ by at most one
    if n < 1:
        raise ValueError(f"shard: the number of shards must be positive, got {n}")
    size, extra = divmod(len(xs), n)
    out, start = [], 0
    for i in range(n):
        end = start + size + (1 if i < extra else 0)
        out.append(list(xs[start:end]))
        start = end
    return out


def mlc_elem(x, xs):
    return x in xs


# booleans


def mlc_not(x):
    return not x


def mlc_and(a, b):
    return a and b


def mlc_or(a, b):
    return a or b


# class instances (Addable, Subtractable, Eq, Ord)


def mlc_add(a, b):
    return a + b


def mlc_sub(a, b):
    return a - b


def mlc_mul(a, b):
    return a * b


def mlc_div(a, b):
    return a / b


def mlc_idiv(a, b):
    return a // b


def mlc_mod(a, b):
    return a % b


def mlc_neg(x):
    return -1 * x


def mlc_eq(a, b):
    return a == b


def mlc_ne(a, b):
    return a != b


def mlc_le(a, b):
    return a <= b


def mlc_lt(a, b):
    return a < b


def mlc_ge(a, b):
    return a >= b


def mlc_gt(a, b):
    return a > b
