# beyond-foundation
"""The return value is computed before `finally` runs: rebinding a name there does not change it,
but mutating the returned object does."""


def rebinding():
    x = 1
    try:
        return x
    finally:
        x = 2  # rebinding after the return value was taken


def mutating():
    items = [1]
    try:
        return items
    finally:
        items.append(2)


def counter(n):
    count = 0
    for i in range(n):
        try:
            if i == 3:
                return count
        finally:
            count += 10
    return -count


def bad(n):
    try:
        return n + 1
    finally:
        n.missing  # noqa: B018 - the AttributeError is the behaviour under test


CASES = [("rebinding", (), {}), ("mutating", (), {}), ("counter", (5,), {}), ("counter", (2,), {}),
         ("bad", (1,), {})]

EXPECTED = [1, [1, 2], 30, -20, AttributeError]
