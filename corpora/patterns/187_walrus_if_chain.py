# beyond-foundation
"""`:=` in if/elif chains: each condition binds a name visible in later branches and after."""

import re


def parse(text):
    if (m := re.fullmatch(r"(\d+)-(\d+)", text)) is not None:
        return ("range", int(m[1]), int(m[2]))
    elif (n := len(text)) > 5:
        return ("long", n, m)
    elif text and (first := text[0]).isupper():
        return ("capital", first, n)
    return ("plain", n)


def short_circuit(x):
    if x and (y := 10 // x):
        return y
    return y  # UnboundLocalError when x is falsy (the walrus never ran)


CASES = [("parse", ("3-14",), {}), ("parse", ("abcdefgh",), {}), ("parse", ("Abc",), {}),
         ("parse", ("",), {}), ("short_circuit", (3,), {}), ("short_circuit", (0,), {}),
         ("short_circuit", (20,), {}), ("parse", (5,), {})]

EXPECTED = [("range", 3, 14), ("long", 8, None), ("capital", "A", 3), ("plain", 0), 3,
            UnboundLocalError, 0, TypeError]
