"""Mutants of the arithmetic passes: constant folding, strength reduction, algebraic identities.

Every one of them would be a correct rewrite for some operand types (usually ``int``); the
mistake is the type (or the rounding) it forgets.  DESIGN §4 lists the Python facts they break.
"""

from __future__ import annotations

from tests.mutants._base import (
    Mutant,
    binops,
    constant,
    forward,
    insert_before,
    int_constant,
    make,
    make_const,
    producer,
    replace_with,
)
from trm_agent.ir.core import Function, Op, Value
from trm_agent.passes.analysis import infer_types
from trm_agent.passes.manager import PassContext


def _power_of_two(k: int | None) -> int | None:
    if k is None or k < 2 or k & (k - 1):
        return None
    return k.bit_length() - 1


class OffByOneFold(Mutant):
    """Reassociates ``(x + c1) + c2`` into ``x + C`` but folds ``C`` as ``c1 + c2 + 1``.

    Wrong because the folded constant must be exactly ``c1 + c2``: an off-by-one in the fold
    (the slip a ``<=`` for ``<`` or a 1-based count makes) changes every result.  Python fact:
    a fold must compute what the program computes.  (It also reassociates for any ``x``, which
    is unsound for floats, but int inputs already show the off-by-one.)
    """

    name = "mutant-fold-off-by-one"
    rule = "fold-reassociate-add"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in binops(fn, "+"):
            outer = int_constant(op.operands[1])
            inner = producer(op.operands[0], "py.binop")
            if outer is None or inner is None or inner.attrs["op"] != "+":
                continue
            first = int_constant(inner.operands[1])
            if first is None or constant(inner.operands[0])[0]:
                continue
            folded = make_const(first + outer + 1, op.loc)
            insert_before(op, [folded])
            op.operands = [inner.operands[0], folded.result]
            changes += 1
        return changes


class TruncatingDivision(Mutant):
    """Lowers ``x // c`` (a constant ``c``) to ``int(x / c)``, as a C compiler would.

    Wrong because Python's ``//`` floors toward minus infinity: ``-7 // 2`` is ``-4`` but
    ``int(-7 / 2)`` is ``-3``; it also loses precision past 2**53 and returns an int for
    float ``x``.  Python fact: ``//`` floors toward −∞.
    """

    name = "mutant-truncating-division"
    rule = "div-by-constant-truncate"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in binops(fn, "//"):
            c = int_constant(op.operands[1])
            if not c or constant(op.operands[0])[0]:
                continue
            true_div = make("py.binop", list(op.operands), {"op": "/"}, op.loc)
            to_int = make("py.global.load", [], {"name": "__trm_int__"}, op.loc)
            call = make("py.call", [to_int.result, true_div.result], {"kinds": ("p",)}, op.loc)
            replace_with(fn, op, [true_div, to_int, call], call.result)
            changes += 1
        return changes


class CModulo(Mutant):
    """Lowers ``x % c`` to ``x - c * int(x / c)``: the remainder with C's sign rule.

    Wrong because Python's ``%`` takes the sign of the divisor (``-7 % 3 == 2``), C's takes the
    dividend's (``-1``).  Python fact: ``%`` is consistent with floor division.
    """

    name = "mutant-c-modulo"
    rule = "mod-by-constant-c"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in binops(fn, "%"):
            c = int_constant(op.operands[1])
            if not c or constant(op.operands[0])[0]:
                continue
            x, divisor = op.operands
            true_div = make("py.binop", [x, divisor], {"op": "/"}, op.loc)
            to_int = make("py.global.load", [], {"name": "__trm_int__"}, op.loc)
            quotient = make("py.call", [to_int.result, true_div.result], {"kinds": ("p",)},
                            op.loc)
            product = make("py.binop", [divisor, quotient.result], {"op": "*"}, op.loc)
            rest = make("py.binop", [x, product.result], {"op": "-"}, op.loc)
            replace_with(fn, op, [true_div, to_int, quotient, product, rest], rest.result)
            changes += 1
        return changes


class SquareAnyType(Mutant):
    """Rewrites ``x ** 2`` to ``x * x`` whatever the type of ``x``.

    Wrong for floats: ``1e200 ** 2`` raises OverflowError where ``1e200 * 1e200`` is ``inf``.
    The baseline applies the rule only to proven ints.  Python fact: ``float ** 2`` raises on
    overflow, ``x*x`` does not.
    """

    name = "mutant-square-any-type"
    rule = "square-to-multiply"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in binops(fn, "**"):
            if int_constant(op.operands[1]) == 2 and not constant(op.operands[0])[0]:
                base = op.operands[0]
                op.operands = [base, base]
                op.attrs = {"op": "*"}
                changes += 1
        return changes


