"""IR text printer.  The format is canonical: ``print(parse(text)) == text`` (see parser.py).

The text form is also the model's language (DESIGN §8), so it is compact and regular:

    func @Cls.method (%self, %x) line 12 {
      %y = py.binop %x, %1 {op = "+"} loc(13:8)
      cf.return %y loc(13:4)
    }
"""

from __future__ import annotations

import math

from trm_agent.ir.core import Function, Module, Op, Region, Value
from trm_agent.ir.types import OBJECT

_BIG_INT = 10**1000


def format_attr(value: object) -> str:
    """Attribute/constant syntax shared with the parser (Python-like, exact for floats)."""
    if value is None or value is True or value is False:
        return repr(value)
    if value is Ellipsis:
        return "..."
    if isinstance(value, int):
        return hex(value) if abs(value) >= _BIG_INT else str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "-nan" if math.copysign(1.0, value) < 0 else "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, complex):
        return f"complex({format_attr(value.real)}, {format_attr(value.imag)})"  # a 2-tuple
    if isinstance(value, (str, bytes)):
        return repr(value)
    if isinstance(value, tuple):
        inner = ", ".join(format_attr(v) for v in value)
        return f"({inner},)" if len(value) == 1 else f"({inner})"
    if isinstance(value, frozenset):
        return "frozenset" + format_attr(tuple(sorted(value, key=repr)))
    raise TypeError(f"cannot print attribute of type {type(value).__name__}")


class _Namer:
    """Per-function value names: ``%hint`` for the first value of a hint, then ``%hint.N``."""

    __slots__ = ("counter", "names", "used")

    def __init__(self) -> None:
        self.names: dict[Value, str] = {}
        self.used: set[str] = set()
        self.counter = 0

    def define(self, value: Value) -> str:
        base = value.hint
        if base and base not in self.used:
            name = base
        else:
            name = f"{base}.{self.counter}" if base else str(self.counter)
            self.counter += 1
            while name in self.used:
                name = f"{base}.{self.counter}" if base else str(self.counter)
                self.counter += 1
        self.used.add(name)
        self.names[value] = "%" + name
        return "%" + name

    def ref(self, value: Value) -> str:
        name = self.names.get(value)
        return name if name is not None else "%<undefined>"


class Printer:
    __slots__ = ("lines", "namer")

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.namer = _Namer()

    def function(self, fn: Function) -> None:
        self.namer = _Namer()
        args = ", ".join(self.arg(a) for a in fn.body.args)
        header = f"func @{fn.qualname} ({args}) line {fn.lineno}"
        if fn.slots:
            header += f" slots {format_attr(tuple(fn.slots))}"
        if fn.is_generator:
            header += " generator"
        if fn.is_async:
            header += " async"
        if not fn.lowered:
            header += " blocked"
        self.lines.append(header + " {")
        self.ops(fn.body, 1)
        self.lines.append("}")

    def arg(self, value: Value) -> str:
        name = self.namer.define(value)
        return name if value.type is OBJECT else f"{name}: {value.type.name}"

    def ops(self, region: Region, depth: int) -> None:
        for op in region.ops:
            self.op(op, depth)

    def op(self, op: Op, depth: int) -> None:
        pad = "  " * depth
        text = pad
        if op.results:
            text += ", ".join(self.namer.define(r) for r in op.results) + " = "
        text += op.opdef.name
        if op.operands:
            text += " " + ", ".join(self.namer.ref(v) for v in op.operands)
        if op.attrs:
            text += " {" + ", ".join(f"{k} = {format_attr(v)}" for k, v in op.attrs.items()) + "}"
        if any(r.type is not OBJECT for r in op.results):
            text += " : " + ", ".join(r.type.name for r in op.results)
        for region in op.regions:
            text += " {"
            if region.args:
                text += " ^(" + ", ".join(self.arg(a) for a in region.args) + ")"
            self.lines.append(text)
            self.ops(region, depth + 1)
            text = pad + "}"
        if op.loc != (0, 0):
            text += f" loc({op.loc[0]}:{op.loc[1]})"
        self.lines.append(text)


def print_function(fn: Function) -> str:
    printer = Printer()
    printer.function(fn)
    return "\n".join(printer.lines) + "\n"


def print_module(module: Module) -> str:
    printer = Printer()
    printer.lines.append(f"module {format_attr(module.filename)}")
    for fn in module.functions:
        printer.function(fn)
    return "\n".join(printer.lines) + "\n"
