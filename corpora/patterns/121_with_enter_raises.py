# beyond-foundation
"""If __enter__ raises, the body and __exit__ never run and the `as` target stays unbound."""


class Gate:
    def __init__(self, log, ok):
        self.log, self.ok = log, ok

    def __enter__(self):
        self.log.append("enter")
        if not self.ok:
            raise PermissionError("closed")
        return "token"

    def __exit__(self, *exc):
        self.log.append("exit")
        return True


def attempt(ok):
    log = []
    token = None
    try:
        with Gate(log, ok) as token:
            log.append("body")
            raise ValueError("suppressed by exit")
    except PermissionError:
        log.append("denied")
    return (token, log)


def no_cm():
    with 42:
        return "unreachable"


CASES = [("attempt", (True,), {}), ("attempt", (False,), {}), ("no_cm", (), {})]

EXPECTED = [("token", ["enter", "body", "exit"]), (None, ["enter", "denied"]), TypeError]
