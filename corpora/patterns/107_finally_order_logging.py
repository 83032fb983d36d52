# beyond-foundation
"""The order of try/except/else/finally bodies under each exit path, printed as it happens."""


def trace(mode):
    print("start")
    try:
        print("body")
        if mode in ("raise", "boom"):
            raise (KeyError if mode == "raise" else ValueError)(mode)
        if mode == "return":
            return "early"
    except KeyError as e:
        print("except", e.args[0])
        if mode == "raise":
            return "handled"
    else:
        print("else")
    finally:
        print("finally")
    print("after")
    return "end"


CASES = [("trace", ("normal",), {}), ("trace", ("raise",), {}), ("trace", ("return",), {}),
         ("trace", (None,), {}), ("trace", ("boom",), {})]

EXPECTED = ["end", "handled", "early", "end", ValueError]
