"""A value class with methods returning new instances; attributes read by functions."""


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def translate(self, dx, dy):
        return Point(self.x + dx, self.y + dy)

    def norm_sq(self):
        return self.x * self.x + self.y * self.y

    def as_tuple(self):
        return (self.x, self.y)


def walk(steps):
    p = Point(0, 0)
    for dx, dy in steps:
        p = p.translate(dx, dy)
    return (p.as_tuple(), p.norm_sq())


def farthest(coords):
    best = None
    for x, y in coords:
        p = Point(x, y)
        if best is None or p.norm_sq() > best.norm_sq():
            best = p
    return best.as_tuple()


CASES = [
    ("walk", ([(1, 2), (3, -1)],), {}),
    ("walk", ([],), {}),
    ("farthest", ([(1, 1), (-3, 0), (2, 2)],), {}),
    ("farthest", ([],), {}),
    ("walk", ([(0.5, "a")],), {}),
]

EXPECTED = [((4, 1), 17), ((0, 0), 0), (-3, 0), AttributeError, TypeError]
