"""Different: a // b -> int(a / b): differs for negative quotients and huge ints."""


def old(a: int, b: int) -> int:
    return a // b


def new(a: int, b: int) -> int:
    return int(a / b)
