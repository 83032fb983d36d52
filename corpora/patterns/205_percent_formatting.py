# beyond-foundation
"""printf-style `%` formatting: tuples vs single values, mappings, widths, %r/%a, and errors."""
# ruff: noqa: UP031 - %-formatting is the subject


def fmt(value):
    return "%s|%r|%5.1f|%-4d|%x|%%" % (value, value, value, value, int(value))


def single(value):
    return "got %s" % (value,)


def tuple_trap(value):
    return "got %s" % value


def mapping(d):
    return "%(name)s is %(age)03d" % d


CASES = [("fmt", (3.14159,), {}), ("fmt", (255,), {}), ("single", ((1, 2),), {}),
         ("tuple_trap", ((1, 2),), {}), ("tuple_trap", ("x",), {}),
         ("mapping", ({"name": "Al", "age": 7},), {}), ("mapping", ({"name": 1},), {}),
         ("fmt", ("s",), {})]

EXPECTED = ["3.14159|3.14159|  3.1|3   |3|%", "255|255|255.0|255 |ff|%", "got (1, 2)", TypeError,
            "got x", "Al is 007", KeyError, ValueError]
