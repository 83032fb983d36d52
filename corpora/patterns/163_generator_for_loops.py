# beyond-foundation
"""Generators driving for loops: a break leaves the generator suspended (finally not yet run)."""


def numbered(items, log):
    try:
        for i, x in enumerate(items, 1):
            yield f"{i}:{x}"
    finally:
        log.append("gen finally")


def take_until(items, stop):
    log = []
    gen = numbered(items, log)
    out = []
    for s in gen:
        if s.endswith(stop):
            break
        out.append(s)
    log.append("after loop")
    rest = list(gen)
    return (out, rest, log)


CASES = [("take_until", (["a", "b", "c"], "b"), {}), ("take_until", (["a"], "z"), {}),
         ("take_until", ([], "a"), {}), ("take_until", (5, "a"), {})]

EXPECTED = [(["1:a"], ["3:c"], ["after loop", "gen finally"]),
            (["1:a"], [], ["gen finally", "after loop"]), ([], [], ["gen finally", "after loop"]),
            TypeError]
