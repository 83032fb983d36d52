"""Integer digit manipulation with // and %: reversal, palindromes, base conversion."""


def reverse_int(n):
    sign = -1 if n < 0 else 1
    n = abs(n)
    rev = 0
    while n:
        rev = rev * 10 + n % 10
        n //= 10
    return sign * rev


def to_base(n, base):
    if n == 0:
        return "0"
    digits = "0123456789abcdef"
    out = ""
    neg = n < 0
    n = -n if neg else n
    while n > 0:
        out = digits[n % base] + out
        n //= base
    return "-" + out if neg else out


CASES = [
    ("reverse_int", (1230,), {}),
    ("reverse_int", (-45,), {}),
    ("reverse_int", (0,), {}),
    ("to_base", (255, 16), {}),
    ("to_base", (-10, 2), {}),
    ("to_base", (2**64, 16), {}),
    ("to_base", (5, 0), {}),
]

EXPECTED = [321, -54, 0, "ff", "-1010", "10000000000000000", ZeroDivisionError]
