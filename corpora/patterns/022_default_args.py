"""Default parameter values and calls that mix positional and keyword arguments."""


def greet(name, greeting="Hello", punct="!"):
    return greeting + ", " + name + punct


def scale(x, factor=2, offset=0):
    return x * factor + offset


def call_variants():
    return (greet("A"), greet("B", "Hi"), greet("C", punct="?"), greet(punct=".", name="D"))


CASES = [
    ("call_variants", (), {}),
    ("scale", (3,), {}),
    ("scale", (3,), {"offset": 1}),
    ("scale", ("ab",), {"factor": 3}),
    ("greet", (), {}),
    ("scale", (1, 2, 3, 4), {}),
    ("scale", (1,), {"bogus": 1}),
]

EXPECTED = [
    ("Hello, A!", "Hi, B!", "Hello, C?", "Hello, D."),
    6,
    7,
    TypeError,
    TypeError,
    TypeError,
    TypeError,
]
