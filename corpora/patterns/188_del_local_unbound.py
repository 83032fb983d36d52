# beyond-foundation
"""`del` of a local makes it unbound: reading it raises UnboundLocalError; deleting twice too."""


def delete_then_read(x):
    y = x * 2
    del y
    return y  # noqa: F821 - UnboundLocalError


def conditional_delete(x, drop):
    value = x
    if drop:
        del value
    try:
        return value
    except UnboundLocalError:
        return "gone"


def delete_twice(x):
    a = x
    del a
    del a  # noqa: F821 - UnboundLocalError on the second del


def rebind_after_delete(items):
    total = 0
    for v in items:
        del total
        total = v
    return total


CASES = [("delete_then_read", (1,), {}), ("conditional_delete", (5, False), {}),
         ("conditional_delete", (5, True), {}), ("delete_twice", (1,), {}),
         ("rebind_after_delete", ([1, 2],), {}), ("rebind_after_delete", ([],), {})]

EXPECTED = [UnboundLocalError, 5, "gone", UnboundLocalError, 2, 0]
