"""Builder: creates ops at an insertion point, so translators and passes stay short."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from trm_agent.ir.core import Loc, Op, Region, Value
from trm_agent.ir.opdefs import OPS
from trm_agent.ir.types import OBJECT, Type, type_of_constant


class Builder:
    """Appends ops to the current region; ``at(region)`` temporarily moves the insertion point."""

    __slots__ = ("loc", "region")

    def __init__(self, region: Region) -> None:
        self.region = region
        self.loc: Loc = (0, 0)

    @contextmanager
    def at(self, region: Region) -> Iterator[Region]:
        saved = self.region
        self.region = region
        try:
            yield region
        finally:
            self.region = saved

    def op(self, name: str, operands: list[Value] | None = None,
           attrs: dict[str, Any] | None = None,
           results: int = 1, regions: list[Region] | None = None, type_: Type = OBJECT,
           hint: str = "", loc: Loc | None = None) -> Op:
        values = [Value(type_, hint) for _ in range(results)]
        op = Op(OPS[name], operands, values, attrs, regions, self.loc if loc is None else loc)
        self.region.append(op)
        return op

    def value(self, kind: str, *operands: Value, type_: Type = OBJECT, hint: str = "",
              **attrs: Any) -> Value:
        """Create a one-result op and return its result."""
        return self.op(kind, list(operands), attrs, 1, type_=type_, hint=hint).results[0]

    def const(self, value: object, hint: str = "") -> Value:
        return self.value("py.const", type_=type_of_constant(value), hint=hint, value=value)

    @property
    def terminated(self) -> bool:
        return self.region.terminator is not None
