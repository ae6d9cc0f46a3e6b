def area(r):
    return 3.0 * r * r

def perim(r):
    return 6.0 * r

def len_str(s):
    return len(s)
