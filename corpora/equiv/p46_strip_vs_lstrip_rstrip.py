"""Equivalent: s.strip() -> s.lstrip().rstrip() on strs."""


def old(s: str) -> str:
    return s.strip()


def new(s: str) -> str:
    return s.lstrip().rstrip()
