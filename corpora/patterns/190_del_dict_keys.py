# beyond-foundation
"""`del d[k]` for present and missing keys, deleting during iteration, and `del` of attributes."""


def remove(d, keys):
    removed = []
    for k in keys:
        if k in d:
            del d[k]
            removed.append(k)
    return (removed, sorted(d))


def remove_strict(d, k):
    del d[k]
    return d


def remove_while_iterating(d):
    for k in d:
        if k % 2:
            del d[k]
    return d


class Obj:
    pass


def del_attr(present):
    o = Obj()
    if present:
        o.a = 1
    del o.a
    return vars(o)


CASES = [("remove", ({"a": 1, "b": 2}, ["a", "z"]), {}), ("remove_strict", ({"a": 1}, "b"), {}),
         ("remove_while_iterating", ({1: "x", 2: "y"},), {}), ("remove", ({1: 0}, [1, 1]), {}),
         ("del_attr", (True,), {}), ("del_attr", (False,), {})]

EXPECTED = [(["a"], ["b"]), KeyError, RuntimeError, ([1], []), {}, AttributeError]
