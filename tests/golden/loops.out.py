# ruff: noqa  (golden fixture: the expected output is generated code)
def count(xs, limit):
    total = 0
    n = 0
    for x in xs:
        if x < 0:
            continue
        if total > limit:
            break
        total += x; n = n + 1

    i = 0
    while i < n and total:
        i, total = (i + 1, total - i)
    return (total, n, i)
