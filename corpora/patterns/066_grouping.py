"""Grouping into a dict of lists with setdefault, and a histogram string."""


def group_by_len(words):
    groups = {}
    for w in words:
        groups.setdefault(len(w), []).append(w)
    return groups


def histogram(counts):
    lines = []
    for key in sorted(counts):
        lines.append(str(key) + " " + "#" * counts[key])
    return "\n".join(lines)


CASES = [
    ("group_by_len", (["a", "bb", "c", "dd", "eee"],), {}),
    ("group_by_len", ([],), {}),
    ("histogram", ({"b": 2, "a": 3},), {}),
    ("histogram", ({"a": -1},), {}),
    ("histogram", ({1: 1, "a": 2},), {}),
    ("group_by_len", ([1],), {}),
]

EXPECTED = [
    {1: ["a", "c"], 2: ["bb", "dd"], 3: ["eee"]},
    {},
    "a ###\nb ##",
    "a ",
    TypeError,
    TypeError,
]
