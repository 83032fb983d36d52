# beyond-foundation
"""A custom exception hierarchy, caught by base class, re-raised with a cause."""


class AppError(Exception):
    pass


class NotFound(AppError):
    pass


def find(d, key):
    try:
        return d[key]
    except KeyError as exc:
        raise NotFound("no such key: " + str(key)) from exc


def find_or(d, key, default):
    try:
        return find(d, key)
    except AppError:
        return default


CASES = [
    ("find", ({"a": 1}, "a"), {}),
    ("find", ({}, "a"), {}),
    ("find_or", ({}, "a", 0), {}),
    ("find_or", ({"a": None}, "a", 0), {}),
    ("find_or", ({}, [1], 0), {}),
]

EXPECTED = [1, NotFound, 0, None, TypeError]
