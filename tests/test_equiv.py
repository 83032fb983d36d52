"""``trm-harness equiv``: verdicts, counterexamples that reproduce, exit codes, input generation,
the z3 hand-off (with a stub standing in for ``trm_agent.verify.tv``), and the cross-check and
CrossHair-comparison helpers."""

from __future__ import annotations

import ast
import json
import math
from pathlib import Path
from typing import Any

import pytest

from harness import cli as harness_cli
from harness import crosscheck as cc
from harness import equiv_compare as ec
from harness.equivalence import equiv as eq
from harness.equivalence.inputs import InputGenerator, signature_of
from harness.equivalence.outcome import capture, compare
from trm_agent.verify.smt import Result, Verdict

ROOT = Path(__file__).resolve().parents[1]
PAIRS = ROOT / "corpora" / "equiv"
FAST = ("--inputs", "200", "--seconds", "20", "--z3-timeout", "0.5")


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = harness_cli.main(["equiv", *argv])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def pair(name: str) -> tuple[str, str]:
    path = next(PAIRS.glob(f"p*_{name}.py"))
    return f"{path}::old", f"{path}::new"


def load(path: Path) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "program"}
    exec(compile(path.read_text(), str(path), "exec"), namespace)
    return namespace


def reproduces(old: Any, new: Any, cex: dict[str, Any]) -> bool:
    """Rebuild the counterexample's arguments from their JSON form and rerun both versions."""
    args = tuple(eval(a["repr"], {"nan": math.nan, "inf": math.inf})  # our own output
                 if isinstance(a, dict) else a for a in cex["args"])
    return compare(capture(old, args, {}), capture(new, args, {})) is not None


# --------------------------------------------------------------------------- the command


