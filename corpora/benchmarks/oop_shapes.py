"""Method-heavy object-oriented code: a small shape hierarchy and a canvas of shapes.

Stresses method calls through a class hierarchy (overrides and ``super()``), properties,
``__slots__`` objects, comparison dunders used by ``sorted``, ``isinstance`` checks,
and many short-lived objects created by ``moved``/``scaled``.
"""

import math


class Point:
    __slots__ = ("x", "y")

    def __init__(self, x, y):
        self.x = x
        self.y = y

    def moved(self, dx, dy):
        return Point(self.x + dx, self.y + dy)

    def distance_to(self, other):
        return math.hypot(self.x - other.x, self.y - other.y)


class Shape:
    kind = "shape"

    def __init__(self, origin):
        self.origin = origin

    def area(self):
        raise NotImplementedError

    def perimeter(self):
        raise NotImplementedError

    @property
    def compactness(self):
        """Isoperimetric ratio: 1.0 for a circle, smaller for anything else."""
        p = self.perimeter()
        return 4.0 * math.pi * self.area() / (p * p)

    def moved(self, dx, dy):
        clone = self.scaled(1.0)
        clone.origin = self.origin.moved(dx, dy)
        return clone

    def scaled(self, factor):
        raise NotImplementedError

    def __lt__(self, other):
        return (self.area(), self.kind) < (other.area(), other.kind)

    def __eq__(self, other):
        return type(self) is type(other) and self.area() == other.area()

    __hash__ = None


class Circle(Shape):
    kind = "circle"

    def __init__(self, origin, radius):
        super().__init__(origin)
        self.radius = radius

    def area(self):
        return math.pi * self.radius * self.radius

    def perimeter(self):
        return 2.0 * math.pi * self.radius

    def scaled(self, factor):
        return Circle(self.origin, self.radius * factor)


class Rect(Shape):
    kind = "rect"

    def __init__(self, origin, width, height):
        super().__init__(origin)
        self.width = width
        self.height = height

    def area(self):
        return self.width * self.height

    def perimeter(self):
        return 2.0 * (self.width + self.height)

    def scaled(self, factor):
        return Rect(self.origin, self.width * factor, self.height * factor)


class Square(Rect):
    kind = "square"

    def __init__(self, origin, side):
        super().__init__(origin, side, side)

    def scaled(self, factor):
        return Square(self.origin, self.width * factor)


class Triangle(Shape):
    kind = "triangle"

    def __init__(self, origin, a, b, c):
        super().__init__(origin)
        self.sides = (a, b, c)

    def area(self):
        a, b, c = self.sides
        s = (a + b + c) / 2.0
        return math.sqrt(max(s * (s - a) * (s - b) * (s - c), 0.0))

    def perimeter(self):
        return sum(self.sides)

    def scaled(self, factor):
        a, b, c = self.sides
        return Triangle(self.origin, a * factor, b * factor, c * factor)


class Canvas:
    def __init__(self):
        self.shapes = []

    def add(self, shape):
        self.shapes.append(shape)
        return self

    def total_area(self):
        total = 0.0
        for shape in self.shapes:
            total += shape.area()
        return total

    def by_kind(self):
        counts = {}
        for shape in self.shapes:
            counts[shape.kind] = counts.get(shape.kind, 0) + 1
        return counts

    def spread(self):
        """Largest distance between two shape origins."""
        best = 0.0
        shapes = self.shapes
        for i in range(len(shapes)):
            for j in range(i + 1, len(shapes)):
                d = shapes[i].origin.distance_to(shapes[j].origin)
                if d > best:
                    best = d
        return best

    def transformed(self, dx, dy, factor):
        result = Canvas()
        for shape in self.shapes:
            result.add(shape.moved(dx, dy).scaled(factor))
        return result


def make_shape(i):
    origin = Point(i % 17 - 8.0, i % 11 - 5.0)
    pick = i % 4
    if pick == 0:
        return Circle(origin, 1.0 + i % 5)
    if pick == 1:
        return Rect(origin, 1.0 + i % 3, 2.0 + i % 7)
    if pick == 2:
        return Square(origin, 0.5 + i % 6)
    return Triangle(origin, 3.0 + i % 2, 4.0, 5.0 - i % 2)


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (
    113428.809774,
    {"circle": 100, "rect": 100, "square": 100, "triangle": 100},
    "square",
    "circle",
    139.701086237,
    18.867962264,
)


def run(scale: int = 1) -> object:
    canvas = Canvas()
    for i in range(400 * scale):
        canvas.add(make_shape(i))
    total = 0.0
    for step in range(16):
        canvas = canvas.transformed(0.5, -0.25, 1.0 + step % 3 * 0.01)
        total += canvas.total_area()
    ordered = sorted(canvas.shapes)
    compact = sum(s.compactness for s in canvas.shapes if isinstance(s, Rect))
    return (
        round(total, 6),
        canvas.by_kind(),
        ordered[0].kind,
        ordered[-1].kind,
        round(compact, 9),
        round(canvas.spread(), 9),
    )


def check(result) -> None:
    assert result == EXPECTED, result
