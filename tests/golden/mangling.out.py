# ruff: noqa  (golden fixture: the expected output is generated code)
class Account:
    """A balance with a private field."""

    def __init__(self, balance):
        self._Account__balance = balance

    def deposit(self, amount):
        """Adds ``amount``; the name mangling must survive regeneration."""
        _t_1 = self._Account__balance; _t_1 += amount; self._Account__balance = _t_1
        return self._Account__balance
