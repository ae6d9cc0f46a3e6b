def pyUpper(s):
    return s.upper()
