"""bool is an int: arithmetic, summing flags, repeating strings by a bool."""


def count_true(flags):
    n = 0
    for f in flags:
        n += f
    return n


def bool_ops(a, b):
    return (a + b, a * 3, a - b, a & b, a | b, a ^ b, -a, ~a)


def maybe_repeat(s, flag):
    return s * flag


def bool_div(a, b):
    return a / b


CASES = [
    ("count_true", ([True, False, True, True],), {}),
    ("bool_ops", (True, True), {}),
    ("bool_ops", (False, True), {}),
    ("maybe_repeat", ("ab", True), {}),
    ("maybe_repeat", ("ab", False), {}),
    ("bool_div", (True, False), {}),
]

EXPECTED = [3, (2, 3, 0, True, True, False, -1, -2), (1, 0, -1, False, True, True, 0, -1), "ab", ""]
