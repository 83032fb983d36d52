# beyond-foundation
"""The `=` specifier prints the expression text (with its spacing), then repr unless a spec/conv."""


def debug(x, y):
    return f"{x=} {x + y = } {x=!s} {y=:>4}"


def nested_call(items):
    return f"{len(items)=}, {items[0]=}"


def with_spec(value):
    return f"{value=:.2f}"


CASES = [("debug", ("a", "b"), {}), ("debug", (1, 2), {}), ("nested_call", ([7, 8],), {}),
         ("nested_call", ([],), {}), ("with_spec", (2.0 / 3,), {}), ("with_spec", ("s",), {})]

EXPECTED = ["x='a' x + y = 'ab' x=a y=   b", "x=1 x + y = 3 x=1 y=   2", "len(items)=2, items[0]=7",
            IndexError, "value=0.67", ValueError]
