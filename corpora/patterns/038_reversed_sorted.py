"""reversed() and sorted() with key= and reverse=; mixed types cannot be sorted."""


def last_char(s):
    return s[-1]


def by_last_char(words):
    return sorted(words, key=last_char)


def desc_by_len(words):
    return sorted(words, key=len, reverse=True)


def backwards(seq):
    out = []
    for x in reversed(seq):
        out.append(x)
    return out


CASES = [
    ("by_last_char", (["ab", "ca", "bc"],), {}),
    ("desc_by_len", (["a", "ccc", "bb", "dd"],), {}),
    ("backwards", ("abc",), {}),
    ("backwards", ([],), {}),
    ("by_last_char", (["ok", ""],), {}),
    ("desc_by_len", ([1, 2],), {}),
    ("backwards", ({"a": 1, "b": 2},), {}),
]

EXPECTED = [
    ["ca", "ab", "bc"],
    ["ccc", "bb", "dd", "a"],
    ["c", "b", "a"],
    [],
    IndexError,
    TypeError,
    ["b", "a"],
]
