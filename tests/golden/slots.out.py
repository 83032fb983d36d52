# ruff: noqa  (golden fixture: the expected output is generated code)
def maybe(flag, items):
    if flag:
        found = items[0]
    for last in items:
        pass
    return (found, last)
