# beyond-foundation
"""Decorators with and without arguments on module-level functions; functools.wraps; order."""

import functools

calls = []


def logged(func):
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        calls.append(func.__name__)
        return func(*args, **kwargs)
    return wrapper


def repeat(times):
    def deco(func):
        def wrapper(*args):
            return [func(*args) for _ in range(times)]
        return wrapper
    return deco


@repeat(2)
@logged
def greet(name):
    return "hi " + name


@logged
def divide(a, b=1):
    """Docstring kept by wraps."""
    return a / b


def meta():
    return (divide.__name__, divide.__doc__, greet.__name__)


CASES = [("greet", ("bo",), {}), ("divide", (6,), {"b": 3}), ("meta", (), {}),
         ("divide", (1, 0), {}), ("greet", (1,), {})]

EXPECTED = [["hi bo", "hi bo"], 2.0, ("divide", "Docstring kept by wraps.", "wrapper"),
            ZeroDivisionError, TypeError]