def test_equivalent_pair_exits_0(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    report = tmp_path / "r.json"
    code, out, _ = run_cli(capsys, *pair("loop_to_comprehension"), *FAST, "--json", str(report))
    data = json.loads(report.read_text())
    assert code == 0
    assert data["verdict"] in ("PROVED", "NO-DIFFERENCE-FOUND")
    assert data["counterexample"] is None
    assert {"verdict", "counterexample", "seconds", "method", "inputs_tried"} <= data.keys()
    if data["verdict"] == "NO-DIFFERENCE-FOUND":
        assert data["inputs_tried"] == 200 and data["method"] == "execution"
    assert data["verdict"] in out


@pytest.mark.parametrize("name", ["floordiv_vs_int_div", "abs_negative_zero", "sort_in_place"])
def test_different_pair_exits_1_with_a_reproducing_counterexample(
        capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> None:
    report = tmp_path / "r.json"
    old, new = pair(name)
    code, out, _ = run_cli(capsys, old, new, *FAST, "--json", str(report))
    data = json.loads(report.read_text())
    assert code == 1 and data["verdict"] == "REFUTED"
    cex = data["counterexample"]
    assert cex["old"]["description"] != cex["new"]["description"] or "arguments" in cex[
        "difference"]
    functions = load(Path(old.rpartition("::")[0]))
    assert reproduces(functions["old"], functions["new"], cex)
    assert "REFUTED" in out and cex["call"].split("(")[0] in out


def test_two_files_and_stdout_difference(capsys: pytest.CaptureFixture[str],
                                         tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("def show(n: int) -> None:\n    print(n, n + 1)\n")
    (tmp_path / "b.py").write_text("def show(n: int) -> None:\n    print(f'{n},{n + 1}')\n")
    code, out, _ = run_cli(capsys, f"{tmp_path}/a.py::show", f"{tmp_path}/b.py::show", *FAST)
    assert code == 1
    assert "stdout differs" in out


def test_a_hang_on_one_side_is_a_difference(tmp_path: Path) -> None:
    (tmp_path / "m.py").write_text(
        "def old(x: int) -> int:\n    return 0\n\n"
        "def new(x: int) -> int:\n    while x < 0:\n        pass\n    return 0\n")
    result = eq.run_equiv(eq.FunctionRef(tmp_path / "m.py", "old"),
                          eq.FunctionRef(tmp_path / "m.py", "new"),
                          eq.EquivOptions(inputs=50, call_timeout_s=0.2, use_z3=False))
    assert result.verdict == "REFUTED"
    assert result.counterexample is not None
    assert result.counterexample.new.status == "timeout"
    assert result.counterexample.case.args[0] < 0


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (("missing.py::f", "missing.py::f"), "cannot read source"),
        (("{pairs}/p01_sum_loop_vs_builtin.py::nope", "{pairs}/p01_sum_loop_vs_builtin.py::new"),
         "no module-level function 'nope'"),
        (("{pairs}/p01_sum_loop_vs_builtin.py", "{pairs}/p01_sum_loop_vs_builtin.py::new"),
         "expected FILE.py::FUNCTION"),
        (("{bad}::f", "{bad}::f"), "bad.py:2:"),
    ],
)
def test_bad_input_exits_2_with_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path,
                                         argv: tuple[str, str], fragment: str) -> None:
    bad = tmp_path / "bad.py"
    bad.write_text("def f(x):\n    return x +\n")
    args = [a.format(pairs=PAIRS, bad=bad) for a in argv]
    code, _, err = run_cli(capsys, *args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("trm-harness: error:"), err
    assert fragment in lines[0]
    assert "Traceback" not in err


# --------------------------------------------------------------------------- z3 hand-off


class _Stub:
    """Stands in for trm_agent.verify.tv.check_functions."""

    def __init__(self, verdict: Verdict, cex: dict[str, object] | None = None) -> None:
        self.verdict, self.cex = verdict, cex
        self.calls: list[tuple[str, str]] = []

    def __call__(self, original: Any, optimized: Any, *, module: Any = None,
                 timeout_s: float = 2.0, loop_bound: int = 4) -> Result:
        self.calls.append((original.qualname, optimized.qualname))
        return Result(self.verdict, self.cex, "stub", 0.001)


def _refs(name: str) -> tuple[eq.FunctionRef, eq.FunctionRef]:
    old, new = pair(name)
    return eq.FunctionRef.parse(old), eq.FunctionRef.parse(new)


def test_z3_proof_is_the_verdict() -> None:
    stub = _Stub(Verdict.PROVED)
    result = eq.run_equiv(*_refs("double_mul_vs_add"),
                          eq.EquivOptions(inputs=10, z3_isolated=False), checker=stub)
    assert stub.calls == [("old", "new")]
    assert (result.verdict, result.method, result.inputs_tried) == ("PROVED", "z3", 0)
    assert result.exit_code == 0


def test_z3_counterexample_is_replayed() -> None:
    result = eq.run_equiv(*_refs("floordiv_vs_int_div"), eq.EquivOptions(inputs=10),
                          checker=_Stub(Verdict.REFUTED, {"a": -7, "b": 2}))
    assert (result.verdict, result.method) == ("REFUTED", "z3")
    assert result.counterexample is not None
    assert result.counterexample.case.args == (-7, 2)
    assert result.counterexample.found_by == "z3"


def test_z3_counterexample_that_does_not_reproduce_falls_back_to_execution() -> None:
    result = eq.run_equiv(*_refs("floordiv_vs_int_div"), eq.EquivOptions(inputs=100),
                          checker=_Stub(Verdict.REFUTED, {"a": 6, "b": 3}))
    assert result.verdict == "REFUTED" and result.method == "execution"
    assert "did not reproduce" in result.reason


def test_z3_proof_across_files_with_different_helpers_is_not_trusted(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("def h(x):\n    return x + 1\n\n"
                                   "def f(x: int) -> int:\n    return h(x)\n")
    (tmp_path / "b.py").write_text("def h(x):\n    return x + 2\n\n"
                                   "def f(x: int) -> int:\n    return h(x)\n")
    result = eq.run_equiv(eq.FunctionRef(tmp_path / "a.py", "f"),
                          eq.FunctionRef(tmp_path / "b.py", "f"), eq.EquivOptions(inputs=20),
                          checker=_Stub(Verdict.PROVED))
    assert result.verdict == "REFUTED" and result.method == "execution"
    assert "not trusted" in result.reason


def test_absent_z3_layer_is_unknown_not_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> Any:
        raise ModuleNotFoundError(f"No module named {name!r}", name=name)

    monkeypatch.setattr(eq.importlib, "import_module", missing)
    checker, why = eq.z3_checker()
    assert checker is None and why == "z3 layer not available"


# --------------------------------------------------------------------------- input generation


def _signature(source: str) -> Any:
    node = ast.parse(source).body[0]
    assert isinstance(node, ast.FunctionDef)
    return signature_of(node)


def test_inputs_are_deterministic_per_seed() -> None:
    sig = _signature("def f(a: int, xs: list[float], s: str, d: dict[str, int]):\n    pass\n")
    first = [c.call_text() for c in InputGenerator(sig, seed=3).take(300)]
    again = [c.call_text() for c in InputGenerator(sig, seed=3).take(300)]
    other = [c.call_text() for c in InputGenerator(sig, seed=4).take(300)]
    assert first == again
    assert first != other


def test_inputs_cover_the_edges_of_each_type() -> None:
    sig = _signature("def f(x: float, xs: list[int], n: int):\n    pass\n")
    cases = InputGenerator(sig, seed=0).take(200)
    floats = [c.args[0] for c in cases]
    assert any(math.isnan(x) for x in floats)
    assert any(x == 0.0 and math.copysign(1, x) < 0 for x in floats)
    assert math.inf in floats and -math.inf in floats
    assert [] in [c.args[1] for c in cases]
    ints = {c.args[2] for c in cases}
    assert {0, -1, 1000, 1001, 2**63} <= ints


def test_usage_inference() -> None:
    sig = _signature(
        "def f(n, xs, s, d, flag=False):\n"
        "    out = []\n"
        "    for i in range(n):\n"
        "        out.append(i)\n"
        "    for x in xs:\n"
        "        out.append(x + 1)\n"
        "    d['k'] = s.upper()\n"
        "    return out\n")
    specs = {p.name: str(p.spec) for p in sig.params}
    assert specs == {"n": "int(small)", "xs": "list[int | float]", "s": "str",
                     "d": "dict[str, int]", "flag": "bool"}
    cases = InputGenerator(sig, seed=0).take(500)
    assert max(c.args[0] for c in cases) <= 1200  # a loop count stays small


# --------------------------------------------------------------------------- cross-check


def _stub_proved(original: Any, optimized: Any, **_: Any) -> Result:
    return Result(Verdict.PROVED, None, "stub", 0.0)


def _stub_refuted(original: Any, optimized: Any, **_: Any) -> Result:
    return Result(Verdict.REFUTED, {"a": -7, "b": 2}, "stub", 0.0)


def test_crosscheck_pairs_are_deterministic_and_mixed() -> None:
    first = cc.build_pairs(60, seed=1, baseline=False)
    again = cc.build_pairs(60, seed=1, baseline=False)
    assert [p.pair_id for p in first] == [p.pair_id for p in again]
    assert [p.new_source for p in first] == [p.new_source for p in again]
    kinds = {p.kind for p in first}
    assert {"corpus", "neutral", "fault"} <= kinds


def test_crosscheck_catches_a_proof_that_execution_refutes() -> None:
    spec = next(p for p in cc.build_pairs(44) if p.pair_id.startswith("p23_"))
    report = cc.check_pair(spec, inputs=200, checker=_stub_proved)
    assert report.classification == "unsound"
    assert report.exec_difference is not None
    proved_equal = next(p for p in cc.build_pairs(44) if p.pair_id.startswith("p03_"))
    assert cc.check_pair(proved_equal, inputs=200,
                         checker=_stub_proved).classification == "agree-proved"


def test_crosscheck_replays_counterexamples() -> None:
    pairs = cc.build_pairs(44)
    different = next(p for p in pairs if p.pair_id.startswith("p23_"))
    equivalent = next(p for p in pairs if p.pair_id.startswith("p03_"))
    report = cc.check_pair(different, inputs=50, checker=_stub_refuted)
    assert report.classification == "agree-refuted" and report.cex_reproduced
    # a "counterexample" for two functions that agree everywhere cannot reproduce
    bogus = cc.check_pair(equivalent, inputs=50, checker=lambda o, n, **_: Result(
        Verdict.REFUTED, {"x": 3}, "stub", 0.0))
    assert bogus.classification == "cex-not-reproduced"
    summary = cc.summarize([report, bogus])
    assert summary["refuted_reproduced"] == 1 and summary["refuted_not_reproduced"] == 1


# --------------------------------------------------------------------------- comparison table


def test_crosshair_output_parsing() -> None:
    given = "Given: (a=-1, b=2),\n  m.old : returns -1\n  m.new : returns 0\n"
    found = ec.parse_crosshair(1, given, 1.0)
    assert found.verdict == "REFUTED" and "a=-1" in found.detail
    none = ec.parse_crosshair(0, "No differences found. (attempted 57 iterations)\n", 2.0)
    assert none.verdict == "NO-DIFFERENCE-FOUND" and none.detail == "57 iterations"
    done = ec.parse_crosshair(0, "No differences found. (attempted 2 iterations)\n"
                                 "All paths exhausted, functions are likely the same!\n", 0.5)
    assert done.verdict == "EXHAUSTED"
    assert ec.parse_crosshair(2, 'Unable to load "m.old"', 0.1).verdict == "ERROR"


def test_comparison_summary_counts_detection_and_false_alarms() -> None:
    same, diff = ec.Pair(Path("p1.py"), True, ""), ec.Pair(Path("p2.py"), False, "")
    rows = [(same, ec.ToolRun("NO-DIFFERENCE-FOUND", 2.0), ec.ToolRun("REFUTED", 5.0)),
            (diff, ec.ToolRun("REFUTED", 1.0), ec.ToolRun("NO-DIFFERENCE-FOUND", 9.0))]
    totals = ec.summary(rows)
    assert totals["trm"]["detected"] == 1 and totals["trm"]["false_alarms"] == 0
    assert totals["crosshair"]["detected"] == 0 and totals["crosshair"]["false_alarms"] == 1
    table = ec.markdown(rows, totals, "cmd", 10)
    assert "| p2 | different | ✔ REFUTED | 1.0 | ✘ NO-DIFFERENCE-FOUND | 9.0 |" in table


def test_corpus_manifest_is_balanced_and_complete() -> None:
    pairs = ec.load_pairs(PAIRS)
    assert len(pairs) >= 40
    assert sum(p.equivalent for p in pairs) == sum(not p.equivalent for p in pairs)
    for p in pairs:
        names = {n.name for n in ast.parse(p.file.read_text()).body
                 if isinstance(n, ast.FunctionDef)}
        assert {"old", "new"} <= names, p.file


def test_z3_proof_with_different_defaults_is_not_trusted(tmp_path: Path) -> None:
    """Defaults live outside the body z3 compares: a proof about the bodies says nothing."""
    (tmp_path / "m.py").write_text("def old(x: int, k: int = 1) -> int:\n    return x + k\n\n"
                                   "def new(x: int, k: int = 2) -> int:\n    return x + k\n")
    result = eq.run_equiv(eq.FunctionRef(tmp_path / "m.py", "old"),
                          eq.FunctionRef(tmp_path / "m.py", "new"), eq.EquivOptions(inputs=50),
                          checker=_Stub(Verdict.PROVED))
    assert result.verdict == "REFUTED"
    assert "signatures differ" in result.reason


def test_z3_counterexample_outside_the_annotations_is_not_a_refutation() -> None:
    """``len(xs) == 0`` and ``not xs`` differ for xs=0, but xs is declared a list[int]."""
    result = eq.run_equiv(*_refs("len_zero_vs_not"), eq.EquivOptions(inputs=100),
                          checker=_Stub(Verdict.REFUTED, {"xs": 0}))
    assert result.verdict == "NO-DIFFERENCE-FOUND"
    assert "outside the annotated types" in result.reason


def test_a_slow_z3_layer_costs_its_budget_not_more() -> None:
    def sleepy(*_: Any, **__: Any) -> Result:
        import time

        time.sleep(30)
        return Result(Verdict.PROVED)

    result = eq.run_equiv(*_refs("double_mul_vs_add"),
                          eq.EquivOptions(inputs=20, z3_timeout_s=0.1), checker=sleepy)
    assert result.z3.verdict == "UNKNOWN" and "budget" in result.z3.reason
    assert result.z3.seconds < 10
    assert result.verdict == "NO-DIFFERENCE-FOUND"


def test_crosscheck_markdown_names_the_gate_figures() -> None:
    pairs = cc.build_pairs(44, baseline=False)
    different = next(p for p in pairs if p.pair_id.startswith("p23_"))
    reports = [cc.check_pair(different, inputs=20, checker=_stub_proved)]
    totals = cc.summarize(reports) | {"seconds": 1.0, "inputs_per_pair": 20}
    text = cc.markdown(totals, reports, "cmd")
    assert "| **PROVED but execution tells them apart** | **1** |" in text
    assert "p23_floordiv_vs_int_div::old~new" in text


def test_a_late_z3_proof_still_decides() -> None:
    """z3 runs in a child while execution goes on; its proof wins whenever it arrives."""
    def slow_proof(*_: Any, **__: Any) -> Result:
        import time

        time.sleep(0.3)
        return Result(Verdict.PROVED)

    result = eq.run_equiv(*_refs("double_mul_vs_add"), eq.EquivOptions(inputs=30),
                          checker=slow_proof)
    assert (result.verdict, result.method) == ("PROVED", "z3")
    assert result.z3.used


def test_crosscheck_survives_functions_that_hang() -> None:
    source = "def f(n: int) -> int:\n    while n < 0:\n        pass\n    return n\n"
    spec = cc.PairSpec("hang", "fault", source, "f", source, "f", "hang.py")
    report = cc.check_pair(spec, inputs=60, call_timeout_s=0.02)
    assert report.error == "" and report.exec_difference is None
    assert report.both_hung > 0 and report.inputs_run == 60
