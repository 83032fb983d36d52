"""Converting strings to numbers with int()/float(), bases, and invalid input."""


def parse_int(s, base=10):
    return int(s, base)


def parse_all(parts):
    total = 0
    for p in parts:
        total += int(p)
    return total


def parse_float(s):
    return float(s)


CASES = [
    ("parse_int", (" 42 ",), {}),
    ("parse_int", ("ff",), {"base": 16}),
    ("parse_int", ("1_000",), {}),
    ("parse_all", (["1", "-2", "+3"],), {}),
    ("parse_float", ("-0",), {}),
    ("parse_float", ("nan",), {}),
    ("parse_int", ("4.5",), {}),
    ("parse_int", (10, 2), {}),
]

EXPECTED = [42, 255, 1000, 2, -0.0, float("nan"), ValueError, TypeError]
