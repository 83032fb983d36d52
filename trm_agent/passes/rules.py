"""The rewrite rules of the baseline's algebraic passes, Alive-style: each one is a guarded
source => target pair over Python expressions, proven sound once with z3 in the test suite
(``tests/test_rule_soundness.py``) and checked again by execution on random values.

A pass may apply a rule only at a site where the rule's ``guard`` holds: proven by type analysis,
or checked at run time by a guard op whose failure takes the original code.  Variables: ``x``
(and ``y``) are the operands; ``K`` is a compile-time constant whose allowed range is in
``constants`` and which ``source``/``target`` may use in constant subexpressions such as
``2 ** K``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    guard: str  # a Python boolean expression over the variables; the rule holds where it is true
    source: str  # Python expression: what the program computes
    target: str  # Python expression: what the rewrite computes instead
    variables: dict[str, str] = field(default_factory=dict)  # name -> "int" | "float"
    constants: dict[str, tuple[int, int]] = field(default_factory=dict)  # K -> (lo, hi) inclusive
    why: str = ""


RULES: dict[str, Rule] = {rule.name: rule for rule in (
    Rule("int-square", "type(x) is int", "x ** 2", "x * x", {"x": "int"},
         why="int ** 2 goes through long_pow; x * x is a specialized multiply"),
    Rule("int-cube", "type(x) is int", "x ** 3", "x * x * x", {"x": "int"}),
    Rule("int-floordiv-pow2", "type(x) is int", "x // (2 ** K)", "x >> K", {"x": "int"},
         {"K": (1, 62)}, why="Python's >> on ints is floor division by a power of two"),
    Rule("int-mod-pow2", "type(x) is int", "x % (2 ** K)", "x & (2 ** K - 1)", {"x": "int"},
         {"K": (1, 62)}, why="two's complement with infinite sign extension"),
    Rule("int-add-zero", "type(x) is int", "x + 0", "x", {"x": "int"},
         why="not for str/list/float (-0.0 + 0 is 0.0), hence the guard"),
    Rule("int-zero-add", "type(x) is int", "0 + x", "x", {"x": "int"}),
    Rule("int-sub-zero", "type(x) is int", "x - 0", "x", {"x": "int"}),
    Rule("int-mul-one", "type(x) is int", "x * 1", "x", {"x": "int"}),
    Rule("int-one-mul", "type(x) is int", "1 * x", "x", {"x": "int"}),
    Rule("float-div-pow2", "type(x) is float", "x / (2.0 ** K)", "x * (2.0 ** -K)",
         {"x": "float"}, {"K": (-1000, 1000)},
         why="division by a power of two and multiplication by its exact reciprocal round the "
             "same real number"),
)}
