# beyond-foundation
"""try/except/finally across awaits: handlers in the awaiting coroutine see the callee's error."""

import asyncio


async def fetch(key, table):
    await asyncio.sleep(0)
    return table[key]


async def safe_fetch(key, table, log):
    try:
        value = await fetch(key, table)
    except KeyError:
        log.append("missing " + str(key))
        return None
    else:
        log.append("found")
        return value
    finally:
        log.append("finally")


async def main(keys, table):
    log = []
    values = [await safe_fetch(k, table, log) for k in keys]
    return (values, log)


def run(keys, table):
    return asyncio.run(main(keys, table))


CASES = [("run", (["a", "b"], {"a": 1}), {}), ("run", ([], {}), {}), ("run", ([[1]], {}), {}),
         ("run", (["x"], {"x": 0}), {})]

EXPECTED = [([1, None], ["found", "finally", "missing b", "finally"]), ([], []), TypeError,
            ([0], ["found", "finally"])]
