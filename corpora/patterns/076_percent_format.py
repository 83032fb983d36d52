"""printf-style `%` formatting and str.format, incl. argument-count errors."""


def row(name, qty, price):
    return "%-6s|%3d|%8.2f" % (name, qty, price)  # noqa: UP031


def fmt(template, *args, **kwargs):
    return template.format(*args, **kwargs)


def percent(x):
    return "%d%%" % x  # noqa: UP031


CASES = [
    ("row", ("tea", 3, 2.5), {}),
    ("fmt", ("{} + {} = {total}", 1, 2), {"total": 3}),
    ("fmt", ("{0:>5}|{0:<3}", "ab"), {}),
    ("percent", (99.9,), {}),
    ("percent", ("x",), {}),
    ("fmt", ("{1}", "a"), {}),
    ("row", ("a", 1), {}),
]

EXPECTED = [
    "tea   |  3|    2.50",
    "1 + 2 = 3",
    "   ab|ab ",
    "99%",
    TypeError,
    IndexError,
    TypeError,
]
