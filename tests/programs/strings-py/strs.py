def upper(s):
    return s.upper()

def count_chars(s):
    return len(s)

def echo(s):
    return s
