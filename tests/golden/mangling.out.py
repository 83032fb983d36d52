# ruff: noqa  (golden fixture: the expected output is generated code)
class Account:
    """A balance with a private field."""

    def __init__(self, balance):
        self._Account__balance = balance

    def deposit(self, amount):
        """Adds ``amount``; the name mangling must survive regeneration."""
        self._Account__balance += amount
        return self._Account__balance
