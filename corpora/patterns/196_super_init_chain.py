# beyond-foundation
"""super().__init__() through a diamond follows the MRO, each class initialised exactly once."""


class Base:
    def __init__(self, log):
        log.append("Base")
        self.log = log


class Left(Base):
    def __init__(self, log):
        log.append("Left")
        super().__init__(log)


class Right(Base):
    def __init__(self, log):
        log.append("Right")
        super().__init__(log)


class Diamond(Left, Right):
    def __init__(self, log):
        log.append("Diamond")
        super().__init__(log)


class Forgetful(Base):
    def __init__(self, log):
        log.append("Forgetful")


def build(kind):
    log = []
    obj = {"d": Diamond, "l": Left, "f": Forgetful}[kind](log)
    return (log, [c.__name__ for c in type(obj).__mro__], obj.log)


CASES = [("build", ("d",), {}), ("build", ("l",), {}), ("build", ("f",), {}), ("build", ("x",), {})]

EXPECTED = [(["Diamond", "Left", "Right", "Base"], ["Diamond", "Left", "Right", "Base", "object"],
             ["Diamond", "Left", "Right", "Base"]),
            (["Left", "Base"], ["Left", "Base", "object"], ["Left", "Base"]), AttributeError,
            KeyError]
