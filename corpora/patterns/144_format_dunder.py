# beyond-foundation
"""Custom __format__ receives the spec text from f-strings, format() and str.format."""


class Money:
    def __init__(self, cents):
        self.cents = cents

    def __format__(self, spec):
        if spec == "":
            return f"{self.cents // 100}.{self.cents % 100:02d}"
        if spec == "raw":
            return str(self.cents)
        raise ValueError("bad spec " + spec)


def render(cents, spec):
    m = Money(cents)
    return (f"{m}", f"{m:{spec}}", format(m, spec), "{0:{1}}".format(m, spec))


CASES = [("render", (1234, "raw"), {}), ("render", (5, ""), {}), ("render", (-150, "raw"), {}),
         ("render", (100, "x"), {})]

EXPECTED = [("12.34", "1234", "1234", "1234"), ("0.05", "0.05", "0.05", "0.05"),
            ("-2.50", "-150", "-150", "-150"), ValueError]
