"""Fannkuch: pancake flips over every permutation of a small sequence.

Stresses list slicing and reversal, index arithmetic and a lexicographic
next-permutation helper called once per permutation.
"""


def next_permutation(items):
    """Rearrange ``items`` into the next permutation in lexicographic order, in place.

    Returns False (and leaves ``items`` sorted ascending) after the last permutation.
    """
    i = len(items) - 2
    while i >= 0 and items[i] >= items[i + 1]:
        i -= 1
    if i < 0:
        items.reverse()
        return False
    j = len(items) - 1
    while items[j] <= items[i]:
        j -= 1
    items[i], items[j] = items[j], items[i]
    items[i + 1 :] = items[i + 1 :][::-1]
    return True


def count_flips(perm):
    """Flip the prefix whose length is the first element until a 0 comes first."""
    flips = 0
    first = perm[0]
    if first == 0:
        return 0
    work = perm[:]
    while first != 0:
        work[: first + 1] = work[first::-1]
        flips += 1
        first = work[0]
    return flips


def fannkuch(n):
    perm = list(range(n))
    checksum = 0
    max_flips = 0
    index = 0
    while True:
        flips = count_flips(perm)
        if flips > max_flips:
            max_flips = flips
        if index % 2 == 0:
            checksum += flips
        else:
            checksum -= flips
        index += 1
        if not next_permutation(perm):
            break
    return checksum, max_flips


# run() at the default scale, computed once with this file under CPython 3.11.
EXPECTED = (-4720, 22)


def run(scale: int = 1) -> object:
    checksum = 0
    max_flips = 0
    for _ in range(scale):
        c, m = fannkuch(8)
        checksum += c
        max_flips = max(max_flips, m)
    return (checksum, max_flips)


def check(result) -> None:
    assert result == EXPECTED, result
