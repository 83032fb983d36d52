"""A mutable default argument is created once and shared across calls."""


def collect(x, acc=[]):  # noqa: B006 - the gotcha is the pattern under test
    acc.append(x)
    return list(acc)


def collect_fixed(x, acc=None):
    if acc is None:
        acc = []
    acc.append(x)
    return acc


CASES = [
    ("collect", (1,), {}),
    ("collect", (2,), {}),
    ("collect", (3,), {"acc": []}),
    ("collect", (4,), {}),
    ("collect_fixed", (1,), {}),
    ("collect_fixed", (2,), {}),
    ("collect_fixed", (3,), {"acc": [0]}),
]

EXPECTED = [[1], [1, 2], [3], [1, 2, 4], [1], [2], [0, 3]]
