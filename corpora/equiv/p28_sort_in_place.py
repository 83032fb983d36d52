"""Different: sorted copy -> list.sort() on the argument (mutates the caller's list)."""


def old(xs: list[int]) -> list[int]:
    return sorted(xs)


def new(xs: list[int]) -> list[int]:
    xs.sort()
    return xs
