"""Different: cap of a range off by one, visible only for n >= 1001."""


def old(n: int) -> int:
    total = 0
    for i in range(min(n, 1000)):
        total += i
    return total


def new(n: int) -> int:
    total = 0
    for i in range(min(n, 1001)):
        total += i
    return total
