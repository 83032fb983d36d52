# beyond-foundation
"""`as` targets may be tuples or attributes; the target is bound after __enter__ returns."""


class Pair:
    def __init__(self, a, b):
        self.value = (a, b)

    def __enter__(self):
        return self.value

    def __exit__(self, *exc):
        return False


class Box:
    item = None


def unpack(a, b):
    with Pair(a, b) as (x, y):
        return y, x


def attribute(a):
    box = Box()
    with Pair(a, a) as box.item:
        pass
    return box.item


def wrong_shape(a):
    with Pair(a, a) as (x, y, z):
        return x + y + z


CASES = [("unpack", (1, "b"), {}), ("attribute", (3,), {}), ("wrong_shape", (1,), {}),
         ("unpack", ([], ()), {})]

EXPECTED = [("b", 1), (3, 3), ValueError, ((), [])]
