# beyond-foundation
"""`for ... else`: else runs when the loop ends without break (incl. empty), never after break."""


def find(items, target):
    for i, x in enumerate(items):
        if x == target:
            print("found at", i)
            break
    else:
        print("not found")
        return -1
    return i


def primes_below(n):
    out = []
    for k in range(2, n):
        for d in range(2, k):
            if k % d == 0:
                break
        else:
            out.append(k)
    return out


def continue_still_else(items):
    log = []
    for x in items:
        if x:
            continue
        log.append(x)
    else:
        log.append("else")
    return log


CASES = [("find", ([3, 4, 5], 4), {}), ("find", ([], 1), {}), ("find", ([1, 2], 9), {}),
         ("primes_below", (20,), {}), ("continue_still_else", ([1, 0, 2],), {}),
         ("find", (None, 1), {})]

EXPECTED = [1, -1, -1, [2, 3, 5, 7, 11, 13, 17, 19], [0, "else"], TypeError]
