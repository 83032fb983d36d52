"""Typed expression generation with value tracking.

Each ``<type>_<form>`` method returns an expression of that type (fully parenthesised text
plus its abstract value, values.E) or None when the form does not apply here (no variable of
the needed type, a call over budget...).  Forms that may raise on purpose (``a // b`` with a
``b`` that can be 0, ``int(f)`` on nan/inf...) are drawn only where a handler takes their
exception (or, rarely, anywhere: the driver records escaping exceptions too).
"""

from __future__ import annotations

from collections import Counter

from harness.generate.choices import Choices
from harness.generate.policy import Policy
from harness.generate.scope import Ctx, Fn, Var
from harness.generate.values import (
    BOOL,
    BOX,
    BYTES,
    CAPS,
    DICT,
    FLOAT,
    HUGE_BITS,
    INT,
    LIST,
    MAX_BITS,
    SET,
    SLIST,
    STR,
    TUPLE,
    Abs,
    E,
    clamp,
    float_literal,
    int_literal,
    key_literal,
    literal,
)

__all__ = ["FORMS", "ExprCore"]

STR_LIMIT = 300  # longest intermediate str/bytes an expression may build
SEQ_LIMIT = 160  # longest intermediate list
SIZED = (STR, BYTES, LIST, SLIST, DICT, SET)

# Exception hierarchy of what generated code raises, for "is this caught here?".
PARENT = {
    "ZeroDivisionError": "ArithmeticError", "OverflowError": "ArithmeticError",
    "ArithmeticError": "Exception", "ValueError": "Exception", "IndexError": "LookupError",
    "KeyError": "LookupError", "LookupError": "Exception", "TypeError": "Exception",
    "GenError": "Exception", "AssertionError": "Exception", "Exception": "BaseException",
}

# Forms per type, with default weights (a policy's expr_weights["int.binop"] overrides).
FORMS: dict[str, tuple[tuple[str, int], ...]] = {
    INT: (("lit", 8), ("var", 24), ("binop", 16), ("divmod", 8), ("pow", 4), ("shift", 5),
          ("unop", 4), ("len", 5), ("call", 8), ("minmax", 3), ("sum", 3), ("method", 4),
          ("index", 5), ("convert", 3), ("ifexp", 3), ("walrus", 2), ("gen", 3), ("attr", 4),
          ("math", 2), ("comp", 2), ("async", 2), ("bool", 1), ("peep", 2)),
    BOOL: (("lit", 2), ("var", 6), ("cmp", 20), ("chain", 5), ("member", 6), ("not", 3),
           ("logic", 5), ("isinstance", 2), ("test", 5), ("anyall", 2), ("call", 3),
           ("identity", 2), ("peep", 2)),
    FLOAT: (("lit", 8), ("var", 16), ("binop", 14), ("div", 8), ("convert", 5), ("unop", 3),
            ("func", 5), ("pow", 2), ("call", 5), ("ifexp", 2), ("mix", 5), ("parse", 1),
            ("peep", 2)),
    STR: (("lit", 8), ("var", 16), ("concat", 8), ("repeat", 3), ("slice", 6), ("method", 8),
          ("convert", 6), ("fstring", 6), ("join", 5), ("char", 3), ("percent", 3),
          ("format", 2), ("call", 5), ("ifexp", 2), ("index", 3), ("typename", 1)),
    BYTES: (("lit", 6), ("var", 10), ("concat", 4), ("slice", 3), ("encode", 3), ("build", 3),
            ("method", 3), ("call", 2)),
    LIST: (("lit", 6), ("var", 16), ("concat", 4), ("slice", 4), ("sorted", 6), ("comp", 10),
           ("range", 5), ("map", 3), ("gen", 4), ("convert", 4), ("star", 3), ("call", 4),
           ("ifexp", 1), ("repeat", 2)),
    SLIST: (("lit", 6), ("var", 12), ("split", 5), ("keys", 4), ("comp", 5), ("sorted", 3),
            ("concat", 2), ("call", 3)),
    DICT: (("lit", 6), ("var", 14), ("merge", 4), ("comp", 8), ("zip", 4), ("copy", 2),
           ("fromkeys", 2), ("call", 3)),
    SET: (("lit", 6), ("var", 12), ("setop", 8), ("comp", 6), ("range", 3), ("method", 3),
          ("call", 3)),
    TUPLE: (("lit", 4), ("var", 10), ("pair", 8), ("divmod", 3), ("swap", 3), ("sorted", 2),
            ("call", 3), ("ifexp", 1)),
    BOX: (("new", 10), ("var", 14), ("add", 6), ("op", 4), ("method", 5), ("minmax", 2),
          ("call", 3), ("peep", 2)),
}
LEAF_FORMS = frozenset({"lit", "var", "new"})
WALRUS_FREE = frozenset({LIST, SLIST, DICT, SET, TUPLE, BYTES, BOX})
NONZERO = (2, 3, 7, 10, -3, -1, 16, 5, 1000003, -64, 2**64 + 13)
POW2 = (2, 4, 8, 16, 64)  # int literal divisors that strength reduction turns into shifts/masks
SMALL_ADDEND = (1, 2, 3, 5, 7, 10, 100)


def _bits(n: int) -> int:
    return max(1, n.bit_length())


