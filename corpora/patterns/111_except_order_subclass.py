# beyond-foundation
"""Handlers are tried in order: a base-class clause before a subclass clause shadows it."""


class Base(Exception):
    pass


class Child(Base):
    pass


def classify(kind):
    try:
        if kind == "child":
            raise Child()
        if kind == "base":
            raise Base()
        if kind == "other":
            raise OSError()
        return "none"
    except Base as e:
        return "base handler " + type(e).__name__
    except Child:  # unreachable: Base catches it first
        return "child handler"


def reverse(kind):
    try:
        return classify(kind)
    except OSError as e:
        return "os " + type(e).__name__


CASES = [("classify", ("child",), {}), ("classify", ("base",), {}), ("classify", ("x",), {}),
         ("classify", ("other",), {}), ("reverse", ("other",), {})]

EXPECTED = ["base handler Child", "base handler Base", "none", OSError, "os OSError"]
