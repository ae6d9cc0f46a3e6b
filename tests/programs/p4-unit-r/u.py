def pyBase():
    return 2
