"""Generation policies: how often each construct, type and function shape is drawn.

A campaign varies the policy to steer generation (swarm testing: a program drawn with some
constructs switched off reaches states a program with everything on rarely does).  Weights are
relative ints; a weight of 0 switches a construct off.  Expression forms not named in
``expr_weights`` keep weight ``DEFAULT_FORM_WEIGHT``.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

__all__ = ["DEFAULT_FORM_WEIGHT", "PRESETS", "Policy"]

DEFAULT_FORM_WEIGHT = 10

STMT_WEIGHTS: dict[str, int] = {
    "assign": 30, "augassign": 18, "if": 14, "for_range": 9, "for_iter": 9, "for_else": 3,
    "while": 5, "try": 7, "with": 4, "match": 4, "call": 6, "print": 2, "mutate": 12,
    "global": 4, "closure": 3, "raise": 3, "assert": 2, "del": 2, "unpack": 4, "walrus": 3,
    "attr": 3, "import": 2, "local_class": 1, "lambda": 3, "break": 4, "continue": 3,
    "return": 3, "yield": 14, "await": 10, "async_for": 4, "async_with": 3,
}

FN_WEIGHTS: dict[str, int] = {
    "plain": 10, "helper": 6, "generator": 3, "recursive": 2, "async": 3, "method": 3,
}

TYPE_WEIGHTS: dict[str, int] = {
    "int": 30, "bool": 6, "float": 10, "str": 10, "bytes": 3, "list": 10, "slist": 4,
    "dict": 6, "set": 4, "tuple": 5, "box": 4,
}


@dataclass(frozen=True, slots=True)
class Policy:
    """Everything that steers generation; the seed decides the rest."""

    name: str = "default"
    functions: tuple[int, int] = (3, 7)  # generated functions besides the entries
    entries: tuple[int, int] = (2, 3)  # functions CASES and main() call
    cases: tuple[int, int] = (2, 3)  # inputs per entry
    params: tuple[int, int] = (1, 4)
    locals: tuple[int, int] = (1, 4)
    stmts: tuple[int, int] = (2, 6)  # statements in a function body (nested blocks: fewer)
    max_nesting: int = 3
    max_expr_depth: int = 3
    budget: int = 6000  # estimated operations one call of a function may execute
    methods: tuple[int, int] = (1, 3)  # generated methods of the Box class
    huge_int: float = 0.08  # probability that an int literal/variable is huge (> 64 bits)
    special_float: float = 0.3  # inf, nan, -0.0, subnormals, 1e308...
    uncaught_risk: float = 0.0  # a may-raise operation outside any handler of its exception
    stmt_weights: dict[str, int] = field(default_factory=lambda: dict(STMT_WEIGHTS))
    fn_weights: dict[str, int] = field(default_factory=lambda: dict(FN_WEIGHTS))
    type_weights: dict[str, int] = field(default_factory=lambda: dict(TYPE_WEIGHTS))
    expr_weights: dict[str, int] = field(default_factory=dict)

    @classmethod
    def default(cls) -> Policy:
        return cls()

    @classmethod
    def preset(cls, name: str) -> Policy:
        if name not in PRESETS:
            raise KeyError(f"unknown generator policy {name!r}; known: {', '.join(PRESETS)}")
        return PRESETS[name]

    def form_weight(self, form: str) -> int:
        return self.expr_weights.get(form, DEFAULT_FORM_WEIGHT)

    def with_weights(self, **weights: int) -> Policy:
        """A copy with some statement/function/type weights changed (by name)."""
        stmt, fn, ty = dict(self.stmt_weights), dict(self.fn_weights), dict(self.type_weights)
        for key, weight in weights.items():
            table = stmt if key in stmt else fn if key in fn else ty if key in ty else None
            if table is None:
                raise KeyError(f"no weight named {key!r}")
            table[key] = weight
        return replace(self, stmt_weights=stmt, fn_weights=fn, type_weights=ty)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__}


def _presets() -> dict[str, Policy]:
    base = Policy()
    arith = base.with_weights(float=20, str=3, bytes=1, list=4, slist=1, dict=2, set=1,
                              box=1, augassign=30, mutate=4, match=2)
    arith = replace(arith, name="arith", huge_int=0.2, special_float=0.45,
                    expr_weights={"int.binop": 40, "int.pow": 15, "float.binop": 30,
                                  "int.divmod": 25})
    control = base.with_weights(**{"if": 24, "for_range": 14, "for_iter": 14, "for_else": 8,
                                   "while": 12, "try": 14, "with": 8, "match": 8,
                                   "break": 10, "continue": 8, "return": 6, "raise": 6})
    control = replace(control, name="control", max_nesting=4, uncaught_risk=0.04)
    containers = base.with_weights(list=20, slist=8, dict=14, set=10, tuple=8, mutate=30,
                                   unpack=8)
    containers = replace(containers, name="containers",
                         expr_weights={"list.comp": 25, "dict.comp": 20, "set.comp": 15})
    objects = base.with_weights(box=20, closure=10, attr=10, local_class=4, generator=8,
                                   method=8, recursive=4)
    objects = replace(objects.with_weights(**{"async": 6}), name="objects", methods=(2, 4))
    inliner = base.with_weights(helper=30, plain=6, generator=1, recursive=1)
    inliner = replace(inliner, name="inliner", expr_weights={"int.call": 40, "float.call": 20})
    tiny = replace(base, name="tiny", functions=(1, 3), entries=(1, 2), cases=(1, 2),
                   stmts=(1, 4), max_nesting=2, max_expr_depth=2, budget=1500, methods=(0, 1))
    return {p.name: p for p in (base, arith, control, containers, objects, inliner, tiny)}


PRESETS: dict[str, Policy] = _presets()
