# beyond-foundation
"""classmethods receive the subclass; staticmethods receive nothing; alternative constructors."""


class Temp:
    scale = "C"

    def __init__(self, degrees):
        self.degrees = degrees

    @classmethod
    def parse(cls, text):
        value = float(text.rstrip(cls.scale))
        return cls(value)

    @staticmethod
    def convert(c):
        return c * 9 / 5 + 32

    def show(self):
        return f"{self.degrees:g}{self.scale}"


class Fahrenheit(Temp):
    scale = "F"


def run(kind, text):
    cls = Temp if kind == "c" else Fahrenheit
    t = cls.parse(text)
    return (type(t).__name__, t.show(), cls.convert(100), t.convert(0))


CASES = [("run", ("c", "21.5C"), {}), ("run", ("f", "70F"), {}), ("run", ("c", "70F"), {}),
         ("run", ("f", ""), {})]

EXPECTED = [("Temp", "21.5C", 212.0, 32.0), ("Fahrenheit", "70F", 212.0, 32.0), ValueError,
            ValueError]
