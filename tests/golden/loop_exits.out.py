# ruff: noqa  (golden fixture: the expected output is generated code)
"""Loop-carried variables handed on by ``break`` and ``continue``: no copies at the exits."""


def first_over(items, limit):
    pass
    best = 0; total = 0
    for x in items:
        if x > best:
            best = x
        total += x
        if total > limit:
            break
    return (total, best)


def stale_on_continue(items):
    # ``break`` hands on the new ``n`` while ``continue`` hands on the old one: the new value
    # must not overwrite ``n`` before the loop knows which exit it takes.
    pass
    k = 0; n = 1
    while k < 10:
        k += 1
        new = n * 10 + k
        if k in items:

            n = new; break
    return (n, k)


def search(rows, target):
    count = 0
    for row in rows:
        count += 1
        if target in row:
            break
    else:
        count = -count
    return count