class ExprCore:
    """The expression half of the generator (statements and programs build on it)."""

    def __init__(self, policy: Policy, ch: Choices) -> None:
        self.p = policy
        self.ch = ch
        self.used: Counter[str] = Counter()
        self.functions: list[Fn] = []  # module-level functions so far: the callee pool
        self.methods: list[Fn] = []  # generated methods of Box
        self.counter = 0
        self.async_used = False
        self.nested_helpers = False  # module-level code calls no helper (nested scopes do)
        self._form_weights: dict[tuple[str, bool], list[int]] = {}
        self._stmt_weights: dict[tuple[str, bool, bool], list[int]] = {}

    # --- bookkeeping -----------------------------------------------------------------------
    def fresh(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def note(self, construct: str) -> None:
        self.used[construct] += 1

    def spend(self, ctx: Ctx, units: int) -> None:
        ctx.fn.cost += ctx.mult * units

    def affordable(self, ctx: Ctx, units: int) -> bool:
        return ctx.fn.cost + ctx.mult * units <= ctx.fn.budget

    def vars_of(self, ctx: Ctx, *types: str) -> list[Var]:
        return [v for v in ctx.scope if v.ty in types]

    def read(self, ctx: Ctx, var: Var) -> str:
        if var.owner is not None and var.owner is not ctx.fn and var.kind != "global":
            var.captured = True
        return var.name

    def caught(self, ctx: Ctx, exc: str) -> bool:
        name: str | None = exc
        while name is not None:
            if name in ctx.catching or "*" in ctx.catching:
                return True
            name = PARENT.get(name)
        return False

    def risky(self, ctx: Ctx, *excs: str) -> bool:
        """May this code raise one of ``excs`` on purpose here?"""
        if all(self.caught(ctx, e) for e in excs):
            return self.ch.draw(2) == 1
        return self.ch.chance(self.p.uncaught_risk)

    # --- entry point -----------------------------------------------------------------------
    def expr(self, ty: str, ctx: Ctx, depth: int = 0) -> E:
        if ty in WALRUS_FREE and not ctx.no_walrus:
            # These may end up as a comprehension's iterable (their clamps build one), where
            # an assignment expression is a SyntaxError.
            ctx = ctx.child(no_walrus=True)
        forms = FORMS[ty]
        leaf = depth >= self.p.max_expr_depth
        weights = self._form_weights.get((ty, leaf))
        if weights is None:
            weights = [0 if leaf and name not in LEAF_FORMS else
                       self.p.expr_weights.get(f"{ty}.{name}", w) for name, w in forms]
            self._form_weights[ty, leaf] = weights
        if sum(weights) > 0:
            for _ in range(3):
                name = forms[self.ch.weighted(weights)][0]
                made: E | None = getattr(self, f"{ty}_{name}")(ctx, depth + 1)
                if made is not None:
                    self.note(f"{ty}.{name}")
                    self.spend(ctx, 1)
                    return made
        return self.leaf(ty, ctx)

    def leaf(self, ty: str, ctx: Ctx) -> E:
        found = self.vars_of(ctx, ty)
        if found and self.ch.draw(3) != 0:
            var = self.ch.pick(found)
            return E(self.read(ctx, var), ty, var.cap)
        if ty == BOX:
            return E(f"Box({int_literal(self.ch, 0.0)[0]})", BOX, CAPS[BOX])
        return literal(ty, self.ch, self.p.huge_int, self.p.special_float, HUGE_BITS)

    def fit(self, ty: str, ctx: Ctx, depth: int, cap: Abs | None = None) -> E:
        """An expression of ``ty`` clamped to ``cap`` (the type's variable cap by default)."""
        return clamp(self.expr(ty, ctx, depth), cap or CAPS[ty], self.ch)

    def var_form(self, ctx: Ctx, ty: str) -> E | None:
        found = self.vars_of(ctx, ty)
        if not found:
            return None
        var = self.ch.pick(found)
        return E(self.read(ctx, var), ty, var.cap)

    # --- ints ------------------------------------------------------------------------------
    def int_lit(self, ctx: Ctx, d: int) -> E:
        text, a = int_literal(self.ch, self.p.huge_int, HUGE_BITS)
        return E(text, INT, a)

    def int_var(self, ctx: Ctx, d: int) -> E | None:
        return self.var_form(ctx, INT)

    def int_bool(self, ctx: Ctx, d: int) -> E:
        b = self.expr(BOOL, ctx, d)
        if self.ch.draw(2):
            return E(f"int({b.text})", INT, Abs(bits=1, nonneg=True))
        return E(f"({b.text} + {self.small()})", INT, Abs(bits=9))

    def int_peep(self, ctx: Ctx, d: int) -> E:
        """Shapes peephole rewrites look for: ``(x + 1) + 2`` (reassociation folds it), and
        bool arithmetic (``(a < b) & 1``, ``b * 1``, ``b + 0``), whose result is an int and
        never the bool itself."""
        shape = self.ch.weighted((4, 3, 3))
        if shape == 0:
            a = self.expr(INT, ctx, d)
            k1, k2 = self.ch.pick(SMALL_ADDEND), self.ch.pick(SMALL_ADDEND)
            return E(f"(({a.text} + {k1}) + {k2})", INT,
                     Abs(bits=max(a.abs.bits, 7) + 1, nonneg=a.abs.nonneg))
        if shape == 1:
            c = self.bool_cmp(ctx, d) if self.ch.draw(3) else self.bool_not(ctx, d)
            return E(f"({c.text} & 1)", INT, Abs(bits=1, nonneg=True))
        b = self.expr(BOOL, ctx, d)
        form = self.ch.pick(("({0} * 1)", "(1 * {0})", "({0} + 0)", "(0 + {0})"))
        return E(form.format(b.text), INT, Abs(bits=1, nonneg=True))

    def small(self) -> int:
        return self.ch.pick((1, 2, 3, 5, 7, 10, 100))

    def int_binop(self, ctx: Ctx, d: int) -> E:
        op = self.ch.pick(("+", "-", "*", "+", "&", "|", "^", "-", "*"))
        a, b = self.expr(INT, ctx, d), self.expr(INT, ctx, d)
        x, y = a.abs, b.abs
        if op == "*" and x.bits + y.bits > MAX_BITS:
            op = "+"
        if op == "*":
            out = Abs(bits=x.bits + y.bits, nonneg=x.nonneg and y.nonneg,
                      nonzero=x.nonzero and y.nonzero)
        elif op == "&" and (x.nonneg or y.nonneg):
            bits = min(v.bits for v in (x, y) if v.nonneg)
            out = Abs(bits=bits, nonneg=True)
        else:
            out = Abs(bits=max(x.bits, y.bits) + 1, nonneg=x.nonneg and y.nonneg and op != "-")
        return E(f"({a.text} {op} {b.text})", INT, out)

    def divisor(self, ctx: Ctx, d: int) -> E:
        """A nonzero int expression (several shapes, negative ones too)."""
        shape = self.ch.weighted((5, 3, 2, 2, 2))
        if shape == 0:
            k = self.ch.pick(NONZERO)
            text = f"({k})" if k < 0 else str(k)
            return E(text, INT, Abs(bits=_bits(k), nonneg=k > 0, nonzero=True))
        if shape == 4:
            found = [v for v in self.vars_of(ctx, INT) if v.cap.nonzero]
            if found:
                var = self.ch.pick(found)
                return E(self.read(ctx, var), INT, var.cap)
            shape = 1
        e = self.expr(INT, ctx, d)
        if shape == 1:
            return E(f"({e.text} | 1)", INT, Abs(bits=e.abs.bits + 1, nonzero=True))
        if shape == 2:
            return E(f"(abs({e.text}) + 1)", INT,
                     Abs(bits=e.abs.bits + 1, nonneg=True, nonzero=True))
        k = self.ch.pick((3, 7, -5))
        return E(f"({e.text} or {k})", INT, Abs(bits=max(e.abs.bits, 3), nonzero=True))

    def int_divmod(self, ctx: Ctx, d: int) -> E:
        a = self.expr(INT, ctx, d)
        if self.risky(ctx, "ZeroDivisionError"):
            b = self.expr(INT, ctx, d)
            self.note("risk.zero-division")
        else:
            b = self.divisor(ctx, d)
        op = self.ch.pick(("//", "%", "%", "//", "divmod"))
        nonneg = a.abs.nonneg and b.abs.nonneg
        if op == "//":
            return E(f"({a.text} // {b.text})", INT, Abs(bits=a.abs.bits, nonneg=nonneg))
        if op == "%":
            return E(f"({a.text} % {b.text})", INT, Abs(bits=b.abs.bits, nonneg=b.abs.nonneg))
        part = self.ch.draw(2)
        return E(f"divmod({a.text}, {b.text})[{part}]", INT,
                 Abs(bits=a.abs.bits if part == 0 else b.abs.bits))

    def int_pow(self, ctx: Ctx, d: int) -> E:
        a = self.expr(INT, ctx, d)
        shape = self.ch.weighted((6, 2, 2))
        if shape == 2:  # three-argument pow: bounded by the modulus whatever the base
            m = self.ch.pick((7, 97, 1000003, 2**61 - 1, 256))
            k = self.ch.between(0, 70)
            return E(f"pow({a.text}, {k}, {m})", INT, Abs(bits=_bits(m), nonneg=True))
        if a.abs.bits * 4 > MAX_BITS:
            a = E(f"({a.text} % 1009)", INT, Abs(bits=10, nonneg=True))
        if shape == 1:
            e = self.expr(INT, ctx, d)
            return E(f"({a.text} ** ({e.text} % 4))", INT, Abs(bits=a.abs.bits * 3 + 1))
        k = self.ch.pick((2, 2, 3, 0, 1, 4))
        return E(f"({a.text} ** {k})", INT, Abs(bits=a.abs.bits * max(k, 1),
                                                 nonneg=k % 2 == 0 or a.abs.nonneg))

    def int_shift(self, ctx: Ctx, d: int) -> E:
        a = self.expr(INT, ctx, d)
        left = self.ch.draw(2) == 0
        shape = self.ch.draw(3)
        if shape == 0:
            k = self.ch.between(0, 40 if left else 70)
            amount, top = str(k), k
        elif shape == 1:
            e = self.expr(INT, ctx, d)
            amount, top = f"({e.text} % 16)", 15
        elif self.risky(ctx, "ValueError"):  # a negative count raises ValueError
            e = self.expr(INT, ctx, d)
            if e.abs.bits > 6:
                e = E(f"({e.text} % 97 - 20)", INT, Abs(bits=7))
            amount, top = e.text, 1 << e.abs.bits
            self.note("risk.negative-shift")
        else:
            e = self.expr(INT, ctx, d)
            amount, top = f"({e.text} & 31)", 31
        if left and a.abs.bits + top > MAX_BITS:
            left = False
        bits = a.abs.bits + top if left else a.abs.bits
        op = "<<" if left else ">>"
        return E(f"({a.text} {op} {amount})", INT, Abs(bits=bits, nonneg=a.abs.nonneg))

    def int_unop(self, ctx: Ctx, d: int) -> E:
        a = self.expr(INT, ctx, d)
        shape = self.ch.draw(4)
        if shape == 0:
            return E(f"(-{a.text})", INT, Abs(bits=a.abs.bits, nonzero=a.abs.nonzero))
        if shape == 1:
            return E(f"(~{a.text})", INT, Abs(bits=a.abs.bits + 1))
        if shape == 2:
            return E(f"(+{a.text})", INT, a.abs)
        return E(f"abs({a.text})", INT, Abs(bits=a.abs.bits, nonneg=True,
                                            nonzero=a.abs.nonzero))

    def sized(self, ctx: Ctx, d: int) -> E:
        ty = self.ch.pick(SIZED)
        return self.expr(ty, ctx, d)

    def int_len(self, ctx: Ctx, d: int) -> E:
        e = self.sized(ctx, d)
        return E(f"len({e.text})", INT, Abs(bits=_bits(e.abs.length), nonneg=True))

    def int_call(self, ctx: Ctx, d: int) -> E | None:
        return self.call(ctx, d, INT)

    def int_minmax(self, ctx: Ctx, d: int) -> E:
        items = [self.expr(INT, ctx, d) for _ in range(self.ch.between(2, 3))]
        fn = self.ch.pick(("min", "max"))
        bits = max(e.abs.bits for e in items)
        return E(f"{fn}({', '.join(e.text for e in items)})", INT, Abs(bits=bits))

    def int_sum(self, ctx: Ctx, d: int) -> E:
        shape = self.ch.draw(3)
        if shape == 0:
            e = self.expr(LIST, ctx, d)
            return E(f"sum({e.text})", INT, Abs(bits=e.abs.elem + _bits(e.abs.length)))
        if shape == 1:
            e = self.expr(SET, ctx, d)
            return E(f"sum({e.text})", INT, Abs(bits=11, nonneg=True))
        e = self.expr(LIST, ctx, d)
        fn = self.ch.pick(("max", "min"))
        dflt = self.ch.pick((0, -1, 7))
        return E(f"{fn}({e.text}, default={dflt})", INT, Abs(bits=max(e.abs.elem, 3)))

    def int_method(self, ctx: Ctx, d: int) -> E:
        shape = self.ch.draw(5)
        if shape == 0:
            e = self.expr(INT, ctx, d)
            return E(f"({e.text}).bit_length()", INT, Abs(bits=12, nonneg=True))
        if shape == 1:
            s, t = self.expr(STR, ctx, d), self.expr(STR, ctx, d)
            meth = self.ch.pick(("find", "count", "rfind"))
            return E(f"{s.text}.{meth}({t.text})", INT, Abs(bits=_bits(STR_LIMIT + 1)))
        if shape == 2:
            e, x = self.expr(LIST, ctx, d), self.expr(INT, ctx, d)
            return E(f"{e.text}.count({x.text})", INT, Abs(bits=_bits(e.abs.length),
                                                            nonneg=True))
        if shape == 3:
            e = self.expr(DICT, ctx, d)
            dflt = self.expr(INT, ctx, d)
            return E(f"{e.text}.get({key_literal(self.ch)}, {dflt.text})", INT,
                     Abs(bits=max(e.abs.elem, dflt.abs.bits)))
        b = self.expr(BYTES, ctx, d)
        needle = self.ch.pick(("97", "b'a'", "0"))
        return E(f"{b.text}.count({needle})", INT,
                 Abs(bits=_bits(b.abs.length), nonneg=True))

    def int_index(self, ctx: Ctx, d: int) -> E:
        shape = self.ch.draw(4)
        i = self.expr(INT, ctx, d)
        if shape == 0:
            lst = self.expr(LIST, ctx, d)
            if self.risky(ctx, "IndexError"):
                self.note("risk.index")
                return E(f"{lst.text}[{i.text}]", INT, Abs(bits=lst.abs.elem))
            return E(f"({lst.text}[{i.text} % len({lst.text})] if {lst.text} else 0)", INT,
                     Abs(bits=lst.abs.elem))
        if shape == 1:
            t = self.expr(TUPLE, ctx, d)
            return E(f"{t.text}[{self.ch.pick(('0', '1', '-1'))}]", INT, Abs(bits=t.abs.elem))
        if shape == 2:
            dct = self.expr(DICT, ctx, d)
            if self.risky(ctx, "KeyError"):
                self.note("risk.key")
                return E(f"{dct.text}[{key_literal(self.ch)}]", INT, Abs(bits=dct.abs.elem))
            key = key_literal(self.ch)
            return E(f"({dct.text}[{key}] if {key} in {dct.text} else {self.small()})", INT,
                     Abs(bits=max(dct.abs.elem, 7)))
        b = self.expr(BYTES, ctx, d)
        return E(f"({b.text}[{i.text} % len({b.text})] if {b.text} else -1)", INT,
                 Abs(bits=8))

    def int_convert(self, ctx: Ctx, d: int) -> E:
        shape = self.ch.draw(5)
        if shape == 0 and self.risky(ctx, "ValueError", "OverflowError"):
            f = self.expr(FLOAT, ctx, d)
            self.note("risk.float-to-int")
            return E(f"{self.ch.pick(('int', 'round', 'math.floor'))}({f.text})", INT,
                     Abs(bits=1025))
        if shape == 1 and self.risky(ctx, "ValueError"):
            s = self.expr(STR, ctx, d)
            self.note("risk.int-parse")
            return E(f"int({s.text})", INT, Abs(bits=_bits(10 ** min(s.abs.length, 600))))
        if shape == 2:
            k = key_literal(self.ch)
            return E(f"ord({k})", INT, Abs(bits=7, nonneg=True, nonzero=True))
        if shape == 3:
            f = self.expr(FLOAT, ctx, d)
            return E(f"int(max(-1e15, min(1e15, {f.text})) if {f.text} == {f.text} else 0)",
                     INT, Abs(bits=50))
        e = self.expr(INT, ctx, d)
        return E(f"int(str({e.text}))", INT, e.abs)

    def int_ifexp(self, ctx: Ctx, d: int) -> E:
        c = self.expr(BOOL, ctx, d)
        a, b = self.expr(INT, ctx, d), self.expr(INT, ctx, d)
        return E(f"({a.text} if {c.text} else {b.text})", INT,
                 Abs(bits=max(a.abs.bits, b.abs.bits), nonneg=a.abs.nonneg and b.abs.nonneg))

    def int_walrus(self, ctx: Ctx, d: int) -> E | None:
        if ctx.no_walrus:
            return None
        targets = [v for v in self.assignable(ctx, INT) if v.kind in ("local", "param")]
        if not targets:
            return None
        var = self.ch.pick(targets)
        e = self.fit(INT, ctx, d, var.cap)
        return E(f"({var.name} := {e.text})", INT, e.abs)

    def assignable(self, ctx: Ctx, ty: str) -> list[Var]:
        """Variables of ``ty`` this code may assign without breaking scoping rules."""
        return [v for v in ctx.scope if v.ty == ty and not v.readonly and v.fn is None
                and (v.owner is ctx.fn or v in ctx.fn.nonlocals or v.kind == "global")]

    def int_gen(self, ctx: Ctx, d: int) -> E | None:
        g = self.pick_callee(ctx, "generator", INT)
        if g is None:
            return None
        call = self.call_text(g, ctx, d)
        shape = self.ch.draw(4)
        bits = g.ret_cap.bits
        if shape == 0:
            return E(f"sum({call})", INT, Abs(bits=bits + _bits(g.yields)))
        if shape == 1:
            return E(f"next({call}, -1)", INT, Abs(bits=bits))
        if shape == 2:
            return E(f"len(list({call}))", INT, Abs(bits=_bits(g.yields), nonneg=True))
        return E(f"max({call}, default=0)", INT, Abs(bits=bits))

    def int_attr(self, ctx: Ctx, d: int) -> E | None:
        box = self.expr(BOX, ctx, d)
        methods = [m for m in self.methods if m.ret == INT and self.affordable(ctx, m.cost)]
        if methods and self.ch.draw(2):
            m = self.ch.pick(methods)
            self.spend(ctx, m.cost + 2)
            ctx.fn.mutates |= m.mutates
            return E(f"{box.text}.{m.name}({self.args_text(m, ctx, d)})", INT, m.ret_cap)
        shape = self.ch.draw(5)
        if shape == 3:  # a property of the subclass
            return E(f"Tagged({self.fit(INT, ctx, d).text}).double", INT, Abs(bits=65))
        if shape == 4:  # a staticmethod
            return E(f"Tagged.clip({self.expr(INT, ctx, d).text})", INT,
                     Abs(bits=20, nonneg=True))
        return E(f"{box.text}.val", INT, Abs(bits=64))

    def int_math(self, ctx: Ctx, d: int) -> E:
        a = self.expr(INT, ctx, d)
        shape = self.ch.draw(3)
        if shape == 0:
            b = self.expr(INT, ctx, d)
            return E(f"math.gcd({a.text}, {b.text})", INT,
                     Abs(bits=max(a.abs.bits, b.abs.bits), nonneg=True))
        if shape == 1:
            return E(f"math.isqrt(abs({a.text}))", INT, Abs(bits=a.abs.bits, nonneg=True))
        return E(f"math.comb({self.ch.between(0, 30)}, {self.ch.between(0, 12)})", INT,
                 Abs(bits=30, nonneg=True))

    def int_comp(self, ctx: Ctx, d: int) -> E:
        src = self.expr(LIST, ctx, d)
        var = Var(self.fresh("c"), INT, Abs(bits=src.abs.elem), ctx.fn, readonly=True)
        inner = ctx.child(mult=ctx.mult * max(1, src.abs.length), in_comp=True).with_vars(var)
        elem = self.expr(INT, inner, d + 1)
        cond = self.expr(BOOL, inner, d + 1)
        if self.ch.draw(2):
            return E(f"sum({elem.text} for {var.name} in {src.text})", INT,
                     Abs(bits=elem.abs.bits + _bits(src.abs.length)))
        return E(f"sum(1 for {var.name} in {src.text} if {cond.text})", INT,
                 Abs(bits=_bits(src.abs.length), nonneg=True))

    def int_async(self, ctx: Ctx, d: int) -> E | None:
        f = self.pick_callee(ctx, "async", INT)
        if f is None:
            return None
        return E(f"_run({self.call_text(f, ctx, d)})", INT, f.ret_cap)

    # --- bools -----------------------------------------------------------------------------
    def bool_lit(self, ctx: Ctx, d: int) -> E:
        return E(self.ch.pick(("True", "False")), BOOL, CAPS[BOOL])

    def bool_var(self, ctx: Ctx, d: int) -> E | None:
        return self.var_form(ctx, BOOL)

    def bool_cmp(self, ctx: Ctx, d: int) -> E:
        ty = self.ch.pick((INT, INT, INT, FLOAT, STR, LIST, TUPLE, BOX, BYTES, SET))
        a, b = self.expr(ty, ctx, d), self.expr(ty, ctx, d)
        ops: tuple[str, ...] = ("==", "!=") if ty in (BOX, SET) and self.ch.draw(2) else \
            ("<", "<=", ">", ">=", "==", "!=")
        if ty == SET:
            ops = ("==", "!=", "<=", "<", ">=")
        op = self.ch.pick(ops)
        if ty == BOX and op in ("<=", ">="):
            op = "<"
        return E(f"({a.text} {op} {b.text})", BOOL, CAPS[BOOL])

    def bool_chain(self, ctx: Ctx, d: int) -> E:
        ty = self.ch.pick((INT, INT, FLOAT, STR))
        parts = [self.expr(ty, ctx, d) for _ in range(3)]
        ops = [self.ch.pick(("<", "<=", "==", "!=", ">", ">=")) for _ in range(2)]
        return E(f"({parts[0].text} {ops[0]} {parts[1].text} {ops[1]} {parts[2].text})", BOOL,
                 CAPS[BOOL])

    def bool_member(self, ctx: Ctx, d: int) -> E:
        neg = " not" if self.ch.draw(3) == 0 else ""
        shape = self.ch.draw(5)
        if shape == 0:
            x, c = self.expr(INT, ctx, d), self.expr(LIST, ctx, d)
        elif shape == 1:
            x, c = E(key_literal(self.ch), STR, Abs(length=1)), self.expr(DICT, ctx, d)
        elif shape == 2:
            x, c = self.expr(INT, ctx, d), self.expr(SET, ctx, d)
        elif shape == 3:
            x, c = self.expr(STR, ctx, d), self.expr(STR, ctx, d)
        else:
            x, c = self.expr(STR, ctx, d), self.expr(SLIST, ctx, d)
        return E(f"({x.text}{neg} in {c.text})", BOOL, CAPS[BOOL])

    def bool_not(self, ctx: Ctx, d: int) -> E:
        e = self.expr(self.ch.pick((BOOL, INT, LIST, STR)), ctx, d)
        return E(f"(not {e.text})", BOOL, CAPS[BOOL])

    def bool_logic(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(BOOL, ctx, d), self.expr(BOOL, ctx, d)
        op = self.ch.pick(("and", "or"))
        return E(f"({a.text} {op} {b.text})", BOOL, CAPS[BOOL])

    def bool_isinstance(self, ctx: Ctx, d: int) -> E:
        ty = self.ch.pick((INT, FLOAT, STR, BOX, LIST, BOOL))
        e = self.expr(ty, ctx, d)
        kinds = self.ch.pick(("int", "float", "str", "Box", "(int, float)", "list", "bool",
                              "(list, tuple)"))
        return E(f"isinstance({e.text}, {kinds})", BOOL, CAPS[BOOL])

    def bool_test(self, ctx: Ctx, d: int) -> E:
        shape = self.ch.draw(5)
        if shape == 0:
            s = self.expr(STR, ctx, d)
            meth = self.ch.pick(("isdigit", "isalpha", "isupper", "islower", "isspace"))
            return E(f"{s.text}.{meth}()", BOOL, CAPS[BOOL])
        if shape == 1:
            s = self.expr(STR, ctx, d)
            meth = self.ch.pick(("startswith", "endswith"))
            return E(f"{s.text}.{meth}({key_literal(self.ch)})", BOOL, CAPS[BOOL])
        if shape == 2:
            f = self.expr(FLOAT, ctx, d)
            test = self.ch.pick(("{0} != {0}", "math.isinf({0})", "math.isnan({0})",
                                 "{0}.is_integer() if math.isfinite({0}) else False",
                                 "math.copysign(1.0, {0}) < 0"))
            return E("(" + test.format(f.text) + ")", BOOL, CAPS[BOOL])
        if shape == 3:
            e = self.sized(ctx, d)
            return E(f"bool({e.text})", BOOL, CAPS[BOOL])
        dct = self.expr(DICT, ctx, d)
        return E(f"({dct.text}.get({key_literal(self.ch)}) is None)", BOOL, CAPS[BOOL])

    def bool_anyall(self, ctx: Ctx, d: int) -> E:
        src = self.expr(LIST, ctx, d)
        var = Var(self.fresh("c"), INT, Abs(bits=src.abs.elem), ctx.fn, readonly=True)
        inner = ctx.child(mult=ctx.mult * max(1, src.abs.length), in_comp=True).with_vars(var)
        cond = self.expr(BOOL, inner, d + 1)
        fn = self.ch.pick(("any", "all"))
        return E(f"{fn}({cond.text} for {var.name} in {src.text})", BOOL, CAPS[BOOL])

    def bool_call(self, ctx: Ctx, d: int) -> E | None:
        return self.call(ctx, d, BOOL)

    def bool_peep(self, ctx: Ctx, d: int) -> E:
        """``not not x`` (a bool, not ``x``) and a value compared with itself (false for
        NaN): what boolean simplifiers get wrong."""
        if self.ch.draw(2):
            e = self.expr(self.ch.pick((INT, LIST, STR, FLOAT)), ctx, d)
            return E(f"(not (not {e.text}))", BOOL, CAPS[BOOL])
        found = self.vars_of(ctx, FLOAT) or self.vars_of(ctx, INT, STR)
        if found and self.ch.draw(4):
            text = self.read(ctx, self.ch.pick(found))
        else:
            text = self.leaf(FLOAT, ctx).text
        op = self.ch.pick(("==", "!=", "<=", ">="))
        return E(f"({text} {op} {text})", BOOL, CAPS[BOOL])

    def bool_identity(self, ctx: Ctx, d: int) -> E | None:
        found = self.vars_of(ctx, LIST, DICT)
        if len(found) < 2:
            return None
        a, b = self.ch.pick(found), self.ch.pick(found)
        op = self.ch.pick(("is", "is not"))
        return E(f"({self.read(ctx, a)} {op} {self.read(ctx, b)})", BOOL, CAPS[BOOL])

    # --- floats ----------------------------------------------------------------------------
    def float_lit(self, ctx: Ctx, d: int) -> E:
        return E(float_literal(self.ch, self.p.special_float), FLOAT, Abs())

    def float_var(self, ctx: Ctx, d: int) -> E | None:
        return self.var_form(ctx, FLOAT)

    def float_binop(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(FLOAT, ctx, d), self.expr(FLOAT, ctx, d)
        return E(f"({a.text} {self.ch.pick(('+', '-', '*'))} {b.text})", FLOAT, Abs())

    def float_div(self, ctx: Ctx, d: int) -> E:
        a = self.expr(FLOAT, ctx, d)
        op = self.ch.pick(("/", "/", "//", "%"))
        if self.risky(ctx, "ZeroDivisionError"):
            b = self.expr(FLOAT, ctx, d)
            self.note("risk.float-zero-division")
            return E(f"({a.text} {op} {b.text})", FLOAT, Abs())
        if self.ch.draw(2):
            b = self.expr(FLOAT, ctx, d)
            return E(f"({a.text} {op} (abs({b.text}) + 1.0))", FLOAT, Abs())
        k = self.ch.pick(("2.0", "-0.5", "3", "1e-300", "7.25", "-1", "4", "8"))
        return E(f"({a.text} {op} {k})", FLOAT, Abs())

    def float_convert(self, ctx: Ctx, d: int) -> E:
        e = self.float_safe_int(ctx, d)
        if self.ch.draw(2):
            return E(f"float({e.text})", FLOAT, Abs())
        b = self.divisor(ctx, d)
        if b.abs.bits >= 1000:
            b = E("3", INT, Abs(bits=2, nonzero=True))
        return E(f"({e.text} / {b.text})", FLOAT, Abs())  # int true division

    def float_safe_int(self, ctx: Ctx, d: int) -> E:
        """An int that converts to float without OverflowError (< 2**1000)."""
        e = self.expr(INT, ctx, d)
        if e.abs.bits >= 1000:
            return E(f"({e.text} % 1000003)", INT, Abs(bits=20, nonneg=True))
        return e

    def float_unop(self, ctx: Ctx, d: int) -> E:
        a = self.expr(FLOAT, ctx, d)
        return E(self.ch.pick(("(-{0})", "abs({0})", "(+{0})")).format(a.text), FLOAT, Abs())

    def float_func(self, ctx: Ctx, d: int) -> E:
        a = self.expr(FLOAT, ctx, d)
        shape = self.ch.draw(5)
        if shape == 0:
            return E(f"math.sqrt(abs({a.text}))", FLOAT, Abs())
        if shape == 1:
            return E(f"round({a.text}, {self.ch.between(0, 3)})", FLOAT, Abs())
        if shape == 2:
            b = self.expr(FLOAT, ctx, d)
            return E(f"{self.ch.pick(('min', 'max'))}({a.text}, {b.text})", FLOAT, Abs())
        if shape == 3:
            return E(f"math.copysign({self.ch.pick(('1.0', '2.5'))}, {a.text})", FLOAT, Abs())
        b = self.expr(FLOAT, ctx, d)
        if self.risky(ctx, "ValueError", "OverflowError"):  # inf + -inf, intermediate overflow
            self.note("risk.fsum")
            return E(f"math.fsum([{a.text}, {b.text}, 0.1])", FLOAT, Abs())
        return E(f"sum([{a.text}, {b.text}], 0.0)", FLOAT, Abs())

    def float_pow(self, ctx: Ctx, d: int) -> E | None:
        a = self.expr(FLOAT, ctx, d)
        if not self.risky(ctx, "OverflowError"):  # finite ** 2 overflows where x*x gives inf
            return E(f"({a.text} * {a.text})", FLOAT, Abs())
        self.note("risk.float-overflow")
        return E(f"({a.text} ** {self.ch.pick(('2', '3'))})", FLOAT, Abs())

    def float_peep(self, ctx: Ctx, d: int) -> E:
        """Float operands in the shapes int-only rewrites match: ``x // 4``, ``x % 8``
        (no shift or mask for floats), ``x + 0``, ``x * 1``, ``abs(x)`` on a signed zero
        (``-0.0 + 0`` is ``0.0``), ``x ** 2`` that overflows where ``x * x`` gives inf."""
        a = self.expr(FLOAT, ctx, d)
        shape = self.ch.weighted((4, 4, 2, 3))
        if shape == 3:  # the sign of a rewritten signed zero, made visible as +-1.0
            form = self.ch.pick(("abs({0})", "({0} + 0)", "(0 + {0})", "({0} * 1)"))
            inner = form.format(f"math.copysign(0.0, {a.text})")
            return E(f"math.copysign(1.0, {inner})", FLOAT, Abs())
        if shape == 0:
            op = self.ch.pick(("//", "%"))
            return E(f"({a.text} {op} {self.ch.pick(POW2)})", FLOAT, Abs())
        if shape == 1:
            z = f"math.copysign(0.0, {a.text})" if self.ch.draw(2) else a.text
            form = self.ch.pick(("({0} + 0)", "(0 + {0})", "({0} * 1)", "({0} - 0)",
                                 "abs({0})"))
            return E(form.format(z), FLOAT, Abs())
        if self.risky(ctx, "OverflowError"):
            self.note("risk.float-overflow")
            return E(f"(({a.text} * 1e200) ** 2)", FLOAT, Abs())
        return E(f"(math.atan({a.text}) ** 2)", FLOAT, Abs())  # a bounded base: no overflow

    def float_call(self, ctx: Ctx, d: int) -> E | None:
        return self.call(ctx, d, FLOAT)

    def float_ifexp(self, ctx: Ctx, d: int) -> E:
        c = self.expr(BOOL, ctx, d)
        a, b = self.expr(FLOAT, ctx, d), self.expr(FLOAT, ctx, d)
        return E(f"({a.text} if {c.text} else {b.text})", FLOAT, Abs())

    def float_mix(self, ctx: Ctx, d: int) -> E:
        a, i = self.expr(FLOAT, ctx, d), self.float_safe_int(ctx, d)
        op = self.ch.pick(("+", "*", "-"))
        return E(f"({i.text} {op} {a.text})" if self.ch.draw(2) else
                 f"({a.text} {op} {i.text})", FLOAT, Abs())

    def float_parse(self, ctx: Ctx, d: int) -> E | None:
        if not self.risky(ctx, "ValueError"):
            return None
        self.note("risk.float-parse")
        return E(f"float({self.expr(STR, ctx, d).text})", FLOAT, Abs())

    # --- calls -----------------------------------------------------------------------------
    def callables(self, ctx: Ctx) -> list[Fn]:
        local = [v.fn for v in ctx.scope if v.fn is not None]
        hide = self.nested_helpers and ctx.fn.parent is None
        return [f for f in (*self.functions, *local) if f is not ctx.fn
                and not (hide and f.kind == "helper")]

    def pick_callee(self, ctx: Ctx, kind: str | None, ret: str) -> Fn | None:
        found = [f for f in self.callables(ctx) if f.ret == ret
                 and (f.kind == kind if kind else f.kind not in ("generator", "async"))
                 and self.affordable(ctx, f.cost + 2) and not (ctx.frozen and f.mutates)]
        if not found:
            return None
        f = self.ch.pick(found)
        self.spend(ctx, f.cost + 2)
        ctx.fn.mutates |= f.mutates
        if f.kind == "async":
            self.async_used = True
        return f

    def call(self, ctx: Ctx, d: int, ret: str) -> E | None:
        f = self.pick_callee(ctx, None, ret)
        if f is None:
            return None
        self.note(f"call.{f.kind}")
        return E(self.call_text(f, ctx, d), ret, f.ret_cap)

    def call_text(self, f: Fn, ctx: Ctx, d: int) -> str:
        return f"{f.name}({self.args_text(f, ctx, d)})"

    def args_text(self, f: Fn, ctx: Ctx, d: int) -> str:
        """Arguments for ``f``: positional, keyword, omitted defaults, sometimes ``*``/``**``."""
        params = [p for p in f.params if p.kind != "self"]
        pos: list[str] = []
        kw: list[tuple[str, str]] = []
        for index, p in enumerate(params):
            if p.kind == "depth":
                value = str(self.ch.between(0, 6))
            elif p.name in f.defaults and self.ch.draw(3) == 0:
                kw.append(("", ""))  # skipped: the parameters after it go by keyword
                continue
            else:
                value = self.fit(p.ty, ctx, d + 1, p.cap).text
            if p.name in f.kwonly or kw or (index > 0 and self.ch.draw(8) == 0):
                kw.append((p.name, value))
            else:
                pos.append(value)
        kw = [(name, value) for name, value in kw if name]
        parts = list(pos)
        if len(pos) >= 2 and self.ch.draw(6) == 0:
            self.note("call.star-args")
            parts = [f"*({pos[0]}, {pos[1]})", *pos[2:]]
        if kw and self.ch.draw(5) == 0:
            self.note("call.star-kwargs")
            items = ", ".join(f"{name!r}: {value}" for name, value in kw)
            return ", ".join([*parts, f"**{{{items}}}"])
        return ", ".join([*parts, *(f"{name}={value}" for name, value in kw)])
