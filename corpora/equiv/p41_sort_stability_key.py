"""Different: sort by first item -> sort by whole tuple: ties reorder."""


def old(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted(pairs, key=lambda p: p[0])


def new(pairs: list[tuple[int, int]]) -> list[tuple[int, int]]:
    return sorted(pairs)
