"""Plain recursion (fibonacci) and an iterative twin with tuple swapping."""


def fib(n):
    if n < 2:
        return n
    return fib(n - 1) + fib(n - 2)


def fib_iter(n):
    a, b = 0, 1
    for _ in range(n):
        a, b = b, a + b
    return a


CASES = [
    ("fib", (0,), {}),
    ("fib", (1,), {}),
    ("fib", (15,), {}),
    ("fib_iter", (90,), {}),
    ("fib", ("x",), {}),
    ("fib_iter", (-3,), {}),
    ("fib_iter", (2.0,), {}),
]

EXPECTED = [0, 1, 610, 2880067194370816120, TypeError, 0, TypeError]
