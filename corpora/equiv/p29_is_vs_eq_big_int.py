"""Different: == -> is on computed ints: true only inside the small-int cache."""


def old(n: int) -> bool:
    return (n * 1) == (n + 0)


def new(n: int) -> bool:
    return (n * 1) is (n + 0)
