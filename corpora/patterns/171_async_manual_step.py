# beyond-foundation
"""Coroutines stepped by hand with send(None) until StopIteration, using a custom awaitable."""


class Pause:
    def __init__(self, tag):
        self.tag = tag

    def __await__(self):
        value = yield self.tag
        return value


async def worker(n):
    got = []
    for i in range(n):
        got.append(await Pause(i))
    return got


def step(n, replies):
    coro = worker(n)
    seen = []
    value = None
    try:
        while True:
            seen.append(coro.send(value))
            value = replies[len(seen) - 1]
    except StopIteration as stop:
        return (seen, stop.value)


def never_awaited_close(n):
    coro = worker(n)
    first = coro.send(None)
    coro.close()
    return first


CASES = [("step", (3, ["a", "b", "c"]), {}), ("step", (0, []), {}), ("step", (2, ["x"]), {}),
         ("never_awaited_close", (2,), {}), ("never_awaited_close", (0,), {})]

EXPECTED = [([0, 1, 2], ["a", "b", "c"]), ([], []), IndexError, 0, StopIteration]
