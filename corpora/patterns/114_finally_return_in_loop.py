# beyond-foundation
"""`return` in finally inside a loop cancels the `break`/`continue` of the try body."""


def cancel_break(items):
    for x in items:
        try:
            if x == "stop":
                break
        finally:
            if x == "stop":
                return "returned from finally"  # noqa: B012
    return "loop finished"


def swallow_in_loop(items):
    out = []
    for x in items:
        try:
            out.append(10 // x)
        finally:
            continue  # noqa: B012 - swallows the exception, allowed since 3.8
    return out


CASES = [("cancel_break", (["a", "stop", "b"],), {}), ("cancel_break", (["a"],), {}),
         ("swallow_in_loop", ([1, 0, 2],), {}), ("swallow_in_loop", (["x", 5],), {}),
         ("cancel_break", (None,), {})]

EXPECTED = ["returned from finally", "loop finished", [10, 5], [2], TypeError]
