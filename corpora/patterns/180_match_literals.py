# beyond-foundation
"""Literal patterns: ints, strings, None/True/False (compared by identity), negative numbers."""


def classify(value):
    match value:
        case 0:
            return "zero"
        case -1:
            return "minus one"
        case True:
            return "true"
        case None:
            return "none"
        case "yes" | "y":
            return "affirmative"
        case 1.5:
            return "one and a half"
        case _:
            return "other " + type(value).__name__


def strict(value):
    match value:
        case 1:
            return "one"
    raise ValueError(value)


CASES = [("classify", (0,), {}), ("classify", (False,), {}), ("classify", (True,), {}),
         ("classify", (1,), {}), ("classify", ("y",), {}), ("classify", (-1.0,), {}),
         ("strict", (1.0,), {}), ("strict", (2,), {})]

EXPECTED = ["zero", "zero", "true", "other int", "affirmative", "minus one", "one", ValueError]
