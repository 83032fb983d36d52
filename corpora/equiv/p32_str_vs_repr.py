"""Different: f'{x}' -> f'{x!r}': same for ints, quotes for strings."""


def old(x: int | str) -> str:
    return f"<{x}>"


def new(x: int | str) -> str:
    return f"<{x!r}>"
