# beyond-foundation
"""Assignment expressions (`:=`) and structural pattern matching (`match`)."""


def first_long(words, n):
    for w in words:
        if (size := len(w)) > n:
            return (w, size)
    return None


def describe(value):
    match value:
        case []:
            return "empty list"
        case [x]:
            return "one: " + str(x)
        case [x, *rest]:
            return "head " + str(x) + " +" + str(len(rest))
        case {"kind": kind}:
            return "kind " + kind
        case int() | float():
            return "number"
        case _:
            return "other"


CASES = [
    ("first_long", (["a", "abcd", "xyz"], 2), {}),
    ("first_long", ([], 0), {}),
    ("describe", ([],), {}),
    ("describe", ([1, 2, 3],), {}),
    ("describe", ({"kind": "k", "x": 1},), {}),
    ("describe", (2.5,), {}),
    ("describe", ("s",), {}),
    ("describe", ({"kind": 1},), {}),
]

EXPECTED = [("abcd", 4), None, "empty list", "head 1 +2", "kind k", "number", "other", TypeError]
