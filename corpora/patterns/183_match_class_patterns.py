# beyond-foundation
"""Class patterns: keyword attributes, __match_args__ positionals, builtin types, and subclasses."""


class Point:
    __match_args__ = ("x", "y")

    def __init__(self, x, y):
        self.x, self.y = x, y


class Point3(Point):
    pass


def describe(kind, a, b):
    value = {"p": Point, "p3": Point3}.get(kind, tuple)(*([a, b] if kind != "t" else [[a, b]]))
    match value:
        case Point3(x=0):
            return "3d on axis"
        case Point(0, y):
            return ("y-axis", y)
        case Point(x, y) if x == y:
            return ("diagonal", x)
        case Point(x=x):
            return ("point", x)
        case tuple((int(), int())):
            return "int tuple"
    return "other"


def too_many(a):
    match Point(a, a):
        case Point(1, 2, 3):
            return "never"


CASES = [("describe", ("p", 0, 5), {}), ("describe", ("p3", 0, 5), {}),
         ("describe", ("p", 2, 2), {}), ("describe", ("p3", 4, 1), {}),
         ("describe", ("t", 1, 2), {}), ("describe", ("t", 1, "2"), {}), ("too_many", (1,), {})]

EXPECTED = [("y-axis", 5), "3d on axis", ("diagonal", 2), ("point", 4), "int tuple", "other",
            TypeError]
