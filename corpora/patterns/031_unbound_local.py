"""A local assigned on one branch only: the other branch reads it unbound."""


def classify(n):
    if n > 0:
        label = "positive"
    elif n < 0:
        label = "negative"
    return label


def maybe_double(x, flag):
    if flag:
        result = x * 2
    return result


CASES = [
    ("classify", (3,), {}),
    ("classify", (-3,), {}),
    ("classify", (0,), {}),
    ("maybe_double", (4, True), {}),
    ("maybe_double", (4, False), {}),
    ("maybe_double", ("a", 1), {}),
]

EXPECTED = [
    "positive",
    "negative",
    UnboundLocalError,
    8,
    UnboundLocalError,
    "aa",
]
