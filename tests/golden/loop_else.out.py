# ruff: noqa  (golden fixture: the expected output is generated code)
def find(rows, target):
    hits = 0
    for row in rows:
        for item in row:
            if item == target:
                hits += 1
                break
        else:
            continue
        hits += 100
    i = 0
    while i < hits:
        if i * i == hits:
            found = i
            break
        i += 1
    else:
        found = None
    return (hits, found)
