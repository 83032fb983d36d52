# beyond-foundation
"""Async generator finalisation: aclose() runs its finally, also after an early break."""

import asyncio


async def stream(n, log):
    try:
        for i in range(n):
            yield i
            await asyncio.sleep(0)
    finally:
        log.append("stream closed")


async def main(n, stop):
    log = []
    gen = stream(n, log)
    got = []
    async for v in gen:
        if v == stop:
            break
        got.append(v)
    log.append("loop done")
    await gen.aclose()
    return (got, log)


def run(n, stop):
    return asyncio.run(main(n, stop))


CASES = [("run", (5, 2), {}), ("run", (2, 9), {}), ("run", (0, 0), {}), ("run", (None, 0), {})]

EXPECTED = [([0, 1], ["loop done", "stream closed"]), ([0, 1], ["stream closed", "loop done"]),
            ([], ["stream closed", "loop done"]), TypeError]
