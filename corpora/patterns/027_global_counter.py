"""Module-level state rebound through `global`; the cases run in order on one module."""

counter = 0
history = []


def bump(step=1):
    global counter
    counter += step
    history.append(counter)
    return counter


def reset():
    global counter, history
    counter = 0
    history = []
    return (counter, history)


def peek():
    return (counter, len(history))


CASES = [
    ("bump", (), {}),
    ("bump", (5,), {}),
    ("peek", (), {}),
    ("reset", (), {}),
    ("bump", (-2,), {}),
    ("bump", ("x",), {}),
    ("peek", (), {}),
]

EXPECTED = [1, 6, (6, 2), (0, []), -2, TypeError, (-2, 1)]
