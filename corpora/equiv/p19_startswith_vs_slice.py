"""Equivalent: slice comparison -> str.startswith."""


def old(s: str, prefix: str) -> bool:
    return s[:len(prefix)] == prefix


def new(s: str, prefix: str) -> bool:
    return s.startswith(prefix)
