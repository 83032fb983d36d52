"""Different: abs(x) -> conditional negation on ints: abs(True) is 1, the conditional returns True.

Kept from the first draft of this corpus, where it was listed as equivalent: z3 found x=True
(bool is an int) and execution confirmed it.
"""


def old(x: int) -> int:
    return abs(x)


def new(x: int) -> int:
    return x if x >= 0 else -x
