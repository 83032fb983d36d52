# ruff: noqa  (golden fixture: the expected output is generated code)
def pick(a, b, c):
    x = a and b
    y = a or c
    if a < b <= c:
        return x
    return not y


def order(f, g, d):
    d[f()] = g()
    return f(g(), *d, k=g(), **d)
