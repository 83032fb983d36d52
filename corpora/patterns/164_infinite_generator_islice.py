# beyond-foundation
"""Infinite generators consumed with itertools.islice/takewhile and zip (which stops first)."""

from itertools import islice, takewhile


def naturals(start=0):
    n = start
    while True:
        yield n
        n += 1


def primes():
    found = []
    for n in naturals(2):
        if all(n % p for p in found):
            found.append(n)
            yield n


def first(n):
    return list(islice(primes(), n))


def window(start, stop, step):
    return list(islice(naturals(start), 0, stop, step))


def below(limit):
    return list(zip(takewhile(lambda p: p < limit, primes()), naturals()))  # noqa: B905


CASES = [("first", (6,), {}), ("window", (5, 10, 3), {}), ("below", (12,), {}), ("first", (0,), {}),
         ("first", (-1,), {}), ("window", (0, 3, 0), {})]

EXPECTED = [[2, 3, 5, 7, 11, 13], [5, 8, 11, 14], [(2, 0), (3, 1), (5, 2), (7, 3), (11, 4)], [],
            ValueError, ValueError]
