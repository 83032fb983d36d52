"""Different: order-preserving dedupe -> list(set(xs)): order changes."""


def old(xs: list[int]) -> list[int]:
    return list(dict.fromkeys(xs))


def new(xs: list[int]) -> list[int]:
    return list(set(xs))
