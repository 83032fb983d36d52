"""A small class with state-changing methods, used from module-level functions."""


class Counter:
    """Counts events by name, keeping the order in which names were first seen."""

    def __init__(self, start=0):
        self.total = start
        self.by_name = {}

    def add(self, name, n=1):
        self.total += n
        self.by_name[name] = self.by_name.get(name, 0) + n
        return self.total

    def top(self):
        best = None
        for name in self.by_name:
            best = name if best is None or self.by_name[name] > self.by_name[best] else best
        return best


def tally(names):
    c = Counter()
    for name in names:
        c.add(name)
    return (c.total, c.by_name, c.top())


def tally_from(start, names):
    c = Counter(start)
    for name in names:
        c.add(name, n=2)
    return c.total


CASES = [
    ("tally", (["a", "b", "a"],), {}),
    ("tally", ([],), {}),
    ("tally_from", (10, "xyz"), {}),
    ("tally", ([["unhashable"]],), {}),
    ("tally_from", ("s", ["a"]), {}),
]

EXPECTED = [(3, {"a": 2, "b": 1}, "a"), (0, {}, None), 16, TypeError, TypeError]
