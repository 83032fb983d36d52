# beyond-foundation
"""A suspended coroutine's close() runs its finally; an await in that finally is a RuntimeError."""


class Tick:
    def __await__(self):
        yield "tick"


async def job(log, await_in_finally):
    try:
        await Tick()
        log.append("unreachable after close")
    finally:
        log.append("cleanup")
        if await_in_finally:
            await Tick()


def run(await_in_finally):
    log = []
    coro = job(log, await_in_finally)
    log.append(coro.send(None))
    coro.close()
    return log


def not_started():
    log = []
    coro = job(log, False)
    coro.close()
    return (log, coro.cr_frame is None)


CASES = [("run", (False,), {}), ("run", (True,), {}), ("not_started", (), {})]

EXPECTED = [["tick", "cleanup"], RuntimeError, ([], True)]
