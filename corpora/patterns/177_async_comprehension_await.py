# beyond-foundation
"""`await` inside comprehensions in a coroutine, and an awaitable object built by a closure."""

import asyncio


async def square(x):
    await asyncio.sleep(0)
    return x * x


async def main(values):
    squares = [await square(v) for v in values]
    by_key = {v: await square(v) for v in values if v % 2}
    total = sum([await square(v) for v in values])
    return (squares, by_key, total)


def run(values):
    return asyncio.run(main(values))


def not_a_coroutine(value):
    return asyncio.run(value)


CASES = [("run", ([1, 2, 3],), {}), ("run", ([],), {}), ("run", (["a"],), {}),
         ("not_a_coroutine", (5,), {})]

EXPECTED = [([1, 4, 9], {1: 1, 3: 9}, 14), ([], {}, 0), TypeError, ValueError]
