# beyond-foundation
"""`yield from` forwards send() and throw() to the subgenerator and returns its result."""


def echo(log):
    received = []
    while True:
        try:
            v = yield len(received)
        except KeyError:
            log.append("inner caught")
            continue
        if v == "quit":
            return received
        received.append(v)


def wrapper(log):
    result = yield from echo(log)
    log.append(("inner returned", result))
    yield "wrapper done"


def run(msgs, throw):
    log = []
    g = wrapper(log)
    out = [next(g)]
    for m in msgs:
        out.append(g.send(m))
    if throw:
        out.append(g.throw(KeyError if throw == "key" else IndexError))
    return (out, log)


CASES = [("run", (["a", "b", "quit"], None), {}), ("run", (["a"], "key"), {}),
         ("run", ([], "index"), {}), ("run", (["quit", "x"], None), {})]

EXPECTED = [([0, 1, 2, "wrapper done"], [("inner returned", ["a", "b"])]),
            ([0, 1, 1], ["inner caught"]), IndexError, StopIteration]
