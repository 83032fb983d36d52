"""Regression: a call inside an ``assert`` test was inlined, and the guarded body (statements)
cannot be an assert's test expression (stdlib glob._glob2 fell back with a codegen error at
--opt baseline, 2026-11-29).  Also a while condition calling a small helper."""


def is_recursive(pattern):
    return pattern == "**"


def check(pattern):
    assert is_recursive(pattern), "not recursive"
    return pattern[:0]


def count_until(items, stop):
    i = 0
    while i < len(items) and not is_recursive(items[i]):
        i += 1
    return i


CASES = [("check", ("**",), {}), ("check", ("*",), {}),
         ("count_until", (["a", "b", "**", "c"], 0), {}), ("count_until", ([], 0), {})]
