# beyond-foundation
"""generator.send(): the sent value is the result of the paused yield; first send must be None."""


def averager():
    total = 0
    count = 0
    avg = None
    while True:
        value = yield avg
        if value is None:
            return (total, count)
        total += value
        count += 1
        avg = total / count


def feed(values):
    gen = averager()
    out = [gen.send(None)]
    for v in values:
        out.append(gen.send(v))
    try:
        gen.send(None)
    except StopIteration as e:
        out.append(e.value)
    return out


def bad_first_send():
    gen = averager()
    return gen.send(5)


CASES = [("feed", ([10, 20, 60],), {}), ("feed", ([],), {}), ("bad_first_send", (), {}),
         ("feed", (["x"],), {}), ("feed", ([1.5],), {})]

EXPECTED = [[None, 10.0, 15.0, 30.0, (90, 3)], [None, (0, 0)], TypeError, TypeError,
            [None, 1.5, (1.5, 1)]]
