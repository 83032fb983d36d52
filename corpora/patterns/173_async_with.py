# beyond-foundation
"""`async with` over a class with __aenter__/__aexit__; suppression and return inside the block."""

import asyncio


class Session:
    def __init__(self, log, suppress):
        self.log, self.suppress = log, suppress

    async def __aenter__(self):
        await asyncio.sleep(0)
        self.log.append("open")
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.log.append(("close", exc_type.__name__ if exc_type else None))
        return self.suppress


async def use(x, suppress):
    log = []
    async with Session(log, suppress) as s:
        log.append(s is not None)
        if x == "ret":
            return log
        log.append(10 // x)
    log.append("after")
    return log


def run(x, suppress=False):
    return asyncio.run(use(x, suppress))


CASES = [("run", (2,), {}), ("run", ("ret",), {}), ("run", (0,), {"suppress": True}),
         ("run", (0,), {}), ("run", (5,), {"suppress": True})]

EXPECTED = [["open", True, 5, ("close", None), "after"], ["open", True, ("close", None)],
            ["open", True, ("close", "ZeroDivisionError"), "after"], ZeroDivisionError,
            ["open", True, 2, ("close", None), "after"]]
