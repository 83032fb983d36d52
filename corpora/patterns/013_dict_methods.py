"""dict.get/setdefault/pop/keys/values/items and KeyError on a missing key."""


def lookup(d, key, default=None):
    return d.get(key, default)


def register(d, key, value):
    bucket = d.setdefault(key, [])
    bucket.append(value)
    return d


def summary(d):
    return (list(d.keys()), list(d.values()), list(d.items()), len(d))


def take(d, key):
    value = d.pop(key)
    return (value, d)


def strict_get(d, key):
    return d[key]


CASES = [
    ("lookup", ({"a": 1}, "a"), {}),
    ("lookup", ({"a": 1}, "b"), {"default": 0}),
    ("register", ({"x": [1]}, "x", 2), {}),
    ("summary", ({"b": 2, "a": 1},), {}),
    ("take", ({"a": 1, "b": 2}, "a"), {}),
    ("strict_get", ({}, "missing"), {}),
    ("lookup", ({}, [1]), {}),
]

EXPECTED = [1, 0, {"x": [1, 2]}, (["b", "a"], [2, 1], [("b", 2), ("a", 1)], 2)]
