"""Generation policies: how often each construct, type and function shape is drawn.

A campaign varies the policy to steer generation (swarm testing: a program drawn with some
constructs switched off reaches states a program with everything on rarely does).  Weights are
relative ints; a weight of 0 switches a construct off.  Expression forms not named in
``expr_weights`` keep weight ``DEFAULT_FORM_WEIGHT``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field, replace
from typing import Any

__all__ = ["DEFAULT_FORM_WEIGHT", "POLICY_NAMES", "PRESETS", "SWARM", "Policy", "policy_for"]

DEFAULT_FORM_WEIGHT = 10

STMT_WEIGHTS: dict[str, int] = {
    "assign": 30, "augassign": 18, "if": 14, "for_range": 9, "for_iter": 9, "for_else": 3,
    "while": 5, "try": 7, "with": 4, "match": 4, "call": 6, "print": 2, "mutate": 12,
    "global": 4, "closure": 3, "raise": 3, "assert": 2, "del": 2, "unpack": 4, "walrus": 3,
    "attr": 3, "import": 2, "local_class": 1, "lambda": 3, "break": 4, "continue": 3,
    "return": 3, "yield": 14, "await": 10, "async_for": 4, "async_with": 3, "patch": 2,
    "rmw": 3, "displays": 2, "loop_raise": 2,
    "loop_len": 3, "nested_call": 3, "loop_unpack": 3,
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
    twins: float = 0.1  # a plain/helper function gets a twin whose code ``patch`` swaps in
    nested_helpers: float = 0.15  # a program calls its helpers from nested scopes only
    search_helpers: float = 0.3  # a helper's body is a loop returning from inside (typed-4)
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
                                   "break": 10, "continue": 8, "return": 6, "raise": 6,
                                   "loop_raise": 10, "loop_unpack": 8})
    control = replace(control, name="control", max_nesting=4, uncaught_risk=0.04)
    containers = base.with_weights(list=20, slist=8, dict=14, set=10, tuple=8, mutate=30,
                                   unpack=8, rmw=14, displays=8,
                                   loop_len=8, loop_unpack=8)
    containers = replace(containers, name="containers",
                         expr_weights={"list.comp": 25, "dict.comp": 20, "set.comp": 15})
    objects = base.with_weights(box=20, closure=10, attr=10, local_class=4, generator=8,
                                   method=8, recursive=4, nested_call=8)
    objects = replace(objects.with_weights(**{"async": 6}), name="objects", methods=(2, 4))
    inliner = base.with_weights(helper=30, plain=6, generator=1, recursive=1)
    inliner = replace(inliner.with_weights(patch=6, nested_call=10), name="inliner", twins=0.3,
                      nested_helpers=0.35,
                      expr_weights={"int.call": 40, "float.call": 20})
    # Literal-heavy arithmetic: the shapes peephole rewrites look for ((x + 1) + 2, x ** 2,
    # x // 8, x % 4, x >> k on negative and float operands), risky ones outside handlers too.
    peephole = replace(arith.with_weights(box=5), name="peephole", uncaught_risk=0.1,
                       special_float=0.5,
                       expr_weights={"int.lit": 30, "int.var": 30, "int.binop": 45,
                                     "int.pow": 15, "int.divmod": 30, "int.shift": 15,
                                     "int.peep": 30, "float.lit": 25, "float.binop": 30,
                                     "float.pow": 15, "float.div": 20, "float.peep": 30,
                                     "bool.cmp": 30, "bool.not": 10, "bool.peep": 15,
                                     "box.peep": 20})
    # Monkeypatching: small functions the inliner takes, each with a same-signature twin,
    # and statements that swap their ``__code__`` at run time (as ``mock.patch`` rebinds a
    # module function), so inlined calls must notice through their identity guards.
    guards = base.with_weights(helper=30, plain=8, generator=1, recursive=1, patch=20,
                               **{"global": 0, "del": 0})  # global stores block inlining
    guards = replace(guards.with_weights(nested_call=6), name="guards", twins=0.7,
                     nested_helpers=0.25,
                     expr_weights={"int.call": 40, "float.call": 20, "bool.call": 10,
                                   "float.peep": 10})
    tiny = replace(base, name="tiny", functions=(1, 3), entries=(1, 2), cases=(1, 2),
                   stmts=(1, 4), max_nesting=2, max_expr_depth=2, budget=1500, methods=(0, 1))
    return {p.name: p for p in (base, arith, control, containers, objects, inliner, peephole,
                                guards, tiny)}


PRESETS: dict[str, Policy] = _presets()

# Swarm testing (Groce et al., ISSTA 2012): each program draws its own policy -- a preset, with
# some statement kinds switched off and expression forms switched off or boosted -- so that
# programs concentrate on a few constructs, which finds bugs a uniform mix rarely reaches.
SWARM = "swarm"
POLICY_NAMES: tuple[str, ...] = (*PRESETS, SWARM)
_SWARM_BASES = ("default", "arith", "control", "containers", "objects", "inliner", "peephole",
                "guards")
_ALWAYS_ON = frozenset({"assign", "return", "if", "call"})


def policy_for(name: str, seed: int) -> Policy:
    """The policy program ``seed`` of a campaign with policy ``name`` is generated with."""
    return swarm_policy(seed) if name == SWARM else Policy.preset(name)


def swarm_policy(seed: int) -> Policy:
    from harness.generate.exprs import FORMS, LEAF_FORMS

    rng = random.Random(f"swarm:{seed}")
    base = PRESETS[rng.choice(_SWARM_BASES)]
    stmts = {k: 0 if k not in _ALWAYS_ON and rng.random() < 0.3 else w
             for k, w in base.stmt_weights.items()}
    forms = dict(base.expr_weights)
    for ty, table in FORMS.items():
        for form, weight in table:
            key = f"{ty}.{form}"
            if form not in LEAF_FORMS:  # literals and variables stay: every type stays drawable
                forms[key] = forms.get(key, weight) * rng.choice((0, 1, 1, 3))
    return replace(base, name=f"{SWARM}:{base.name}", stmt_weights=stmts, expr_weights=forms,
                   huge_int=rng.choice((0.02, 0.08, 0.3)),
                   special_float=rng.choice((0.1, 0.3, 0.6)),
                   uncaught_risk=rng.choice((0.0, 0.0, 0.05, 0.15)),
                   nested_helpers=rng.choice((0.0, base.nested_helpers, 0.5)),
                   search_helpers=rng.choice((0.0, base.search_helpers, 0.7)))
