# beyond-foundation
"""Class attributes are shared until an instance assigns its own; mutable class attrs are shared."""


class Widget:
    count = 0
    tags = []  # noqa: RUF012 - a shared class attribute on purpose

    def __init__(self, name):
        self.name = name
        Widget.count += 1

    def tag(self, t):
        self.tags.append(t)

    def set_count(self, n):
        self.count = n


def run():
    Widget.count = 0
    Widget.tags = []
    a, b = Widget("a"), Widget("b")
    a.tag("x")
    b.set_count(100)
    return (Widget.count, a.count, b.count, b.tags, "count" in vars(b), "count" in vars(a))


def missing():
    return Widget("c").colour


CASES = [("run", (), {}), ("run", (), {}), ("missing", (), {})]

EXPECTED = [(2, 2, 100, ["x"], True, False), (2, 2, 100, ["x"], True, False), AttributeError]
