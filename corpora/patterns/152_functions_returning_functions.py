# beyond-foundation
"""Higher-order helpers: compose, curry, and a memoizer closing over a dict."""


def compose(*funcs):
    def composed(x):
        for f in reversed(funcs):
            x = f(x)
        return x
    return composed


def curry_add(a):
    return lambda b: lambda c: a + b + c


def memo_calls(values):
    calls = []

    def memoize(f):
        cache = {}

        def inner(n):
            if n not in cache:
                calls.append(n)
                cache[n] = f(n)
            return cache[n]
        return inner

    square = memoize(lambda n: n * n)
    return ([square(v) for v in values], calls)


def use(x):
    return (compose(str, abs, lambda v: v - 10)(x), curry_add(x)(1)(2))


CASES = [("use", (3,), {}), ("memo_calls", ([2, 3, 2, 2],), {}), ("use", (15,), {}),
         ("use", ("a",), {}), ("memo_calls", ([[1]],), {})]

EXPECTED = [("7", 6), ([4, 9, 4, 4], [2, 3]), ("5", 18), TypeError, TypeError]
