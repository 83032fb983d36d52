"""Different: dict(d) -> dict(sorted(d.items())): equal as dicts, different iteration order."""


def old(d: dict[str, int]) -> dict[str, int]:
    return dict(d)


def new(d: dict[str, int]) -> dict[str, int]:
    return dict(sorted(d.items()))
