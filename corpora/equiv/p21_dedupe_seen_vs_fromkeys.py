"""Equivalent: order-preserving dedupe with a seen-set -> dict.fromkeys."""


def old(xs: list[int]) -> list[int]:
    seen = set()
    out = []
    for x in xs:
        if x not in seen:
            seen.add(x)
            out.append(x)
    return out


def new(xs: list[int]) -> list[int]:
    return list(dict.fromkeys(xs))
