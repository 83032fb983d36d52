"""Common str methods: strip, split, replace, case changes, find, count, startswith."""


def normalize(s):
    return s.strip().lower().replace("  ", " ")


def describe(s, prefix):
    return (s.startswith(prefix), s.find("o"), s.count("o"), s.upper(), s.split())


def title_words(s, sep=None):
    parts = s.split(sep)
    out = []
    for p in parts:
        out.append(p.capitalize())
    return " ".join(out)


CASES = [
    ("normalize", ("  Hello  World ",), {}),
    ("describe", ("foo boo", "fo"), {}),
    ("describe", ("", ""), {}),
    ("title_words", ("a,b,,c",), {"sep": ","}),
    ("title_words", ("x", ""), {}),
    ("normalize", (42,), {}),
]

EXPECTED = [
    "hello world",
    (True, 1, 4, "FOO BOO", ["foo", "boo"]),
    (True, -1, 0, "", []),
    "A B  C",
    ValueError,
]
