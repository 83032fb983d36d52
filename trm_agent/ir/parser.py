"""IR text parser: the inverse of printer.py (``print(parse(text)) == text``)."""

from __future__ import annotations

import ast
import re

from trm_agent.ir.core import Function, Module, Op, Region, Value
from trm_agent.ir.opdefs import OPS
from trm_agent.ir.types import KNOWN_TYPES, OBJECT, Type

_TOKEN = re.compile(
    r"""(?P<ws>\s+)
      |(?P<str>b?'(?:[^'\\\n]|\\.)*'|b?"(?:[^"\\\n]|\\.)*")
      |(?P<value>%[\w.]+)
      |(?P<symbol>@[^\s(]+)
      |(?P<num>-?(?:0x[0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?|inf\b|nan\b))
      |(?P<word>[^\W\d][\w.<>-]*)
      |(?P<punct>\.\.\.|[{}()\[\],=:^])""",
    re.VERBOSE,
)


class ParseError(ValueError):
    """Malformed IR text; the message names the line."""


class _Tokens:
    __slots__ = ("items", "pos", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.items: list[tuple[str, str, int]] = []
        pos = 0
        line = 1
        while pos < len(text):
            match = _TOKEN.match(text, pos)
            if match is None:
                raise ParseError(f"line {line}: unexpected character {text[pos]!r}")
            kind = match.lastgroup or ""
            if kind != "ws":
                self.items.append((kind, match.group(), line))
            line += match.group().count("\n")
            pos = match.end()
        self.pos = 0

    def peek(self) -> tuple[str, str, int]:
        return self.items[self.pos] if self.pos < len(self.items) else ("eof", "", -1)

    def next(self) -> tuple[str, str, int]:
        tok = self.peek()
        self.pos += 1
        return tok

    def expect(self, text: str) -> None:
        _kind, value, line = self.next()
        if value != text:
            raise ParseError(f"line {line}: expected {text!r}, found {value!r}")

    def accept(self, text: str) -> bool:
        if self.peek()[1] == text:
            self.pos += 1
            return True
        return False


class _Parser:
    __slots__ = ("tokens", "values")

    def __init__(self, text: str) -> None:
        self.tokens = _Tokens(text)
        self.values: dict[str, Value] = {}

    def module(self) -> Module:
        self.tokens.expect("module")
        module = Module(str(self.attr_value()))
        while self.tokens.peek()[0] != "eof":
            module.functions.append(self.function())
        return module

    def function(self) -> Function:
        self.values = {}
        self.tokens.expect("func")
        kind, symbol, line = self.tokens.next()
        if kind != "symbol":
            raise ParseError(f"line {line}: expected @qualname")
        qualname = symbol[1:]
        args = self.value_list_in_parens()
        self.tokens.expect("line")
        lineno = int(self.tokens.next()[1])
        params = [a.hint for a in args]
        fn = Function(qualname.rsplit(".", 1)[-1], qualname, lineno, params)
        fn.lowered = True
        while not self.tokens.accept("{"):
            word = self.tokens.next()[1]
            if word == "slots":
                fn.slots = [str(s) for s in self.attr_value()]  # type: ignore[attr-defined]
            elif word == "async":
                fn.is_async = True
            elif word == "generator":
                fn.is_generator = True
            elif word == "blocked":
                fn.lowered = False
            else:
                raise ParseError(f"unexpected {word!r} in function header of {qualname}")
        for arg in args:
            fn.body.add_arg(arg)
        self.region_body(fn.body)
        return fn

    def value_list_in_parens(self) -> list[Value]:
        self.tokens.expect("(")
        values: list[Value] = []
        while not self.tokens.accept(")"):
            value = self.define_value()
            if self.tokens.accept(":"):
                value.type = self.type_()
            values.append(value)
            self.tokens.accept(",")
        return values

    def define_value(self) -> Value:
        kind, text, line = self.tokens.next()
        if kind != "value":
            raise ParseError(f"line {line}: expected a %value, found {text!r}")
        name = text[1:]
        hint = name.rsplit(".", 1)[0] if "." in name else ("" if name.isdigit() else name)
        value = Value(OBJECT, hint)
        if text in self.values:
            raise ParseError(f"line {line}: {text} defined twice")
        self.values[text] = value
        return value

    def use_value(self) -> Value:
        _kind, text, line = self.tokens.next()
        value = self.values.get(text)
        if value is None:
            raise ParseError(f"line {line}: use of undefined value {text}")
        return value

    def region_body(self, region: Region) -> None:
        """Ops up to and including the closing brace (the opening one is consumed)."""
        while not self.tokens.accept("}"):
            region.append(self.op())

    def op(self) -> Op:
        results: list[Value] = []
        if self.tokens.peek()[0] == "value":
            results.append(self.define_value())
            while self.tokens.accept(","):
                results.append(self.define_value())
            self.tokens.expect("=")
        _kind, name, line = self.tokens.next()
        opdef = OPS.get(name)
        if opdef is None:
            raise ParseError(f"line {line}: unknown op {name!r}")
        operands: list[Value] = []
        if self.tokens.peek()[0] == "value":
            operands.append(self.use_value())
            while self.tokens.accept(","):
                operands.append(self.use_value())
        attrs = self.attrs() if self.is_attr_dict() else {}
        if self.tokens.accept(":"):
            for i, result in enumerate(results):
                if i:
                    self.tokens.expect(",")
                result.type = self.type_()
        regions: list[Region] = []
        while self.tokens.accept("{"):
            region = Region()
            if self.tokens.accept("^"):
                for arg in self.value_list_in_parens():
                    region.add_arg(arg)
            self.region_body(region)
            regions.append(region)
        loc = (0, 0)
        if self.tokens.accept("loc"):
            self.tokens.expect("(")
            row = int(self.tokens.next()[1])
            self.tokens.expect(":")
            col = int(self.tokens.next()[1])
            self.tokens.expect(")")
            loc = (row, col)
        return Op(opdef, operands, results, attrs, regions, loc)

    def is_attr_dict(self) -> bool:
        """``{`` opens attributes when followed by ``word =``; otherwise it opens a region."""
        items, pos = self.tokens.items, self.tokens.pos
        return (pos + 2 < len(items) and items[pos][1] == "{" and items[pos + 1][0] == "word"
                and items[pos + 2][1] == "=")

    def attrs(self) -> dict[str, object]:
        self.tokens.expect("{")
        attrs: dict[str, object] = {}
        while not self.tokens.accept("}"):
            key = self.tokens.next()[1]
            self.tokens.expect("=")
            attrs[key] = self.attr_value()
            self.tokens.accept(",")
        return attrs

    def type_(self) -> Type:
        name = self.tokens.next()[1]
        return KNOWN_TYPES.get(name) or Type(name)

    def attr_value(self) -> object:
        kind, text, line = self.tokens.next()
        if kind == "str":
            return ast.literal_eval(text)
        if kind == "num":
            if text in ("inf", "-inf", "nan", "-nan"):
                return float(text)
            if "x" in text or not any(c in text for c in ".eE"):
                return int(text, 0)
            return float(text)
        if text == "(":
            items: list[object] = []
            while not self.tokens.accept(")"):
                items.append(self.attr_value())
                self.tokens.accept(",")
            return tuple(items)
        if text == "...":
            return Ellipsis
        if text in ("True", "False", "None"):
            return {"True": True, "False": False, "None": None}[text]
        if text == "complex":
            parts = self.attr_value()
            assert isinstance(parts, tuple) and len(parts) == 2
            return complex(float(parts[0]), float(parts[1]))
        if text == "frozenset":
            return frozenset(self.attr_value())  # type: ignore[call-overload]
        raise ParseError(f"line {line}: bad attribute value {text!r}")


def parse_ir(text: str) -> Module:
    """Parse a whole module's IR text."""
    return _Parser(text).module()


def parse_function(text: str) -> Function:
    return _Parser(text).function()
