"""Reduction and blame (harness/reduce.py), on a real miscompile made by a mutant pass."""

from __future__ import annotations

import textwrap
from typing import Any

from harness.equivalence.outcome import compare, run_cases
from harness.reduce import blame, reduce_source, shrink_choices
from trm_agent.agent import TRMAgent
from trm_agent.loader import load
from trm_agent.optimize import Options, TrustingVerifier
from trm_agent.passes import load_pass

MUTANT = "tests.mutants.arith:OffByOneFold"
PROGRAM = textwrap.dedent("""
    def offset(x):
        y = x * 2
        return (y + 2) + 3

    def unrelated(y):
        out = []
        for i in range(y):
            out.append(i * i)
        return out

    def helper(z):
        return z - 1

    CASES = [("unrelated", (4,), {}), ("offset", (5,), {}), ("helper", (3,), {})]
""")


def differs(original: str, compiled: str) -> bool:
    a = load(original, "prog.py", "original", name="reduce_prog")
    b = load(compiled, "prog.py", "original", name="reduce_prog")
    cases: Any = getattr(a, "CASES", [])
    return any(compare(x, y) is not None
               for x, y in zip(run_cases(a, cases), run_cases(b, cases), strict=True))


def miscompiles(source: str) -> bool:
    try:
        options = Options(extra_passes=(load_pass(MUTANT),), verifier=TrustingVerifier(),
                          check_cost=False)
        result = TRMAgent.load().compile_source(source, "prog.py", opt="baseline",
                                                options=options)
        return result.source is not None and differs(source, result.source)
    except Exception:  # noqa: BLE001 - a candidate that does not even load is not the failure
        return False


def test_blame_names_the_function_and_the_mutant_pass() -> None:
    found = blame(PROGRAM, "prog.py", lambda compiled: differs(PROGRAM, compiled),
                  extra_passes=[load_pass(MUTANT)], trusting=True)
    assert found.function == "offset"
    assert found.pass_name == "mutant-fold-off-by-one"
    assert found.rules == ("fold-reassociate-add",)
    assert found.signature == "mutant-fold-off-by-one:fold-reassociate-add"


def test_blame_reports_when_nothing_fails() -> None:
    found = blame(PROGRAM, "prog.py", lambda compiled: False)
    assert found.function is None and found.notes


def test_reduce_source_keeps_the_failure_and_drops_the_rest() -> None:
    assert miscompiles(PROGRAM)
    reduced = reduce_source(PROGRAM, miscompiles, budget_s=60)
    assert miscompiles(reduced)
    assert "unrelated" not in reduced and "helper" not in reduced
    assert len(reduced.splitlines()) < len(PROGRAM.strip().splitlines())


def test_shrink_choices_lowers_a_sequence_while_the_predicate_holds() -> None:
    def regenerate(seq: Any) -> str:
        return "x = " + " + ".join(str(v) for v in seq)

    def fails(source: str) -> bool:  # "fails" while the sum stays at least 10
        terms = source.split("=", 1)[1].split("+")
        return sum(int(t) for t in terms if t.strip()) >= 10

    best, source = shrink_choices((7, 3, 9, 4, 8), fails, regenerate=regenerate, budget_s=10)
    assert fails(source) and sum(best) == 10 and len(best) <= 2
