"""`assert` with a message guards preconditions; a failing case raises AssertionError."""


def mean(values):
    assert len(values) > 0, "mean of empty sequence"
    return sum(values) / len(values)


def checked_ratio(a, b):
    assert b != 0, "denominator must be non-zero"
    assert isinstance(a, int), "numerator must be an int"
    return a / b


CASES = [
    ("mean", ([1, 2, 3, 4],), {}),
    ("mean", ([],), {}),
    ("checked_ratio", (1, 4), {}),
    ("checked_ratio", (1, 0), {}),
    ("checked_ratio", (1.0, 2), {}),
    ("mean", ([0.5],), {}),
]

EXPECTED = [2.5, AssertionError, 0.25, AssertionError, AssertionError, 0.5]
