"""Regression: a callee whose code after an ``if`` (here a loop that returns from inside) is
copied into both arms of that ``if`` when its returns are lowered for inlining.

Lowering the loop rewrote it in place, so the arm that copied it second copied a half-lowered
loop (breaks where returns were, one carried value more than its operands): an internal error
at ``--opt baseline`` (the caller fell back unoptimized).  Found by reading the change that
added loop-return inlining, not by a campaign.  The lowering now works on a copy.
"""


def f(xs, c, d):
    if c:
        if d:
            return 1
        xs.append(0)
    else:
        xs.append(1)
    for x in xs:
        if x > 4:
            return x
    return -1


def g(xs, c, d):
    r = f(xs, c, d)
    return r, xs


CASES = [("g", (list(xs), c, d), {}) for xs in ([], [1, 5], [9]) for c in (0, 1) for d in (0, 1)]
