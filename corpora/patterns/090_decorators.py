# beyond-foundation
"""Decorators built from closures: call counting and argument validation."""

calls = []


def logged(fn):
    def wrapper(*args, **kwargs):
        calls.append(fn.__name__)
        return fn(*args, **kwargs)

    return wrapper


def positive(fn):
    def wrapper(x):
        if x <= 0:
            raise ValueError("expected a positive number")
        return fn(x)

    return wrapper


@logged
@positive
def half(x):
    return x / 2


@logged
def add(a, b=1):
    return a + b


CASES = [
    ("half", (3,), {}),
    ("half", (-1,), {}),
    ("add", (1,), {"b": 5}),
    ("add", ("a", "b"), {}),
    ("half", ("x",), {}),
]

EXPECTED = [1.5, ValueError, 6, "ab", TypeError]
