# beyond-foundation
"""Async generators: `yield` inside `async def`, consumed by async for and async comprehensions."""

import asyncio


async def countdown(n):
    while n > 0:
        await asyncio.sleep(0)
        yield n
        n -= 1


async def evens(source):
    async for v in source:
        if v % 2 == 0:
            yield v * 10


async def main(n):
    plain = [v async for v in countdown(n)]
    filtered = [v async for v in evens(countdown(n))]
    return (plain, filtered)


def run(n):
    return asyncio.run(main(n))


CASES = [("run", (5,), {}), ("run", (0,), {}), ("run", (1,), {}), ("run", ("a",), {})]

EXPECTED = [([5, 4, 3, 2, 1], [40, 20]), ([], []), ([1], []), TypeError]
