"""Translation validation with z3 (trm_agent/verify/{encode,tv,replay}.py, trm-harness verify).

The cases are Alive2-style text files in ``tests/verify/``: a source module and a target
module, each defining ``f``, and the verdict z3 must reach (DESIGN §10).  Every REFUTED case
must come with a counterexample that execution reproduces; UNKNOWN cases name their reason.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from harness.cli import main
from harness.verify import ENCODER_BUG, FunctionReport, confirm
from trm_agent.agent import TRMAgent
from trm_agent.ir.core import Function, Module
from trm_agent.ir.opdefs import OPS
from trm_agent.passes.analysis import uses
from trm_agent.passes.manager import PassContext
from trm_agent.verify.replay import replay
from trm_agent.verify.smt import Result, Verdict
from trm_agent.verify.tv import check_functions

CASES_DIR = Path(__file__).parent / "verify"
SEPARATOR = "# --- target ---"


@dataclass(frozen=True)
class Case:
    name: str
    expect: str
    reason: str
    source: str
    target: str


def load_case(path: Path) -> Case:
    text = path.read_text(encoding="utf-8")
    source, _, target = text.partition(SEPARATOR + "\n")
    assert target, f"{path.name}: no '{SEPARATOR}' line"
    headers = dict(re.findall(r"^# (expect|reason): (.+)$", source, re.MULTILINE))
    return Case(path.stem, headers["expect"], headers.get("reason", ""), source, target)


def function_f(module: Module) -> Function:
    return next(fn for fn in module.functions if fn.qualname == "f")


def check_case(case: Case) -> Result:
    agent = TRMAgent.load()
    original = agent.translate_ast(agent.parse_module(case.source, f"{case.name}.py"))
    target = agent.translate_ast(agent.parse_module(case.target, f"{case.name}.py"))
    target.pins = set(re.findall(r"__trm_F_(\w+?)__", case.target))  # what codegen pins
    return check_functions(function_f(original), function_f(target), module=original,
                           optimized_module=target)


CASES = sorted(CASES_DIR.glob("*.tv"))


def test_there_are_enough_cases_of_each_kind() -> None:
    expected = [load_case(p).expect for p in CASES]
    assert len(expected) >= 20
    assert {"PROVED", "REFUTED", "UNKNOWN"} <= set(expected)


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case(path: Path) -> None:
    case = load_case(path)
    result = check_case(case)
    assert result.verdict.name == case.expect, (result.reason, result.counterexample)
    if case.expect == "UNKNOWN":
        assert case.reason in result.reason
    if case.expect == "REFUTED":
        assert result.counterexample is not None
        outcome = replay(case.source, case.target, f"{case.name}.py", "f",
                         result.counterexample)
        assert outcome.ran and outcome.reproduced, outcome.detail


def test_counterexamples_are_python_values_of_the_parameters() -> None:
    result = check_case(load_case(CASES_DIR / "floordiv_vs_truncating.tv"))
    assert result.verdict is Verdict.REFUTED and result.counterexample is not None
    value = result.counterexample["x"]
    assert isinstance(value, (int, float)) and not isinstance(value, bool)
    assert value // 4 != (value // 4 if value >= 0 else -((-value) // 4))


def test_a_counterexample_that_does_not_reproduce_is_an_encoder_bug() -> None:
    source = "def f(x):\n    return x + 1\n"
    report = FunctionReport("f", 1, "REFUTED", "", 0.0, {"x": 3})
    confirm(report, source, source, "same.py")
    assert report.verdict == "UNKNOWN" and report.reason == ENCODER_BUG
    assert report.encoder_bug and "both versions returned" in report.replay


def test_replay_compares_types_and_float_bits() -> None:
    original, compiled = "def f(x):\n    return x + 0.0\n", "def f(x):\n    return x\n"
    assert replay(original, compiled, "m.py", "f", {"x": -0.0}).reproduced
    assert replay(original, compiled, "m.py", "f", {"x": 2}).reproduced  # 2.0 vs 2
    assert not replay(original, compiled, "m.py", "f", {"x": 1.5}).reproduced
    nested = replay("def g():\n    def f(x): return x\n", "", "m.py", "g.<locals>.f", {"x": 1})
    assert not nested.ran


def test_every_op_kind_has_a_z3_rule_except_the_documented_ones() -> None:
    lacking = sorted(name for name, opdef in OPS.items() if opdef.z3 is None)
    assert lacking == ["cf.match", "py.opaque"]


# --- trm-harness verify ---------------------------------------------------------------------

SMALL = '''\
def sq(x):
    return x * x + 1

def g(a, b):
    return sq(a) + sq(b)

def logged(x):
    print("value", x)
    return sq(x)
'''


class DropUnusedCalls:
    """A deliberately wrong plugin pass: deletes calls whose result is unused (as if a call
    could not have effects)."""

    name = "test-drop-unused-calls"
    rules = ("drop-unused-call",)

    def run(self, fn: Function, ctx: PassContext) -> int:
        used = uses(fn)
        dropped = 0
        for op in list(fn.walk()):
            if op.opdef.name == "py.call" and not used.get(op.results[0]) \
                    and op.parent is not None:
                op.parent.ops.remove(op)
                dropped += 1
        if dropped:
            ctx.applied("drop-unused-call", dropped)
        return dropped


def run_verify(tmp_path: Path, *args: str) -> tuple[int, dict[str, object]]:
    src = tmp_path / "small.py"
    src.write_text(SMALL, encoding="utf-8")
    out = tmp_path / "verify.json"
    code = main(["verify", str(src), "--json", str(out), *args])
    return code, json.loads(out.read_text(encoding="utf-8"))


def test_cli_verifies_the_baseline_and_writes_the_json_contract(tmp_path: Path) -> None:
    code, report = run_verify(tmp_path)
    assert code == 0
    functions = report["functions"]
    assert isinstance(functions, list) and {f["name"] for f in functions} == {"g", "logged"}
    for entry in functions:
        assert {"name", "verdict", "counterexample", "seconds", "reason"} <= set(entry)
        assert entry["verdict"] == "PROVED", entry
    assert report["summary"] == {"functions": 2, "proved": 2, "refuted": 0, "unknown": 0,
                                 "encoder_bugs": 0, "unknown_reasons": {}}


def test_cli_exits_1_when_a_plugin_pass_miscompiles(tmp_path: Path) -> None:
    code, report = run_verify(tmp_path, "--pass", "tests.test_verify:DropUnusedCalls")
    assert code == 1
    functions = report["functions"]
    assert isinstance(functions, list)
    verdicts = {f["name"]: f for f in functions}
    logged = verdicts["logged"]
    assert logged["verdict"] == "REFUTED" and logged["counterexample"] is not None
    assert "printed" in logged["replay"]  # execution confirmed: the output differs
    assert verdicts["g"]["verdict"] == "PROVED"


def test_cli_bad_input_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f(:\n", encoding="utf-8")
    assert main(["verify", str(bad)]) == 2
    assert main(["verify", str(tmp_path / "missing.py")]) == 2
    assert main(["verify", str(bad), "--pass", "no_such_module:Pass"]) == 2
