"""Different: caseless compare: lower() -> casefold() ('ß' == 'ss' only with casefold)."""


def old(a: str, b: str) -> bool:
    return a.lower() == b.lower()


def new(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()
