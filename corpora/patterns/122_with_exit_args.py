# beyond-foundation
"""__exit__ receives the exception instance; it can inspect args and choose to suppress."""


class OnlyKeys:
    def __init__(self):
        self.caught = []

    def __enter__(self):
        return self.caught

    def __exit__(self, exc_type, exc, tb):
        if exc_type is KeyError:
            self.caught.append(exc.args[0])
            return True
        return None


def get_all(d, keys):
    found = []
    with OnlyKeys() as caught:
        for k in keys:
            found.append(d[k])
    return (found, caught)


def get_each(d, keys):
    found = []
    cm = OnlyKeys()
    for k in keys:
        with cm:
            found.append(d[k])
    return (found, cm.caught)


CASES = [("get_all", ({"a": 1, "b": 2}, ["a", "b"]), {}),
         ("get_all", ({"a": 1}, ["a", "z", "a"]), {}),
         ("get_each", ({"a": 1}, ["a", "z", "a", "y"]), {}), ("get_each", ({"a": 1}, [[]]), {})]

EXPECTED = [([1, 2], []), ([1], ["z"]), ([1, 1], ["z", "y"]), TypeError]
