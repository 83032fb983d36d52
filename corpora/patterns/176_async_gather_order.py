# beyond-foundation
"""asyncio.gather interleaves tasks at each await; results come back in argument order."""

import asyncio


async def worker(name, steps, log):
    for i in range(steps):
        log.append(f"{name}{i}")
        await asyncio.sleep(0)
    if steps < 0:
        raise ValueError(name)
    return name * steps


async def main(spec):
    log = []
    results = await asyncio.gather(*(worker(n, s, log) for n, s in spec))
    return (results, log)


async def main_collect(spec):
    log = []
    results = await asyncio.gather(*(worker(n, s, log) for n, s in spec), return_exceptions=True)
    return [type(r).__name__ if isinstance(r, Exception) else r for r in results]


def run(spec):
    return asyncio.run(main(spec))


def run_collect(spec):
    return asyncio.run(main_collect(spec))


CASES = [("run", ([("a", 2), ("b", 3)],), {}), ("run", ([],), {}),
         ("run_collect", ([("a", 1), ("b", -1)],), {}), ("run", ([("a", 1), ("b", -1)],), {})]

EXPECTED = [(["aa", "bbb"], ["a0", "b0", "a1", "b1", "b2"]), ([], []), ["a", "ValueError"],
            ValueError]
