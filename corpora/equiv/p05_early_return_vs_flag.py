"""Equivalent: search with a found-flag -> early return."""


def old(xs: list[int], target: int) -> bool:
    found = False
    for x in xs:
        if x == target:
            found = True
            break
    return found


def new(xs: list[int], target: int) -> bool:
    for x in xs:
        if x == target:
            return True
    return False
