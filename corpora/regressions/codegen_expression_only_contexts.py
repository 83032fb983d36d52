"""Regression: values used twice, and nested boolean operators, where only one expression fits.

An internal_error finding of the 100k mutate campaign on 2026-11-29 (seed 40063305, "except
clause whose type needs statements"), and more from compiling every stdlib expression as an
except type and as a match guard:
``except (0 < day < 8)`` and ``case ... if isinstance(v, int) and 0 <= v < n`` read a global
twice, which codegen names with a statement, and statements cannot go there, so the function
fell back. Codegen now names such values inline, ``((_t := day), 0 < _t and _t < 8)[-1]``, in
the same evaluation order. ``(a and b) or c`` used as a value there carries a truth beside its
value that no single expression holds: it is blocked as unsupported, a clean diagnostic.
"""

LOG = []


class Loud:
    """Comparisons that record when they run, so evaluation order is part of the output."""

    def __init__(self, v):
        self.v = v

    def __lt__(self, other):
        LOG.append(("lt", self.v, other))
        return self.v < other

    def __gt__(self, other):
        LOG.append(("gt", self.v, other))
        return self.v > other

    def __le__(self, other):
        LOG.append(("le", self.v, other))
        return self.v <= other

    def __ge__(self, other):
        LOG.append(("ge", self.v, other))
        return self.v >= other


day = Loud(3)
LIMIT = 8


def except_chain_on_global(raise_it):
    del LOG[:]
    try:
        if raise_it:
            raise KeyError(raise_it)
    except (0 < day < LIMIT) and KeyError:
        return "caught", list(LOG)
    return "no exception", list(LOG)


def except_chain_not_reached(kind):
    del LOG[:]
    try:
        raise kind("x")
    except ValueError:
        return "value", list(LOG)
    except (0 < day < LIMIT) and KeyError:
        return "key", list(LOG)


def guard_chain_in_boolop(x, n):
    del LOG[:]
    match x:
        case [first, *rest] if isinstance(first, Loud) and 0 <= first < n:
            return "small", len(rest), list(LOG)
        case [first, *rest]:
            return "other", len(rest), list(LOG)
    return "none", list(LOG)


def guard_chain_on_global(x):
    del LOG[:]
    match x:
        case [first, *rest] if first and 0 <= day < LIMIT:
            return "in range", len(rest), list(LOG)
    return "no match", list(LOG)


def guard_nested_boolop_value(x, a, b):
    match x:
        case int() if bool(a and b or x):
            return "taken"
    return "not taken"


def except_nested_boolop_value(flag, other):
    try:
        raise KeyError(flag)
    except (flag and KeyError or other):
        return "caught"


CASES = [
    ("except_chain_on_global", (0,), {}),
    ("except_chain_on_global", (1,), {}),
    ("except_chain_not_reached", (ValueError,), {}),
    ("except_chain_not_reached", (KeyError,), {}),
    ("guard_chain_in_boolop", ([Loud(2), 1, 2], 5), {}),
    ("guard_chain_in_boolop", ([Loud(7), 1], 5), {}),
    ("guard_chain_in_boolop", ([1, 2], 5), {}),
    ("guard_chain_in_boolop", (5, 5), {}),
    ("guard_chain_on_global", ([1, 2],), {}),
    ("guard_chain_on_global", ([0, 2],), {}),
    ("guard_chain_on_global", ([],), {}),
    ("guard_nested_boolop_value", (3, 1, 0), {}),
    ("guard_nested_boolop_value", (0, 0, 1), {}),
    ("except_nested_boolop_value", (1, ValueError), {}),
    ("except_nested_boolop_value", (0, KeyError), {}),
]
