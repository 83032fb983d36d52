"""`raise X from Y` chains a cause; `raise X from None` suppresses the context."""


def convert(kind, value):
    if kind == "int":
        return int(value)
    raise ValueError("unknown kind: " + kind) from LookupError(kind)


def reject(value):
    raise RuntimeError("rejected") from None


def checked_div(a, b):
    if b == 0:
        raise ArithmeticError("bad divisor") from ZeroDivisionError(b)
    return a // b


CASES = [
    ("convert", ("int", "12"), {}),
    ("convert", ("hex", "ff"), {}),
    ("convert", ("int", "x"), {}),
    ("reject", (1,), {}),
    ("checked_div", (7, 2), {}),
    ("checked_div", (7, 0), {}),
]

EXPECTED = [12, ValueError, ValueError, RuntimeError, 3, ArithmeticError]
