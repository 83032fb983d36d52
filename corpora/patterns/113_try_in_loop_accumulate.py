# beyond-foundation
"""try/except/else in a loop: else runs only for iterations without an exception."""


def tally(items):
    ok, failed = [], []
    for it in items:
        try:
            v = 12 // it
        except ZeroDivisionError:
            failed.append(it)
            continue
        except TypeError:
            failed.append(repr(it))
            break
        else:
            ok.append(v)
        finally:
            ok.append(".")
    return (ok, failed, it)


CASES = [("tally", ([1, 0, 3],), {}), ("tally", ([4, "x", 2],), {}), ("tally", ([0],), {}),
         ("tally", ([],), {}), ("tally", ([6],), {})]

EXPECTED = [([12, ".", ".", 4, "."], [0], 3), ([3, ".", "."], ["'x'"], "x"), (["."], [0], 0),
            UnboundLocalError, ([2, "."], [], 6)]
