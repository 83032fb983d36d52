"""Iterating dicts by key and by items; insertion order; mutating while iterating fails."""


def invert(d):
    out = {}
    for k, v in d.items():
        out[v] = k
    return out


def keys_with(d, value):
    found = []
    for k in d:
        if d[k] == value:
            found.append(k)
    return found


def drop_small(d, limit):
    for k in d:
        if d[k] < limit:
            del d[k]
    return d


CASES = [
    ("invert", ({"a": 1, "b": 2, "c": 1},), {}),
    ("keys_with", ({"z": 0, "a": 1, "m": 0},), {"value": 0}),
    ("drop_small", ({"a": 5},), {"limit": 1}),
    ("drop_small", ({"a": 0, "b": 5},), {"limit": 1}),
    ("invert", ({"a": [1]},), {}),
    ("keys_with", ({},), {"value": None}),
]

EXPECTED = [{1: "c", 2: "b"}, ["z", "m"], {"a": 5}, RuntimeError, TypeError, []]
