# beyond-foundation
"""Generator expressions consumed by sum/any/all/list/max/min, incl. short-circuiting."""


def stats(values):
    return (
        sum(v * v for v in values),
        any(v > 10 for v in values),
        all(v >= 0 for v in values),
        max((abs(v) for v in values), default=None),
        list(str(v) for v in values if v),
    )


def short_circuit(values):
    checked = []
    found = any(checked.append(v) or v == 3 for v in values)
    return (found, checked)


CASES = [("stats", ([1, -2, 3],), {}), ("stats", ([],), {}), ("short_circuit", ([1, 3, 5],), {}),
         ("short_circuit", ([],), {}), ("stats", (["a"],), {})]

EXPECTED = [(14, False, False, 3, ["1", "-2", "3"]), (0, False, True, None, []), (True, [1, 3]),
            (False, []), TypeError]
