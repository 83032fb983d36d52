# ruff: noqa  (golden fixture: the expected output is generated code)
def count(xs, limit):
    total = 0

    n = 0
    for item in xs:
        if item < 0:
            continue
        if total > limit:
            break
        total_1 = total; total_1 += item; total, n = (total_1, n + 1)

    i, total_2 = (0, total)
    while i < n and total_2:
        i_3, total_4 = (i + 1, total_2 - i); i, total_2 = (i_3, total_4)
    return (total_2, n, i)
