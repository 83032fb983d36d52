# ruff: noqa  (golden fixture: the expected output is generated code)
def make_counter(start, step=1):
    count = start

    def bump(by=step, *, times=1):
        nonlocal count
        count += by * times
        return count

    scale = lambda v, k=step: v * k + count
    return (bump, scale, [scale(i) for i in range(3) if i != count])


def decorate(fn):
    calls = []

    @fn
    def wrapped(*args):
        calls.append(args)
        return len(calls)

    return (wrapped, {k: v for k, v in zip('ab', calls)})
