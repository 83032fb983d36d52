# beyond-foundation
"""Class bodies run once, top to bottom; their names are not visible to methods (use self/cls)."""

log = []


class Config:
    log.append("class body runs")
    base = 10
    derived = base * 2
    names = [n for n in ("a", "b")]  # noqa: RUF012 - a shared class attribute on purpose

    def method(self):
        return base  # noqa: F821 - NameError: class scope is not enclosing

    def via_self(self):
        return self.base + self.derived

    base = 1  # rebinding later in the body wins for attribute lookup


def run():
    c = Config()
    return (c.via_self(), Config.derived, Config.names, list(log))


def broken():
    return Config().method()


def function_local_class(x):
    class Local:
        value = x * 2

        def get(self):
            return self.value + x

    return Local().get()


CASES = [("run", (), {}), ("broken", (), {}), ("function_local_class", (3,), {}),
         ("function_local_class", (None,), {})]

EXPECTED = [(21, 20, ["a", "b"], ["class body runs"]), NameError, 9, TypeError]
