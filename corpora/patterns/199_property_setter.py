# beyond-foundation
"""Properties with validating setters and deleters; a read-only property cannot be assigned."""


class Account:
    def __init__(self, owner):
        self._owner, self._balance = owner, 0

    @property
    def balance(self):
        return self._balance

    @balance.setter
    def balance(self, value):
        if value < 0:
            raise ValueError("negative balance")
        self._balance = value

    @balance.deleter
    def balance(self):
        self._balance = None

    @property
    def owner(self):
        return self._owner.title()


def run(ops):
    a, out = Account("ann lee"), []
    for op, v in ops:
        if op == "set":
            a.balance = v
        elif op == "del":
            del a.balance
        elif op == "owner":
            a.owner = v
        out.append(a.balance)
    return (out, a.owner)


CASES = [("run", ([("set", 5), ("set", 0), ("del", None)],), {}), ("run", ([],), {}),
         ("run", ([("set", -1)],), {}), ("run", ([("owner", "b")],), {}),
         ("run", ([("set", "x")],), {})]

EXPECTED = [([5, 0, None], "Ann Lee"), ([], "Ann Lee"), ValueError, AttributeError, TypeError]
