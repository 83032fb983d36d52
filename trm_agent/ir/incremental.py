"""When CPython consumes the ``*x`` / ``**m`` operands of a display or a call.

CPython builds ``[*xs, f()]``, ``{**m, 'k': f()}`` and ``g(*xs, **m, k=f())`` piece by piece:
it iterates ``xs`` (or copies ``m``) as soon as it reaches that entry, *before* it evaluates
the entries after it.  The IR's ``py.list``/``py.tuple``/``py.set``/``py.dict``/``py.call``
take all their operands at once, so an interpreter that consumed them at the build op would
iterate ``xs`` after ``f()`` ran: a different order of side effects whenever ``f`` touches
``xs`` (or ``xs`` is a generator that prints).  This module says, for each region, before
which op each such operand must be consumed, and how; the interpreter does it there.

The point is the first op of a later entry's computation (ops are in evaluation order, as the
translator emits them).  Not modelled: big dict and set displays, which CPython also builds one
entry at a time, hashing keys as it goes -- only ``__hash__``/``__eq__`` with side effects could
tell (docs/decisions.md, "Displays CPython builds piece by piece").
"""

from __future__ import annotations

from typing import Any

from trm_agent.ir.core import Op, Region, Value

__all__ = ["consume", "incremental_operands", "schedule"]

Schedule = dict[int, list[tuple[Op, int]]]


def incremental_operands(op: Op) -> list[int]:
    """Indices of ``op``'s operands that CPython consumes where it reaches them."""
    name = op.opdef.name
    if name in ("py.list", "py.tuple", "py.set"):
        return sorted(op.attrs["starred"])
    if name == "py.call":
        return [i + 1 for i, kind in enumerate(op.attrs["kinds"]) if kind in ("*", "**")]
    if name == "py.dict":
        found, index = [], 0
        for entry in op.attrs["layout"]:
            if entry == "*":
                found.append(index)
            index += 1 if entry == "*" else 2
        return found
    return []


def schedule(region: Region) -> Schedule:
    """Op index -> the (build op, operand index) pairs to consume just before that op runs.

    An operand whose later entries compute nothing in this region (constants, variables) is
    left to the build op itself: nothing can run in between."""
    position = {op: i for i, op in enumerate(region.ops)}
    memo: dict[Value, frozenset[int]] = {}
    found: Schedule = {}
    for op in region.ops:
        indices = incremental_operands(op)
        if not indices:
            continue
        trees = [_computing(v, position, memo) for v in op.operands]
        for index in indices:
            earlier = frozenset().union(*trees[:index + 1])
            later = frozenset().union(*trees[index + 1:]) - earlier
            if later:
                found.setdefault(min(later), []).append((op, index))
    return found


def _computing(value: Value, position: dict[Op, int],
               memo: dict[Value, frozenset[int]]) -> frozenset[int]:
    """Positions of the ops of this region that compute ``value`` (transitively)."""
    if value in memo:
        return memo[value]
    owner = value.owner
    found: frozenset[int] = frozenset()
    if isinstance(owner, Op) and owner in position:
        found = frozenset({position[owner]})
        for used in _operands_within(owner):
            found |= _computing(used, position, memo)
    memo[value] = found
    return found


def _operands_within(op: Op) -> list[Value]:
    """``op``'s operands and those of the ops in its regions (an ``and``/``if`` arm)."""
    values = list(op.operands)
    for region in op.regions:
        for inner in region.walk():
            values.extend(inner.operands)
    return values


def consume(op: Op, index: int, value: Any) -> Any:
    """What CPython takes from the operand when it reaches it: the items of ``*x``, the
    items of ``**m`` (with CPython's errors for the wrong kind of object)."""
    name = op.opdef.name
    if name == "py.dict" or (name == "py.call" and op.attrs["kinds"][index - 1] == "**"):
        if not hasattr(value, "keys"):
            kind = type(value).__name__
            raise TypeError(f"argument after ** must be a mapping, not {kind}"
                            if name == "py.call" else f"'{kind}' object is not a mapping")
        copied: dict[Any, Any] = {}
        copied.update(value)  # what DICT_UPDATE/DICT_MERGE read: a dict's own items, else keys()
        return list(copied.items())
    try:
        iterator = iter(value)
    except TypeError:
        if name == "py.call":
            raise TypeError(f"argument after * must be an iterable, not "
                            f"{type(value).__name__}") from None
        raise
    return list(iterator)
