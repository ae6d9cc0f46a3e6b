# pybase data: Python functions over maps (dict), the Map packers and readMap (standard library only).

import json


def mlc_keys(d):
    return list(d.keys())


def mlc_vals(d):
    return list(d.values())


def mlc_filterKey(f, d):
    return {k: v for k, v in d.items() if f(k)}


def mlc_filterVal(f, d):
    return {k: v for k, v in d.items() if f(v)}


def mlc_readMap(filename):
    # a JSON object whose values are all strings
    with open(filename, encoding="utf-8") as fh:
        d = json.load(fh)
    if not isinstance(d, dict) or not all(isinstance(v, str) for v in d.values()):
        raise ValueError(f"readMap: {filename} does not hold a JSON object of strings")
    return d


def morloc_packMap(t):
    # ([key], [val]) -> dict
    keys, vals = t
    if len(keys) != len(vals):
        raise ValueError(f"Map: {len(keys)} keys but {len(vals)} values")
    return dict(zip(keys, vals))


def morloc_unpackMap(d):
    # dict -> ([key], [val])
    return (list(d.keys()), list(d.values()))
