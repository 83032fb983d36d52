# beyond-foundation
"""Nested replacement fields in format specs: width, precision and fill chosen at run time."""


def pad(x, width):
    return f"[{x:{width}}]|[{x:>{width}}]|[{x:^{width}}]"


def precise(x, digits):
    return f"{x:.{digits}f}|{x:{digits + 6}.{digits}e}"


def fill(text, ch, width):
    return f"{text:{ch}<{width}}"


CASES = [("pad", ("ab", 5), {}), ("pad", (42, 4), {}), ("precise", (3.14159, 2), {}),
         ("precise", (-2.5, 1), {}), ("fill", ("x", "*", 4), {}), ("fill", ("x", "**", 4), {}),
         ("pad", ("a", -1), {})]

EXPECTED = ["[ab   ]|[   ab]|[ ab  ]", "[  42]|[  42]|[ 42 ]", "3.14|3.14e+00", "-2.5|-2.5e+00",
            "x***", ValueError, ValueError]
