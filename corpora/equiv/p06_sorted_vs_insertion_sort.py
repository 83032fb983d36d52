"""Equivalent: sorted() -> hand-written insertion sort on a copy."""


def old(xs: list[int]) -> list[int]:
    return sorted(xs)


def new(xs: list[int]) -> list[int]:
    out = list(xs)
    for i in range(1, len(out)):
        key = out[i]
        j = i - 1
        while j >= 0 and out[j] > key:
            out[j + 1] = out[j]
            j -= 1
        out[j + 1] = key
    return out
