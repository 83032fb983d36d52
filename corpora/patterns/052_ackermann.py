"""Deep-ish double recursion (Ackermann, small arguments) and mutual recursion."""


def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))


def is_even(n):
    if n == 0:
        return True
    return is_odd(n - 1)


def is_odd(n):
    if n == 0:
        return False
    return is_even(n - 1)


CASES = [
    ("ackermann", (0, 0), {}),
    ("ackermann", (1, 2), {}),
    ("ackermann", (2, 3), {}),
    ("ackermann", (3, 2), {}),
    ("is_even", (10,), {}),
    ("is_odd", (7,), {}),
    ("ackermann", (0, "x"), {}),
]

EXPECTED = [1, 4, 9, 29, True, True, TypeError]
