"""The type lattice of NoodleCore-IR.

Types are facts the compiler may rely on, not annotations: at translation time almost everything
is ``object``; analyses and guards refine it.  Types are interned so ``is`` compares them.
"""

from __future__ import annotations

from typing import ClassVar


class Type:
    """An interned type name such as ``int`` or ``tuple``; ``object`` is the top of the lattice."""

    __slots__ = ("name",)
    name: str
    _interned: ClassVar[dict[str, Type]] = {}

    def __new__(cls, name: str) -> Type:
        found = cls._interned.get(name)
        if found is None:
            found = super().__new__(cls)
            found.name = name
            cls._interned[name] = found
        return found

    def __repr__(self) -> str:
        return self.name

    __str__ = __repr__

    def join(self, other: Type) -> Type:
        """Least upper bound: equal types stay, ``bool`` joins ``int`` to ``int``, else object."""
        if self is other:
            return self
        if {self.name, other.name} == {"int", "bool"}:
            return INT
        return OBJECT


OBJECT = Type("object")
INT = Type("int")
BOOL = Type("bool")
FLOAT = Type("float")
COMPLEX = Type("complex")
STR = Type("str")
BYTES = Type("bytes")
NONE = Type("none")
TUPLE = Type("tuple")
LIST = Type("list")
DICT = Type("dict")
SET = Type("set")
SLICE = Type("slice")
CALLABLE = Type("callable")

KNOWN_TYPES = {t.name: t for t in (OBJECT, INT, BOOL, FLOAT, COMPLEX, STR, BYTES, NONE, TUPLE,
                                   LIST, DICT, SET, SLICE, CALLABLE)}


def type_of_constant(value: object) -> Type:
    """The most precise lattice type of a Python constant."""
    if value is None:
        return NONE
    name = {bool: "bool", int: "int", float: "float", complex: "complex", str: "str",
            bytes: "bytes", tuple: "tuple"}.get(type(value))
    return KNOWN_TYPES[name] if name else OBJECT
