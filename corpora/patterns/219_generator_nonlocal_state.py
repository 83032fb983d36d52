# beyond-foundation
"""Generators closing over outer state with nonlocal, and a generator method on a class."""


def make_ids(prefix):
    issued = 0

    def ids():
        nonlocal issued
        while True:
            issued += 1
            yield f"{prefix}{issued}"

    def count():
        return issued

    return ids, count


def use(prefix, n):
    ids, count = make_ids(prefix)
    a, b = ids(), ids()
    got = [next(a) for _ in range(n)] + [next(b)]
    return (got, count())


class Range2:
    def __init__(self, stop):
        self.stop = stop

    def __iter__(self):
        i = 0
        while i < self.stop:
            yield i
            i += 2


def evens(stop):
    return (list(Range2(stop)), sum(Range2(stop)))


CASES = [("use", ("id", 2), {}), ("use", ("", 0), {}), ("evens", (7,), {}), ("evens", ("7",), {}),
         ("use", ("x", -1), {})]

EXPECTED = [(["id1", "id2", "id3"], 3), (["1"], 1), ([0, 2, 4, 6], 12), TypeError, (["x1"], 1)]
