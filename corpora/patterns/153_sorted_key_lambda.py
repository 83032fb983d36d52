# beyond-foundation
"""sorted/min/max with key lambdas: tuple keys, reverse, stability, and incomparable keys."""


def by_len_then_alpha(words):
    return sorted(words, key=lambda w: (len(w), w))


def by_score_desc_stable(rows):
    return sorted(rows, key=lambda r: r[1], reverse=True)


def extremes(d):
    return (min(d, key=lambda k: d[k]), max(d.items(), key=lambda kv: (kv[1], kv[0]))[0])


def mixed(values):
    return sorted(values, key=lambda v: v)


CASES = [("by_len_then_alpha", (["bb", "a", "ab", "c"],), {}),
         ("by_score_desc_stable", ([("x", 1), ("y", 2), ("z", 1), ("w", 2)],), {}),
         ("extremes", ({"a": 3, "b": 1, "c": 3},), {}), ("mixed", ([1, "a"],), {}),
         ("extremes", ({},), {})]

EXPECTED = [["a", "c", "ab", "bb"], [("y", 2), ("w", 2), ("x", 1), ("z", 1)], ("b", "c"), TypeError,
            ValueError]
