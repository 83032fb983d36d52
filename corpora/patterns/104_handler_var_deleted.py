# beyond-foundation
"""An except clause's `as` name is deleted when the handler ends, even if it was bound before."""


def after_handler(x):
    e = "before"
    try:
        1 // x
    except ZeroDivisionError as e:  # rebinding a used name on purpose
        print("caught", type(e).__name__)
    return e  # UnboundLocalError when the handler ran


def keep_copy(x):
    saved = None
    try:
        1 // x
    except ZeroDivisionError as err:
        saved = err
    return type(saved).__name__


def not_caught(x):
    e = "kept"
    try:  # noqa: SIM105 - the handler's implicit `del e` is the point
        1 // x
    except ZeroDivisionError as e:  # noqa: F841 - unused, but still deleted afterwards
        pass
    return e


CASES = [("after_handler", (1,), {}), ("after_handler", (0,), {}), ("keep_copy", (0,), {}),
         ("keep_copy", (1,), {}), ("not_caught", (5,), {}), ("not_caught", (0,), {})]

EXPECTED = ["before", UnboundLocalError, "ZeroDivisionError", "NoneType", "kept", UnboundLocalError]
