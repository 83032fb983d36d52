"""int/float mixing: true division, negative powers, float overflow vs inf."""


def mix(a, b):
    return (a + b, a * b, a / b, a - b)


def power(base, exp):
    return base**exp


def square_two_ways(x):
    """x*x gives inf for a big float, while x ** 2 raises OverflowError."""
    return x * x


def square_pow(x):
    return x**2


CASES = [
    ("mix", (1, 1.0), {}),
    ("mix", (10, 4), {}),
    ("power", (2, -1), {}),
    ("power", (2, 100), {}),
    ("power", (-8, 1 / 3), {}),
    ("square_two_ways", (1e200,), {}),
    ("square_pow", (1e200,), {}),
    ("power", (0, -1), {}),
]

EXPECTED = [(2.0, 1.0, 1.0, 0.0), (14, 40, 2.5, 6), 0.5, 2**100]
