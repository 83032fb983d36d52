"""Fuzzing campaigns (harness/campaign.py), ``trm-harness fuzz`` and ``trm-harness report``.

The campaigns here are small (a few tiny-policy programs) but real: generated programs are
compiled, run in the sandbox and compared; an injected mutant pass must be found, reduced,
blamed and saved, and the findings must not depend on how the work is distributed.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness.campaign import Campaign, CampaignConfig, findings_key, saved_signatures
from harness.cli import main
from harness.generate.typed import GENERATOR_VERSION
from harness.report import build_report, run_report_command
from trm_agent.ir.core import Function
from trm_agent.passes.manager import PassContext

MUTANT = "tests.mutants.effects:DropUnusedCall"  # drops calls whose result is unused
MUTANT_NAME = "mutant-drop-unused-call"
EXPLODING = "tests.test_campaign:ExplodesOnModulo"


class ExplodesOnModulo:
    """A plugin pass with a bug of the other kind: it raises on any ``%``."""

    name = "test-explodes-on-modulo"
    rules = ("explode",)

    def run(self, fn: Function, ctx: PassContext) -> int:
        for op in fn.walk():
            if op.opdef.name == "py.binop" and op.attrs.get("op") == "%":
                raise ZeroDivisionError("the plugin divided by zero")
        return 0


def small(**changes: Any) -> CampaignConfig:
    """Tiny programs and small reduction caps: seconds per campaign, not minutes."""
    base = CampaignConfig(programs=6, policy="tiny", chunk_size=2, shrink_attempts=30,
                          reduce_attempts=120, reduce_budget_s=60.0)
    return CampaignConfig(**{**{f: getattr(base, f) for f in base.__dataclass_fields__},
                             **changes})


def test_baseline_campaign_finds_nothing() -> None:
    report = Campaign(small(programs=20)).run()
    data = report.as_json()
    assert data["programs"] == 20
    assert [r.seed for r in report.results] == list(range(20))
    assert (data["miscompiles"], data["crashes"], data["internal_errors"]) == (0, 0, 0)
    assert data["findings"] == [] and data["unique_bugs"] == 0
    assert data["verdict_mix"].get("agree", 0) >= 15  # the programs really ran and agreed
    assert "stmt.assign" in data["construct_coverage"]
    assert data["timeline"][-1]["programs"] == 20


def test_an_injected_mutant_is_found_reduced_blamed_and_saved(tmp_path: Path) -> None:
    report = Campaign(small(passes=(MUTANT,), out_dir=tmp_path)).run()
    assert report.failed and report.count("miscompile") >= 1
    first = next(f for f in report.findings if f.duplicate_of is None)
    assert first.blame is not None and first.blame["pass"] == MUTANT_NAME
    assert first.reduced_blame is not None and first.reduced_blame["pass"] == MUTANT_NAME
    assert first.reduced_lines is not None and first.reduced_lines < first.lines
    assert first.saved is not None
    saved = Path(first.saved)
    assert saved.parent == tmp_path
    text = saved.read_text()
    assert f"seed: {first.seed} (generator {GENERATOR_VERSION}, policy tiny)" in text
    assert f"blame signature: {first.signature}" in text
    compile(text, str(saved), "exec")  # a valid program, replayable as a regression
    assert saved_signatures(tmp_path) == {first.signature: saved}
    # duplicates of the same bug are counted, not saved again
    assert report.unique_bugs == len({f.signature for f in report.findings})
    assert all(f.saved is None for f in report.findings if f.duplicate_of is not None)


def test_a_crashing_plugin_is_an_internal_error_blamed_on_it(tmp_path: Path) -> None:
    report = Campaign(small(programs=1, passes=(EXPLODING,), out_dir=tmp_path,
                            shrink_attempts=10, reduce_attempts=40)).run()
    assert report.count("internal_error") >= 1 and report.count("miscompile") == 0
    first = report.findings[0]
    assert first.signature == "internal_error:test-explodes-on-modulo:ZeroDivisionError"
    assert first.reduced_lines is not None and first.reduced_lines < first.lines
    assert first.reduced_source is not None and "%" in first.reduced_source


def test_findings_are_the_same_on_a_process_pool() -> None:
    alone = Campaign(small(programs=8, passes=(MUTANT,), reduce=False, max_triaged=2)).run()
    pool = Campaign(small(programs=8, passes=(MUTANT,), reduce=False, max_triaged=2,
                          workers=2)).run()
    assert alone.findings and findings_key(alone) == findings_key(pool)
    assert [(r.seed, r.verdict, r.detail) for r in alone.results] == \
        [(r.seed, r.verdict, r.detail) for r in pool.results]


@pytest.mark.slow  # a Dask LocalCluster: 15-25 s on the 2-core machine
def test_findings_do_not_depend_on_the_workers() -> None:
    config = small(programs=8, passes=(MUTANT,), reduce=False)
    alone = Campaign(config).run()
    cluster = Campaign(small(programs=8, passes=(MUTANT,), reduce=False, workers=2,
                             dask=True)).run()
    assert alone.findings and findings_key(alone) == findings_key(cluster)
    assert [(r.seed, r.verdict) for r in alone.results] == \
        [(r.seed, r.verdict) for r in cluster.results]
    assert cluster.workers == 2


def test_fuzz_cli_writes_the_json_contract(tmp_path: Path) -> None:
    out = tmp_path / "fuzz.json"
    code = main(["fuzz", "--programs", "3", "--policy", "tiny", "--out", str(tmp_path),
                 "--json", str(out)])
    assert code == 0
    data = json.loads(out.read_text())
    for key in ("programs", "programs_per_second", "miscompiles", "crashes", "internal_errors",
                "unique_bugs", "findings", "construct_coverage", "verdict_mix", "timeline"):
        assert key in data
    assert data["programs"] == 3 and data["exit_code"] == 0


def test_fuzz_cli_exits_1_on_a_miscompile(tmp_path: Path) -> None:
    out = tmp_path / "fuzz.json"
    code = main(["fuzz", "--programs", "12", "--stop-after", "1", "--policy", "tiny",
                 "--pass", MUTANT, "--no-reduce", "--out", str(tmp_path), "--json", str(out)])
    assert code == 1
    data = json.loads(out.read_text())
    assert data["miscompiles"] >= 1 and data["findings"][0]["seed"] < 12


@pytest.mark.parametrize("args", [
    ["--generator", "nonsense"],
    ["--policy", "nonsense"],
    ["--level", "O9"],
    ["--pass", "no.such.module:Pass"],
])
def test_fuzz_cli_rejects_bad_input_with_exit_2(args: list[str],
                                                capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fuzz", "--programs", "1", *args]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("trm-harness: error:")


def test_report_assembles_whatever_results_exist(tmp_path: Path) -> None:
    results = tmp_path / "results"
    results.mkdir()
    fuzz = {"command": "fuzz", "programs": 4, "programs_per_second": 2.0, "miscompiles": 1,
            "crashes": 0, "internal_errors": 0, "unique_bugs": 1, "exit_code": 1,
            "findings": [{"seed": 3, "kind": "miscompile", "lines": 90, "reduced_lines": 5,
                          "signature": "p:r", "saved": "x/fuzz_a.py"}],
            "timeline": [{"seconds": 0, "programs": 0, "findings": 0},
                         {"seconds": 1.5, "programs": 4, "findings": 1}],
            "verdict_mix": {"agree": 3, "miscompile": 1},
            "construct_coverage": {"stmt.if": 4, "int.binop": 9},
            "fallback_reasons": {"verify-unknown": 2}}
    speedup = {"command": "speedup", "geomean_baseline": 1.1,
               "benchmarks": [{"name": "a", "speedup_baseline": 1.2},
                              {"name": "b", "speedup_baseline": 0.9}]}
    (results / "fuzz.json").write_text(json.dumps(fuzz))
    (results / "speedup.json").write_text(json.dumps(speedup))
    (results / "partial.json").write_text('{"command": "coverage"')  # cut short
    (results / "odd.json").write_text(json.dumps({"command": "mutants", "mutants": "?"}))
    report = build_report(results)
    assert any("partial.json" in p for p in report.problems)
    assert len(report.plots) >= 4  # timeline, verdicts, constructs, speedup, fallback reasons
    md, page = tmp_path / "r.md", tmp_path / "r.html"
    assert run_report_command(results, [md, page]) == 0
    text = md.read_text()
    assert "Fuzz campaign: fuzz.json" in text and "Speedup: speedup.json" in text
    assert "fuzz_a.py" in text and "partial.json" in text
    for line in text.splitlines():
        if line.startswith("!["):
            assert (tmp_path / line.rsplit("](", 1)[1].rstrip(")")).is_file()
    assert page.read_text().count("data:image/png;base64,") == len(report.plots)


def test_report_cli_needs_an_existing_results_directory(tmp_path: Path) -> None:
    assert main(["report", "--results", str(tmp_path / "missing")]) == 2
    assert main(["report", "--results", str(tmp_path), "--out", str(tmp_path / "r.txt")]) == 2
    assert main(["report", "--results", str(tmp_path), "--out", str(tmp_path / "r.md")]) == 0
    assert "No results yet" in (tmp_path / "r.md").read_text()


def test_compile_time_syntax_warnings_are_not_program_output() -> None:
    """``('12',)(x)`` draws a SyntaxWarning from CPython's compiler on the original text only
    (after LICM the callee is a variable): the mutate generator met this; it is not a finding."""
    from harness.campaign import Source, checker_for

    text = ("def walk(steps):\n    for dx, dy in steps:\n        p = ('12',)(dx, dy)\n"
            "    return 0\n\nCASES = [('walk', ([],), {}), ('walk', ([(1, 2)],), {})]\n")
    result = checker_for(small()).check(Source(0, text))
    assert result.verdict == "agree", result.detail


def test_stop_after_ends_the_search_at_the_first_finding() -> None:
    report = Campaign(small(programs=40, passes=(MUTANT,), stop_after=1, reduce=False)).run()
    assert report.count("miscompile") >= 1
    assert report.programs < 40  # no chunk was started once a finding was in


def test_z3_mode_validates_every_optimized_function() -> None:
    report = Campaign(small(programs=4, policy="inliner", z3=True)).run()
    data = report.as_json()
    assert data["miscompiles"] == 0
    assert sum(data["z3_verdicts"].values()) >= 1, data["z3_verdicts"]
    assert set(data["z3_verdicts"]) <= {"PROVED", "UNKNOWN", "encoder-bug"}
    assert data["config"]["z3"] is True


def test_when_a_dropped_coroutine_is_finalized_is_not_compared() -> None:
    """Inlining ``_run`` keeps the coroutine in a variable until the function returns, which
    moves CPython's "never awaited" warning: found by a mutant campaign's reduction."""
    from harness.campaign import Source, checker_for

    text = ("def _run(coro):\n    pass\n\nasync def co(p):\n    pass\n\n"
            "def f(a):\n    v = _run(co(a))\n    print('after')\n    return v\n\n"
            "CASES = [('f', (1,), {}), ('f', (2,), {})]\n")
    result = checker_for(small()).check(Source(0, text))
    assert result.verdict == "agree", result.detail


def test_mutate_compile_only_over_a_given_corpus(tmp_path: Path) -> None:
    donor = tmp_path / "donor.py"
    donor.write_text("def f(x):\n    return x + 1\n\n\ndef g(y):\n    return [f(i) for i in y]\n")
    report = Campaign(small(generator="mutate", run=False, programs=6,
                            mutate_corpus=(str(donor), "stdlib"))).run()
    assert report.programs == 6
    assert set(report.verdict_mix()) <= {"compiled", "rejected"}, report.verdict_mix()
    assert report.count("internal_error") == 0


def test_fuzz_cli_rejects_a_missing_corpus(tmp_path: Path, capsys: Any) -> None:
    code = main(["fuzz", "--generator", "mutate", "--corpus", str(tmp_path / "nope"),
                 "--programs", "1"])
    assert code == 2
    assert "no such corpus" in capsys.readouterr().err
