# beyond-foundation
"""generator.throw(): the exception appears at the paused yield and can be handled inside."""


def resilient(log):
    n = 0
    while True:
        try:
            yield n
        except ValueError as e:
            log.append("handled " + str(e))
            n = -1
        finally:
            log.append("step")
        n += 1


def run(kind):
    log = []
    gen = resilient(log)
    out = [next(gen), next(gen)]
    try:
        out.append(gen.throw(ValueError("v") if kind == "value" else KeyError("k")))
        out.append(next(gen))
    except KeyError:
        out.append("escaped")
    gen.close()  # explicit, so the last finally never depends on garbage collection
    return (out, log)


def throw_unstarted():
    gen = resilient([])
    return gen.throw(ValueError("early"))


CASES = [("run", ("value",), {}), ("run", ("key",), {}), ("throw_unstarted", (), {})]

EXPECTED = [([0, 1, 0, 1], ["step", "handled v", "step", "step", "step"]),
            ([0, 1, "escaped"], ["step", "step"]), ValueError]
