# beyond-foundation
"""`except (A, B) as e` catches either type; the first matching clause wins."""


def convert(value):
    try:
        return [int(value)]
    except (TypeError, ValueError) as e:
        return type(e).__name__
    except Exception as e:  # noqa: BLE001 - the fallback clause is under test
        return "other " + type(e).__name__


def pick(d, key, idx):
    try:
        return d[key][idx] / idx
    except (IndexError, KeyError) as e:
        return ("lookup", e.args)
    except (TypeError,):  # noqa: B013 - a one-element tuple is the form under test
        return "type"


CASES = [("convert", ("12",), {}), ("convert", ("x",), {}), ("convert", ([1],), {}),
         ("pick", ({"a": [1, 2]}, "a", 0), {}), ("pick", ({"a": [1, 2]}, "a", 5), {}),
         ("pick", ({"a": [1, 2]}, "b", 0), {}), ("pick", ({"a": 3}, "a", 0), {}),
         ("pick", ([], "a", 0), {})]

EXPECTED = [[12], "ValueError", "TypeError", ZeroDivisionError,
            ("lookup", ("list index out of range",)), ("lookup", ("b",)), "type", "type"]
