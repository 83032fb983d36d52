# beyond-foundation
"""`raise X from Y` sets __cause__ and __suppress_context__; the test harness checks the cause."""


class ConfigError(Exception):
    pass


def parse_port(text):
    try:
        port = int(text)
    except ValueError as e:
        raise ConfigError("bad port") from e
    if not 0 < port < 65536:
        raise ConfigError("out of range") from None
    return port


def inspect(text):
    try:
        return parse_port(text)
    except ConfigError as e:
        cause = type(e.__cause__).__name__ if e.__cause__ is not None else None
        return (str(e), cause, e.__suppress_context__)


CASES = [("parse_port", ("80",), {}), ("parse_port", ("x",), {}), ("parse_port", ("0",), {}),
         ("inspect", ("x",), {}), ("inspect", ("70000",), {}), ("inspect", ("443",), {})]

EXPECTED = [80, ConfigError, ConfigError, ("bad port", "ValueError", True),
            ("out of range", None, True), 443]
