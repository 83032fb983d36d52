# beyond-foundation
"""`continue` through finally inside while loops, and an exception escaping a loop's finally."""


def drain(stack):
    seen = []
    while stack:
        item = stack.pop()
        try:
            if item is None:
                continue
            seen.append(item * 2)
        finally:
            seen.append("|")
    return seen


def loop_raise(n):
    i = 0
    done = []
    while i < n:
        try:
            i += 1
            if i == 3:
                raise ValueError(i)
        finally:
            done.append(i)
    return done


def caught(n):
    try:
        return loop_raise(n)
    except ValueError as e:
        return ("value", e.args)


CASES = [("drain", ([1, None, 3],), {}), ("drain", ([],), {}), ("loop_raise", (2,), {}),
         ("loop_raise", (5,), {}), ("caught", (4,), {}), ("drain", ([{}],), {})]

EXPECTED = [[6, "|", "|", 2, "|"], [], [1, 2], ValueError, ("value", (3,)), TypeError]
