def pyTally(s):
    ws = s.split()
    keys = sorted(set(ws))
    return (keys, [ws.count(k) for k in keys])
