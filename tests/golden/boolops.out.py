# ruff: noqa  (golden fixture: the expected output is generated code)
def pick(a, b, c):
    x = b if a else a
    y = a if a else c
    if a < b and b <= c:
        return x
    return not y


def order(f, g, d):
    d[f()] = g()
    return f(g(), *d, k=g(), **d)
