# beyond-foundation
"""Closures inside methods capture self and arguments; methods bound at different times."""


class Scaler:
    def __init__(self, k):
        self.k = k

    def make(self, offset):
        return lambda x: x * self.k + offset

    def rescale(self, k):
        self.k = k


def use(values, k1, k2):
    s = Scaler(k1)
    f = s.make(1)
    before = [f(v) for v in values]
    s.rescale(k2)
    after = [f(v) for v in values]
    bound = s.make
    return (before, after, bound(0)(1))


CASES = [("use", ([1, 2], 2, 3), {}), ("use", ([], 0, 0), {}), ("use", (["a"], 2, 1), {}),
         ("use", ([1], None, 1), {})]

EXPECTED = [([3, 5], [4, 7], 3), ([], [], 0), TypeError, TypeError]
