# beyond-foundation
"""Sequence patterns: fixed length, star captures, nested sequences; str is never a sequence."""


def shape(value):
    match value:
        case []:
            return "empty"
        case [x]:
            return ("one", x)
        case [first, *middle, last]:
            return ("many", first, middle, last)
        case _:
            return "not a sequence"


def point(value):
    match value:
        case (0, 0):
            return "origin"
        case (x, 0) | (0, x):
            return ("axis", x)
        case [(a, b), *_]:
            return ("pair-first", a + b)
        case (x, y):
            return ("point", x, y)
    raise TypeError("unknown shape")


CASES = [("shape", ([],), {}), ("shape", ((7,),), {}), ("shape", ([1, 2, 3, 4],), {}),
         ("shape", ("abc",), {}), ("point", ((0, 0),), {}), ("point", ([0, 5],), {}),
         ("point", ([(1, 2), 3, 4],), {}), ("point", ([(1,)],), {})]

EXPECTED = ["empty", ("one", 7), ("many", 1, [2, 3], 4), "not a sequence", "origin", ("axis", 5),
            ("pair-first", 3), TypeError]

