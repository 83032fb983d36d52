# beyond-foundation
"""A lambda that refers to its own name (resolved at call time) and a recursive closure."""


def fact(n):
    f = lambda k: 1 if k <= 1 else k * f(k - 1)  # noqa: E731
    return f(n)


def rebound(n):
    f = lambda k: 0 if k == 0 else 1 + f(k - 1)  # noqa: E731
    g = f
    f = lambda k: 100  # noqa: E731
    return g(n)


def fib_memo(n):
    memo = {0: 0, 1: 1}

    def fib(k):
        if k not in memo:
            memo[k] = fib(k - 1) + fib(k - 2)
        return memo[k]

    return fib(n)


CASES = [("fact", (5,), {}), ("rebound", (3,), {}), ("rebound", (0,), {}), ("fib_memo", (30,), {}),
         ("fact", ("x",), {}), ("fib_memo", ("a",), {})]

EXPECTED = [120, 101, 0, 832040, TypeError, TypeError]
