"""Different: str.isdigit() -> str.isdecimal(): superscripts are digits, not decimals."""


def old(s: str) -> bool:
    return s.isdigit()


def new(s: str) -> bool:
    return s.isdecimal()
