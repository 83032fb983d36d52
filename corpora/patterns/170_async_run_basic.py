# beyond-foundation
"""async def + await chains driven by asyncio.run; exceptions propagate through awaits."""

import asyncio


async def double(x):
    await asyncio.sleep(0)
    return x * 2


async def pipeline(values):
    out = []
    for v in values:
        out.append(await double(v) + 1)
    return out


async def fails(x):
    return await double(x) // 0


def run(values):
    return asyncio.run(pipeline(values))


def run_fails(x):
    return asyncio.run(fails(x))


CASES = [("run", ([1, 2, 3],), {}), ("run", ([],), {}), ("run", (["a"],), {}),
         ("run_fails", (1,), {}), ("run", ([1.5],), {})]

EXPECTED = [[3, 5, 7], [], TypeError, ZeroDivisionError, [4.0]]
