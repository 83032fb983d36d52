# beyond-foundation
"""`nonlocal` binds the nearest enclosing function scope that has the name, skipping levels."""


def outer():
    x = "outer"
    log = []

    def middle():
        def inner():
            nonlocal x
            x = "set by inner"
        inner()
        log.append(x)

    def shadowing():
        x = "middle local"

        def inner():
            nonlocal x
            x = "inner changed middle"
        inner()
        log.append(x)

    middle()
    shadowing()
    return (x, log)


def read_before_assign():
    def inner():
        return y
    result = inner()  # NameError: free variable referenced before assignment
    y = 1
    return result


CASES = [("outer", (), {}), ("read_before_assign", (), {}), ("outer", (), {})]

EXPECTED = [("set by inner", ["set by inner", "inner changed middle"]), NameError]
