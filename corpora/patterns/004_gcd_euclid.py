"""Euclid's gcd recursively and with a while loop, incl. negatives and zero."""


def gcd_rec(a, b):
    if b == 0:
        return abs(a)
    return gcd_rec(b, a % b)


def gcd_loop(a, b):
    while b:
        a, b = b, a % b
    return abs(a)


def lcm(a, b):
    return abs(a * b) // gcd_loop(a, b)


CASES = [
    ("gcd_rec", (48, 18), {}),
    ("gcd_loop", (-48, 18), {}),
    ("gcd_loop", (0, 0), {}),
    ("gcd_rec", (2**64, 2**40 * 3), {}),
    ("lcm", (4, 6), {}),
    ("lcm", (0, 0), {}),
    ("gcd_loop", (7.5, 2.5), {}),
]

EXPECTED = [6, 6, 0, 2**40, 12, ZeroDivisionError, 2.5]
