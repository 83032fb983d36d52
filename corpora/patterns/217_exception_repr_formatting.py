# beyond-foundation
"""Exceptions formatted with str/repr/f-strings, their args, and custom __str__ overrides."""


class Coded(Exception):
    def __init__(self, code, msg):
        super().__init__(msg)
        self.code = code

    def __str__(self):
        return f"[{self.code}] {self.args[0]}"


def render(kind):
    try:
        if kind == "key":
            {}["k"]
        elif kind == "coded":
            raise Coded(404, "missing")
        elif kind == "multi":
            raise ValueError("a", 2)
        raise OSError(kind)
    except Exception as e:  # noqa: BLE001 - rendering every kind is the point
        return (f"{e}", f"{e!r}", e.args, str(e) == f"{e!s}")


def bad(kind):
    raise Coded(kind)  # TypeError: __init__ needs msg


CASES = [("render", ("key",), {}), ("render", ("coded",), {}), ("render", ("multi",), {}),
         ("render", ("other",), {}), ("bad", (1,), {})]

EXPECTED = [("'k'", "KeyError('k')", ("k",), True),
            ("[404] missing", "Coded('missing')", ("missing",), True),
            ("('a', 2)", "ValueError('a', 2)", ("a", 2), True),
            ("other", "OSError('other')", ("other",), True)]

