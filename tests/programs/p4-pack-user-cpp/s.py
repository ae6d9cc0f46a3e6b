def pyJoin(xs):
    return ",".join(xs)
