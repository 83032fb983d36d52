"""Different: xs[len(xs) - k:] -> xs[-k:]: k == 0 gives the whole list."""


def old(xs: list[int], k: int) -> list[int]:
    if k < 0:
        return []
    return xs[len(xs) - k:]


def new(xs: list[int], k: int) -> list[int]:
    if k < 0:
        return []
    return xs[-k:]
