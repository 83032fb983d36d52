# beyond-foundation
"""f-string conversions !r, !s, !a on str, non-ASCII text and objects with custom dunders."""


class Both:
    def __str__(self):
        return "str-form"

    def __repr__(self):
        return "Both()"


def convert(value):
    return f"{value!s}|{value!r}|{value!a}|{value}"


def custom():
    b = Both()
    return f"{b}/{b!r}/{b!s}/{b!a}"


class BadStr:
    def __str__(self):
        return 42


def broken():
    return f"{BadStr()}"


CASES = [("convert", ("hé\n",), {}), ("convert", (3.5,), {}), ("convert", (None,), {}),
         ("custom", (), {}), ("broken", (), {}), ("convert", (["ü", 1],), {})]

EXPECTED = ["hé\n|'hé\\n'|'h\\xe9\\n'|hé\n", "3.5|3.5|3.5|3.5", "None|None|None|None",
            "str-form/Both()/str-form/Both()", TypeError]
