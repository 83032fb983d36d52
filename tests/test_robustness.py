"""hypothesmith programs through parse -> translate -> codegen: no internal errors, valid output.

The default suite runs a small sample in-process; the full campaign of the foundation issue
(5,000 grammar + 500 node programs, two processes) is ``-m slow``.
"""

from __future__ import annotations

import hypothesmith
import pytest
from hypothesis import HealthCheck, given, settings

from harness.robustness import RobustnessReport, check_source, run_campaign
from trm_agent.agent import TRMAgent

AGENT = TRMAgent.load()


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(hypothesmith.from_grammar())
def test_grammar_programs_never_crash_the_front_end(source: str) -> None:
    report = RobustnessReport()
    check_source(source, report, AGENT)
    assert not report.internal_errors, report.internal_errors[0]
    assert not report.invalid_outputs, report.invalid_outputs[0]


def test_check_source_reports_an_invalid_output(monkeypatch: pytest.MonkeyPatch) -> None:
    """The checker itself must be able to fail: feed it a compiler that emits broken code."""

    class Broken:
        def compile_source(self, source: str, filename: str) -> object:
            return type("R", (), {"diagnostics": [], "module": None, "source": "def ("})()

    report = RobustnessReport()
    check_source("x = 1\n", report, Broken())  # type: ignore[arg-type]
    assert len(report.invalid_outputs) == 1


@pytest.mark.slow
def test_full_hypothesmith_campaign() -> None:
    report = run_campaign(grammar=5000, nodes=500, workers=2)
    assert report.programs == 5500
    assert not report.internal_errors, report.internal_errors[:3]
    assert not report.invalid_outputs, report.invalid_outputs[:3]
