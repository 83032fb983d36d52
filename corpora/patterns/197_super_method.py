# beyond-foundation
"""super().method() extends behaviour; super() in a classmethod; calling a missing super method."""


class Shape:
    def describe(self):
        return ["shape"]

    @classmethod
    def make(cls, *args):
        return [cls.__name__, *args]


class Square(Shape):
    def describe(self):
        return [*super().describe(), "square"]

    @classmethod
    def make(cls, side):
        return super().make(side, side)


class Cube(Square):
    def describe(self):
        parts = super().describe()
        parts.append("cube")
        return parts

    def volume(self):
        return super().volume()


def run(kind):
    if kind == "missing":
        return Cube().volume()
    obj = {"shape": Shape, "square": Square, "cube": Cube}[kind]()
    return (obj.describe(), type(obj).make(2) if kind != "shape" else Shape.make())


CASES = [("run", ("shape",), {}), ("run", ("square",), {}), ("run", ("cube",), {}),
         ("run", ("missing",), {})]

EXPECTED = [(["shape"], ["Shape"]), (["shape", "square"], ["Square", 2, 2]),
            (["shape", "square", "cube"], ["Cube", 2, 2]), AttributeError]
