# beyond-foundation
"""Capture patterns, `as` bindings, dotted value patterns vs bare names (which always capture)."""


class Color:
    RED = "red"
    GREEN = "green"


def paint(cmd):
    match cmd:
        case ("fill", Color.RED | Color.GREEN as c):
            return "fill " + c
        case ("fill", other):
            return "unknown color " + str(other)
        case ("move", [int() as dx, int() as dy] as delta):
            return ("move", dx * dy, list(delta))
        case (name, *args) as whole if len(whole) > 3:
            return ("long", name, len(args))
    return None


def subject_evaluated_once(items):
    match items.pop():
        case 1:
            return ("one", items)
        case n:
            return ("got", n, items)


CASES = [("paint", (("fill", "red"),), {}), ("paint", (("fill", "blue"),), {}),
         ("paint", (("move", (2, 3)),), {}), ("paint", (("x", 1, 2, 3),), {}),
         ("paint", (("x",),), {}), ("subject_evaluated_once", ([5, 1],), {}),
         ("subject_evaluated_once", ([],), {})]

EXPECTED = ["fill red", "unknown color blue", ("move", 6, [2, 3]), ("long", "x", 3), None,
            ("one", [5]), IndexError]
