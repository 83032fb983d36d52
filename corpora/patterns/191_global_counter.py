# beyond-foundation
"""`global` rebinding of module data (compared after every call), and the UnboundLocalError trap."""

counter = 0
history = []


def bump(n):
    global counter
    counter += n
    history.append(counter)
    return counter


def reset():
    global counter, history
    counter = 0
    history = []
    return (counter, history)


def forgot_global():
    counter += 1  # noqa: F823 - UnboundLocalError: assignment makes it local
    return counter


def shadow():
    counter = "local"
    return (counter, globals()["counter"])


CASES = [("bump", (2,), {}), ("bump", (3,), {}), ("shadow", (), {}), ("forgot_global", (), {}),
         ("reset", (), {}), ("bump", (1,), {}), ("bump", ("x",), {})]

EXPECTED = [2, 5, ("local", 5), UnboundLocalError, (0, []), 1, TypeError]
