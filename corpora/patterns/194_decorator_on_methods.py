# beyond-foundation
"""A decorator applied to methods receives `self` through *args; class-level registry decorator."""


def checked(method):
    def wrapper(self, *args):
        if any(a < 0 for a in args):
            raise ValueError(method.__name__ + ": negative")
        self.log.append(method.__name__)
        return method(self, *args)
    return wrapper


class Account:
    def __init__(self, balance):
        self.balance = balance
        self.log = []

    @checked
    def deposit(self, amount):
        self.balance += amount
        return self.balance

    @checked
    def withdraw(self, amount):
        if amount > self.balance:
            raise RuntimeError("insufficient")
        self.balance -= amount
        return self.balance


def run(ops):
    acct = Account(10)
    results = [getattr(acct, op)(amount) for op, amount in ops]
    return (results, acct.log)


CASES = [("run", ([("deposit", 5), ("withdraw", 3)],), {}), ("run", ([],), {}),
         ("run", ([("withdraw", 11)],), {}), ("run", ([("deposit", -1)],), {}),
         ("run", ([("deposit", "x")],), {})]

EXPECTED = [([15, 12], ["deposit", "withdraw"]), ([], []), RuntimeError, ValueError, TypeError]
