"""`in` / `not in` on lists, strings, dicts (keys), sets and tuples."""


def memberships(x):
    return (x in [1, 2, 3], x in (1.0, "a"), x in {"a": 0}, x not in {1, 2})


def substring(needle, hay):
    return needle in hay


def missing_letters(word, alphabet):
    out = ""
    for ch in alphabet:
        if ch not in word:
            out += ch
    return out


CASES = [
    ("memberships", (1,), {}),
    ("memberships", ("a",), {}),
    ("memberships", (float("nan"),), {}),
    ("substring", ("", "abc"), {}),
    ("substring", (1, "abc"), {}),
    ("missing_letters", ("cab", "abcde"), {}),
    ("memberships", ([1],), {}),
]

EXPECTED = [
    (True, True, False, False),
    (False, True, True, True),
    (False, False, False, True),
    True,
    TypeError,
    "de",
]