class ShiftForFloorDiv(Mutant):
    """Rewrites ``x // 2**k`` to ``x >> k`` without proving ``x`` is an int.

    Wrong for floats (``7.0 // 2`` is ``3.0``; ``7.0 >> 1`` raises TypeError) and for any
    object with its own ``__floordiv__``.  Python fact: the identity holds for ints only.
    """

    name = "mutant-shift-any-type"
    rule = "floordiv-pow2-to-shift"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in binops(fn, "//"):
            shift = _power_of_two(int_constant(op.operands[1]))
            if shift is None or constant(op.operands[0])[0]:
                continue
            amount = make_const(shift, op.loc)
            insert_before(op, [amount])
            op.operands = [op.operands[0], amount.result]
            op.attrs = {"op": ">>"}
            changes += 1
        return changes


class MaskForModulo(Mutant):
    """Rewrites ``x % 2**k`` to ``x & (2**k - 1)`` without proving ``x`` is an int.

    Wrong for floats (``7.5 % 4`` is ``3.5``; ``7.5 & 3`` raises TypeError).  Python fact: the
    mask identity holds for ints (two's complement with infinite sign) only.
    """

    name = "mutant-mask-any-type"
    rule = "mod-pow2-to-mask"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in binops(fn, "%"):
            k = int_constant(op.operands[1])
            if _power_of_two(k) is None or constant(op.operands[0])[0]:
                continue
            assert k is not None
            mask = make_const(k - 1, op.loc)
            insert_before(op, [mask])
            op.operands = [op.operands[0], mask.result]
            op.attrs = {"op": "&"}
            changes += 1
        return changes


class AddZeroAnyType(Mutant):
    """Rewrites ``x + 0`` and ``0 + x`` to ``x`` for every type.

    Wrong for ``-0.0`` (``-0.0 + 0`` is ``0.0``), for str and list (``"a" + 0`` raises
    TypeError) and for bool (``True + 0`` is the int ``1``).  Python fact: ``x + 0`` is not
    ``x`` unless ``x`` is an int.
    """

    name = "mutant-add-zero-any-type"
    rule = "add-zero-identity"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in binops(fn, "+"):
            left, right = op.operands
            keep = left if _is_zero(right) else right if _is_zero(left) else None
            if keep is not None:
                forward(fn, op, keep)
                changes += 1
        return changes


class MulOneAnyType(Mutant):
    """Rewrites ``x * 1`` and ``1 * x`` to ``x`` for every type.

    Wrong for lists (``xs * 1`` is a new list: mutating it must not change ``xs``) and for bool
    (``True * 1`` is ``1``).  Python fact: sequence repetition allocates; bool is an int
    subclass whose arithmetic returns int.
    """

    name = "mutant-mul-one-any-type"
    rule = "mul-one-identity"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in binops(fn, "*"):
            left, right = op.operands
            keep = left if _is_one(right) else right if _is_one(left) else None
            if keep is not None:
                forward(fn, op, keep)
                changes += 1
        return changes


class ConstantRightSub(Mutant):
    """Canonicalises ``c - x`` to ``x - c`` ("constants on the right"), as for ``+``/``*``.

    Wrong because ``-`` is not commutative: ``10 - 3`` is ``7``, ``3 - 10`` is ``-7``.
    Python fact: only commutative operators may swap operands.
    """

    name = "mutant-swap-sub"
    rule = "canonicalise-constant-right-sub"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in binops(fn, "-"):
            left, right = op.operands
            if constant(left)[0] and not constant(right)[0]:
                op.operands = [right, left]
                changes += 1
        return changes


class ConstantRightAdd(Mutant):
    """Canonicalises ``c + x`` to ``x + c`` for any constant ``c``.

    Wrong for strings and other sequences (it is right for numbers): ``"<" + s`` prepends,
    ``s + "<"`` appends.  Python fact: ``+`` is concatenation for str/list/tuple, which does
    not commute.
    """

    name = "mutant-swap-str-add"
    rule = "canonicalise-constant-right-add"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        changes = 0
        for op in binops(fn, "+"):
            left, right = op.operands
            if constant(left)[0] and not constant(right)[0]:
                op.operands = [right, left]
                changes += 1
        return changes


class BoolAndOne(Mutant):
    """Rewrites ``b & 1`` to ``b`` when ``b`` comes from a comparison or ``not`` (0 or 1).

    Wrong because a comparison returns a bool and ``True & 1`` is the int ``1``, not ``True``
    (only ``bool & bool`` stays bool).  Python fact: bool is an int subclass; mixed arithmetic
    returns int.
    """

    name = "mutant-bool-and-one"
    rule = "and-one-of-boolean"

    def rewrite(self, fn: Function, ctx: PassContext) -> int:
        types = infer_types(fn)
        changes = 0
        for op in binops(fn, "&"):
            left, right = op.operands
            owner = left.owner
            boolean = isinstance(owner, Op) and (
                owner.opdef.name == "py.cmp" or types.get(left) == "bool"
                or (owner.opdef.name == "py.unop" and owner.attrs["op"] == "not"))
            if boolean and int_constant(right) == 1:
                forward(fn, op, left)
                changes += 1
        return changes


def _is_zero(value: Value) -> bool:
    return int_constant(value) == 0


def _is_one(value: Value) -> bool:
    return int_constant(value) == 1
