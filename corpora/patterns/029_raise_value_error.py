"""Input validation with `raise` of builtin exception types."""


def parse_age(value):
    if not isinstance(value, int) or isinstance(value, bool):
        raise TypeError("age must be an int")
    if value < 0:
        raise ValueError("age must be non-negative")
    if value > 150:
        raise ValueError("age %d is not plausible" % value)  # noqa: UP031
    return value


def require_key(d, key):
    if key not in d:
        raise KeyError(key)
    return d[key]


CASES = [
    ("parse_age", (30,), {}),
    ("parse_age", (-1,), {}),
    ("parse_age", (151,), {}),
    ("parse_age", (True,), {}),
    ("parse_age", ("30",), {}),
    ("require_key", ({"a": 1}, "a"), {}),
    ("require_key", ({"a": 1}, "b"), {}),
]

EXPECTED = [30, ValueError, ValueError, TypeError, TypeError, 1, KeyError]
