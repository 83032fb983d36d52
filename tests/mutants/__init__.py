"""Deliberately wrong optimization passes ("mutants") that the harness must catch.

Each mutant is a plugin pass (docs/passes.md) that makes one realistic compiler-engineer
mistake; its docstring names the mistake and the Python fact it violates.  ``harness.mutants``
loads each one through the public plugin interface (``trm_agent.passes.load_pass``), compiles
the target programs (``tests/mutants/programs/`` and ``corpora/patterns/``) with the baseline
pipeline plus the mutant, and shows that differential execution tells the compiled program from
the original.  ``MUTANTS`` is the list the runner and the tests use.
"""

from __future__ import annotations

MUTANTS: tuple[str, ...] = (
    # arithmetic: folds, strength reduction, identities (tests/mutants/arith.py)
    "tests.mutants.arith:OffByOneFold",
    "tests.mutants.arith:TruncatingDivision",
    "tests.mutants.arith:CModulo",
    "tests.mutants.arith:SquareAnyType",
    "tests.mutants.arith:ShiftForFloorDiv",
    "tests.mutants.arith:MaskForModulo",
    "tests.mutants.arith:AddZeroAnyType",
    "tests.mutants.arith:MulOneAnyType",
    "tests.mutants.arith:ConstantRightSub",
    "tests.mutants.arith:ConstantRightAdd",
    "tests.mutants.arith:BoolAndOne",
    # booleans and branches (tests/mutants/logic.py)
    "tests.mutants.logic:NotNotIsIdentity",
    "tests.mutants.logic:ReflexiveCompare",
    "tests.mutants.logic:SpeculateBothArms",
    "tests.mutants.logic:AssumeBranchTaken",
    # effects, ordering and aliasing (tests/mutants/effects.py)
    "tests.mutants.effects:DropUnusedCall",
    "tests.mutants.effects:SwapAdjacentCalls",
    "tests.mutants.effects:CSEAcrossStores",
    "tests.mutants.effects:CSEDisplays",
    "tests.mutants.effects:DeadGlobalStore",
    # loops (tests/mutants/loops.py)
    "tests.mutants.loops:UnrollOneShort",
    "tests.mutants.loops:HoistMayRaise",
    "tests.mutants.loops:HoistLen",
    "tests.mutants.loops:CarriedKeepsInitial",
    "tests.mutants.loops:ForwardSlotStore",
    # guards (tests/mutants/guards.py)
    "tests.mutants.guards:InlineWithoutGuard",
    "tests.mutants.guards:GuardComparesItself",
    "tests.mutants.guards:AbsWithoutGuard",
)
