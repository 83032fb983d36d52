# beyond-foundation
"""Manually driven coroutines: throw() into a suspended await, handled or escaping."""


class Suspend:
    def __await__(self):
        return (yield "suspended")


async def guarded(log):
    try:
        await Suspend()
        log.append("resumed")
    except KeyError:
        log.append("caught")
        return "recovered"
    return "normal"


def drive(action):
    log = []
    coro = guarded(log)
    first = coro.send(None)
    try:
        if action == "throw":
            coro.throw(KeyError("k"))
        elif action == "bad":
            coro.throw(ValueError("v"))
        else:
            coro.send(None)
    except StopIteration as stop:
        return (first, stop.value, log)


CASES = [("drive", ("send",), {}), ("drive", ("throw",), {}), ("drive", ("bad",), {})]

EXPECTED = [("suspended", "normal", ["resumed"]), ("suspended", "recovered", ["caught"]),
            ValueError]
