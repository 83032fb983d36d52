"""The harness catches wrong passes (issue 6): every mutant in tests/mutants is a plugin pass
with one realistic bug, and differential execution in the sandbox must tell its output from the
original program.  The control tests make sure the kills are the mutants' doing: the baseline
alone changes no outcome, and a correct plugin pass survives.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness.mutants import (
    MUTANT_PROGRAMS_DIR,
    KillRunner,
    applied,
    compile_program,
    main,
    open_sandbox,
    run_mutants,
    target_programs,
)
from tests.mutants import MUTANTS
from trm_agent.ir.core import Function
from trm_agent.passes import baseline_passes, load_pass, structural_rules
from trm_agent.passes.analysis import replace_uses
from trm_agent.passes.manager import PassContext
from trm_agent.passes.rules import RULES

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the sandbox's limits need Linux")

OWN_PROGRAMS = target_programs([MUTANT_PROGRAMS_DIR])
# One mutant per kind of evidence: a wrong value, output in the wrong order, and a program that
# no longer terminates (the sandbox's verdict, not a hang of the test).
REPRESENTATIVES = {
    "tests.mutants.arith:TruncatingDivision": ("arith.py", "floor_parts(-7)", "return value"),
    "tests.mutants.effects:SwapAdjacentCalls": ("effects.py", "report(1, 2)", "stdout"),
    "tests.mutants.loops:HoistLen": ("loops.py", "pad([1], 3)", "status differs: ok vs"),
}


@pytest.fixture(scope="module")
def own_runner() -> Iterator[KillRunner]:
    with open_sandbox() as sandbox:
        runner = KillRunner(OWN_PROGRAMS, sandbox)
        runner.prepare()
        yield runner


def _baseline_rules() -> set[str]:
    names = set(RULES) | set(structural_rules())
    for p in baseline_passes():
        names |= set(p.rules)
    return names


def test_there_are_enough_mutants_and_programs() -> None:
    assert len(set(MUTANTS)) == len(MUTANTS) >= 25
    assert len(OWN_PROGRAMS) >= 3
    assert all("CASES = [" in p.source for p in OWN_PROGRAMS)


@pytest.mark.parametrize("spec", MUTANTS, ids=[s.rpartition(":")[2] for s in MUTANTS])
def test_mutant_loads_through_the_plugin_interface(spec: str) -> None:
    mutant = load_pass(spec)
    doc = type(mutant).__doc__ or ""
    assert "Wrong" in doc and "Python fact" in doc, f"{spec}: say what is wrong and which fact"
    assert isinstance(mutant.name, str) and mutant.name.startswith("mutant-")
    assert mutant.rules and not set(mutant.rules) & _baseline_rules(), \
        "a mutant's rule must not pass for a baseline rule (the runner counts its rewrites)"


@pytest.mark.parametrize("spec", MUTANTS, ids=[s.rpartition(":")[2] for s in MUTANTS])
def test_mutant_changes_some_target_program(spec: str) -> None:
    mutant = load_pass(spec)
    changed = [p.name for p in OWN_PROGRAMS if applied(compile_program(p, (mutant,)),
                                                         mutant.rules)]
    assert changed, f"{spec} rewrites nothing in {MUTANT_PROGRAMS_DIR}"


@pytest.mark.parametrize("spec", REPRESENTATIVES, ids=[s.rpartition(":")[2]
                                                      for s in REPRESENTATIVES])
def test_runner_kills_representative_mutant(own_runner: KillRunner, spec: str) -> None:
    program, case, evidence = REPRESENTATIVES[spec]
    result = own_runner.kill(spec)
    assert result.killed, result
    assert result.program is not None and result.program.endswith(program)
    assert result.case == case
    assert evidence in result.evidence["difference"]
    assert result.error is None


class SoundTruthOfNot:
    """A correct plugin pass: ``not not x`` -> ``__trm_bool__(x)`` (the trusted ``bool``).

    Both call ``x.__bool__`` (or ``__len__``) once and return a bool, so the runner must not
    report a difference; if it did, its kills would prove nothing."""

    name = "sound-truth-of-not"
    rules = ("double-negation-to-bool",)

    def run(self, fn: Function, ctx: PassContext) -> int:
        from trm_agent.ir.core import Op, Value
        from trm_agent.ir.opdefs import OPS
        from trm_agent.ir.types import BOOL

        changes = 0
        for op in [o for o in fn.walk() if o.opdef.name == "py.unop"]:
            inner = op.operands[0].owner
            if op.parent is None or op.attrs["op"] != "not" or not isinstance(inner, Op) \
                    or inner.opdef.name != "py.unop" or inner.attrs["op"] != "not":
                continue
            region = op.parent
            load = Op(OPS["py.global.load"], [], [Value()], {"name": "__trm_bool__"}, [], op.loc)
            call = Op(OPS["py.call"], [load.result, inner.operands[0]], [Value(BOOL)],
                      {"kinds": ("p",)}, [], op.loc)
            index = region.ops.index(op)
            for new in (load, call):
                new.parent = region
            region.ops[index:index + 1] = [load, call]
            op.parent = None
            replace_uses(fn, op.result, call.result)
            ctx.applied(self.rules[0])
            changes += 1
        return changes


def test_a_correct_pass_survives(own_runner: KillRunner) -> None:
    result = own_runner.kill(f"{__name__}:SoundTruthOfNot")
    assert result.programs_run >= 1, "the sound pass must change (and run) some program"
    assert not result.killed, result.evidence


def test_baseline_alone_changes_no_outcome() -> None:
    """The control: the same compilation without a mutant agrees with every original."""
    with open_sandbox() as sandbox:
        runner = KillRunner(target_programs(), sandbox)
        runner.prepare()
        differences = runner.control()
    assert not differences, differences[:3]
    assert len(runner.programs) >= 200, runner.excluded


def test_cli_writes_json_and_reports_usage_errors(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "mutants.json"
    code = main(["--mutant", "CSEDisplays", "--json", str(out), "--programs",
                 str(MUTANT_PROGRAMS_DIR)])
    report = json.loads(out.read_text())
    assert code == 0
    assert report["kill_rate"] == 1.0 and report["total"] == 1
    entry = report["mutants"][0]
    assert {"name", "killed", "seconds", "program", "case", "evidence"} <= set(entry)
    assert main(["--mutant", "NoSuchMutant"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "no mutant named 'NoSuchMutant'" in err[0]


def test_cli_puts_a_plugin_pass_under_test(tmp_path: Path) -> None:
    """``--pass``: the same machinery for anyone's pass; exit 1 only on a difference."""
    out = tmp_path / "pass.json"
    own = ["--programs", str(MUTANT_PROGRAMS_DIR)]
    assert main(["--pass", f"{__name__}:SoundTruthOfNot", "--json", str(out), *own]) == 0
    report = json.loads(out.read_text())
    assert report["mode"] == "passes" and report["mutants"][0]["programs_run"] >= 1
    assert main(["--pass", "tests.mutants.logic:NotNotIsIdentity", *own]) == 1


@pytest.mark.slow
def test_every_mutant_is_killed() -> None:
    report = run_mutants()
    survivors = {m.name: m.error or "no program told it apart" for m in report.mutants
                 if not m.killed}
    assert report.kill_rate == 1.0, survivors
    assert len(report.mutants) >= 25
