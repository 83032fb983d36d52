# beyond-foundation
"""`async for` over a class implementing __aiter__/__anext__, with break and async-for-else."""

import asyncio


class Ticker:
    def __init__(self, n):
        self.i, self.n = 0, n

    def __aiter__(self):
        return self

    async def __anext__(self):
        await asyncio.sleep(0)
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i


async def collect(n, stop):
    out = []
    async for t in Ticker(n):
        if t == stop:
            break
        out.append(t)
    else:
        out.append("exhausted")
    return out


async def not_async_iterable():
    async for x in [1, 2]:  # TypeError: a list has no __aiter__
        return x


def run(n, stop):
    return asyncio.run(collect(n, stop) if n != "bad" else not_async_iterable())


CASES = [("run", (3, None), {}), ("run", (5, 2), {}), ("run", (0, 1), {}), ("run", ("bad", 0), {}),
         ("run", ("x", 1), {})]

EXPECTED = [[1, 2, 3, "exhausted"], [1], ["exhausted"], TypeError, TypeError]
