"""Regression: the IR interpreter consumed ``*x``/``**m`` operands at the build, after the
later entries ran; CPython iterates (or copies) them where it reaches them.

Each function below makes that order visible: a generator that prints while it is iterated,
a later entry that mutates what an earlier ``**``/``*`` entry names, an error raised by a
later entry after an earlier generator already ran.  Found with the inliner miscompile in
``fuzz_miscompile_inline_dict_unpack_d68db7ad.py``; the interpreter now follows
trm_agent/ir/incremental.py.
"""


def noisy(n):
    for i in range(n):
        print("item", i)
        yield i


def shout(tag, value):
    print("entry", tag)
    return value


def grow(xs, d):
    xs.append(99)
    d["late"] = 1
    return len(xs)


def list_display(n):
    return [*noisy(n), shout("after", -1)]


def tuple_and_set(n):
    return (*noisy(n), shout("t", 0)), sorted({*noisy(n), shout("s", 7)})


def call_star(n):
    return max(*noisy(n), shout("arg", -5), 0)


def dict_unpack(xs, d):
    merged = {**d, "n": grow(xs, d)}
    return sorted(merged.items()), d


def list_unpack(xs, d):
    return [*xs, grow(xs, d)], xs


def call_kwargs(d):
    def collect(**kw):
        return sorted(kw.items())
    return collect(**d, extra=shout("kw", len(d)))


class OwnKeys(dict):
    """CPython merges a dict subclass by its own items, not through this ``keys()``."""

    def keys(self):
        return ["not-there"]


def subclass_unpack(n):
    def collect(**kw):
        return sorted(kw.items())
    mapping = OwnKeys(a=n)
    return sorted({**mapping, "b": shout("b", n)}.items()), collect(**mapping)


def raises_after(n):
    return [*noisy(n), shout("boom", 1) // 0]


CASES = [
    ("list_display", (3,), {}),
    ("list_display", (0,), {}),
    ("tuple_and_set", (2,), {}),
    ("call_star", (3,), {}),
    ("dict_unpack", ([1], {"a": 1}), {}),
    ("list_unpack", ([1, 2], {}), {}),
    ("call_kwargs", ({"a": 1, "b": 2},), {}),
    ("raises_after", (2,), {}),
    ("subclass_unpack", (4,), {}),
]
