"""Unbounded ints: big powers, three-argument pow, digit sums, int/float conversion limits."""


def digit_sum(n):
    total = 0
    n = abs(n)
    while n > 0:
        n, d = divmod(n, 10)
        total += d
    return total


def modpow(base, exp, mod):
    return pow(base, exp, mod)


def to_float(n):
    return float(n)


def mixed_compare(n):
    return (n == float(n), n < float("inf"), n + 1 > n)


CASES = [
    ("digit_sum", (2**100,), {}),
    ("digit_sum", (-(10**50) - 7,), {}),
    ("modpow", (3, 10**18, 10**9 + 7), {}),
    ("modpow", (3, -1, 7), {}),
    ("to_float", (2**1024,), {}),
    ("mixed_compare", (2**53 + 1,), {}),
    ("modpow", (3, -1, 6), {}),
]

EXPECTED = [115, 8, 246336683, 5, OverflowError, (False, True, True), ValueError]
