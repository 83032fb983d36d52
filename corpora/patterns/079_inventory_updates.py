"""Mutating a nested dict argument in place (visible to the caller) and reporting."""


def restock(inventory, item, qty):
    if qty <= 0:
        raise ValueError("quantity must be positive")
    entry = inventory.get(item)
    if entry is None:
        inventory[item] = {"qty": qty, "orders": 1}
    else:
        entry["qty"] += qty
        entry["orders"] += 1
    return inventory[item]["qty"]


def sell(inventory, item, qty):
    entry = inventory[item]
    if entry["qty"] < qty:
        return False
    entry["qty"] -= qty
    if entry["qty"] == 0:
        del inventory[item]
    return True


CASES = [
    ("restock", ({}, "tea", 5), {}),
    ("restock", ({"tea": {"qty": 1, "orders": 1}}, "tea", 2), {}),
    ("restock", ({}, "tea", 0), {}),
    ("sell", ({"tea": {"qty": 3, "orders": 1}}, "tea", 3), {}),
    ("sell", ({"tea": {"qty": 3, "orders": 1}}, "tea", 4), {}),
    ("sell", ({}, "tea", 1), {}),
]

EXPECTED = [5, 3, ValueError, True, False, KeyError]
