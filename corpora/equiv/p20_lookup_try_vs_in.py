"""Equivalent: try/except KeyError -> membership test."""


def old(d: dict[str, int], key: str) -> int:
    try:
        return d[key]
    except KeyError:
        return -1


def new(d: dict[str, int], key: str) -> int:
    return d[key] if key in d else -1
