# beyond-foundation
"""Nested with + try/finally: unwind order when __exit__ raises or suppresses."""


class CM:
    def __init__(self, log, name, on_exit=None):
        self.log, self.name, self.on_exit = log, name, on_exit

    def __enter__(self):
        self.log.append("enter " + self.name)

    def __exit__(self, exc_type, exc, tb):
        self.log.append(f"exit {self.name} {exc_type.__name__ if exc_type else '-'}")
        if self.on_exit == "raise":
            raise KeyError(self.name)
        return self.on_exit == "suppress"


def run(inner_mode, outer_mode, fail):
    log = []
    try:
        with CM(log, "outer", outer_mode):
            try:
                with CM(log, "inner", inner_mode):
                    if fail:
                        raise ValueError
                    log.append("body")
            finally:
                log.append("finally")
            log.append("after inner")
    except LookupError as e:
        log.append("caught " + type(e).__name__)
    return log


CASES = [("run", (None, None, False), {}), ("run", ("raise", "suppress", False), {}),
         ("run", ("suppress", None, True), {}), ("run", (None, "raise", True), {}),
         ("run", (None, None, True), {})]

E = ["enter outer", "enter inner"]
EXPECTED = [[*E, "body", "exit inner -", "finally", "after inner", "exit outer -"],
            [*E, "body", "exit inner -", "finally", "exit outer KeyError"],
            [*E, "exit inner ValueError", "finally", "after inner", "exit outer -"],
            [*E, "exit inner ValueError", "finally", "exit outer ValueError", "caught KeyError"],
            ValueError]
