"""Floor division and modulo round toward minus infinity, for ints and floats."""


def floor_ops(a, b):
    return (a // b, a % b, divmod(a, b))


def true_div(a, b):
    return a / b


def last_digit(n):
    return n % 10


CASES = [
    ("floor_ops", (7, 2), {}),
    ("floor_ops", (-7, 2), {}),
    ("floor_ops", (7, -2), {}),
    ("floor_ops", (-7.5, 2), {}),
    ("floor_ops", (-0.0, 3.0), {}),
    ("floor_ops", (1, 0), {}),
    ("true_div", (1, 0.0), {}),
    ("last_digit", (-123,), {}),
]

EXPECTED = [(3, 1, (3, 1)), (-4, 1, (-4, 1)), (-4, -1, (-4, -1)), (-4.0, 0.5, (-4.0, 0.5))]
