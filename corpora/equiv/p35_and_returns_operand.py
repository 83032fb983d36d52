"""Different: a and b -> bool(a and b): the int operand becomes a bool."""


def old(a: int, b: int) -> int:
    return a and b


def new(a: int, b: int) -> int:
    return bool(a and b)
