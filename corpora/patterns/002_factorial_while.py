"""While loop with a counter and a validating raise."""


def factorial(n):
    """Iterative so large n (e.g. 30) exercises unbounded ints, not recursion depth."""
    if n < 0:
        raise ValueError("factorial of a negative number")
    result = 1
    i = 2
    while i <= n:
        result *= i
        i += 1
    return result


CASES = [
    ("factorial", (0,), {}),
    ("factorial", (5,), {}),
    ("factorial", (30,), {}),
    ("factorial", (-1,), {}),
    ("factorial", ("3",), {}),
    ("factorial", (True,), {}),
]

EXPECTED = [1, 120, 265252859812191058636308480000000, ValueError, TypeError, 1]
