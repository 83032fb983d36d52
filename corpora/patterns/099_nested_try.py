# beyond-foundation
"""Nested try statements: inner handler misses, outer catches; inner finally runs first."""


def nested(x, log):
    try:
        try:
            log.append("inner")
            if x == "key":
                return {}[x]
            return int(x)
        except KeyError:
            log.append("inner-key")
            raise
        finally:
            log.append("inner-finally")
    except ValueError:
        log.append("outer-value")
        return -1
    except LookupError:
        log.append("outer-lookup")
        return -2
    finally:
        log.append("outer-finally")


def run(x):
    log = []
    return (nested(x, log), log)


CASES = [("run", ("5",), {}), ("run", ("abc",), {}), ("run", ("key",), {}), ("run", (None,), {}),
         ("nested", ([1],), {"log": []})]

EXPECTED = [(5, ["inner", "inner-finally", "outer-finally"]),
            (-1, ["inner", "inner-finally", "outer-value", "outer-finally"]),
            (-2, ["inner", "inner-key", "inner-finally", "outer-lookup", "outer-finally"]),
            TypeError]
