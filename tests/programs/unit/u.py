def seed():
    return 6

def nothing(x):
    return None
