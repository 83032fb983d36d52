"""Equivalent: string concatenation loop -> str.join."""


def old(parts: list[str]) -> str:
    s = ""
    for p in parts:
        s += p
    return s


def new(parts: list[str]) -> str:
    return "".join(parts)
