"""Calls that spread arguments: f(*seq), f(**mapping) and both at once."""


def volume(w, h, d=1):
    return w * h * d


def spread(args, kwargs):
    return volume(*args, **kwargs)


def spread_twice(a, b):
    return max(*a, *b)


def spread_builtin(parts):
    return divmod(*parts)


CASES = [
    ("spread", ([2, 3], {}), {}),
    ("spread", ([2], {"h": 3, "d": 4}), {}),
    ("spread", ([], {"w": 1, "h": 2}), {}),
    ("spread", ([1, 2], {"w": 5}), {}),
    ("spread_twice", ([1, 9], (4,)), {}),
    ("spread_builtin", ((-17, 5),), {}),
    ("spread_builtin", ((1, 2, 3),), {}),
]

EXPECTED = [6, 24, 2, TypeError, 9, (-4, 3), TypeError]
