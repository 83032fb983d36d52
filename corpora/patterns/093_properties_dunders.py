# beyond-foundation
"""A class with @property, __eq__, __lt__ and __repr__, sorted and compared."""


class Money:
    def __init__(self, cents):
        self.cents = cents

    @property
    def dollars(self):
        return self.cents / 100

    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents

    def __lt__(self, other):
        return self.cents < other.cents

    def __repr__(self):
        return "Money(%d)" % self.cents  # noqa: UP031


def cheapest(amounts):
    return min(Money(a) for a in amounts).cents


def make(cents):
    return Money(cents)


def dollars_sorted(amounts):
    return [m.dollars for m in sorted(Money(a) for a in amounts)]


CASES = [
    ("cheapest", ([300, 150, 999],), {}),
    ("dollars_sorted", ([250, 5, 100],), {}),
    ("cheapest", ([],), {}),
    ("dollars_sorted", ([1, "x"],), {}),
    ("make", (7,), {}),
]

EXPECTED = [150, [0.05, 1.0, 2.5], ValueError, TypeError]
