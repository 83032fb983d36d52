"""``trm-harness roundtrip``: judging child runs, module lookup, and real stdlib runs."""

from __future__ import annotations

import importlib.util
import json
import os
import sys
from pathlib import Path

import pytest

from harness import cli as harness_cli
from harness import roundtrip as rt
from harness.stdlib import ModuleNotFound, accelerator_for, find_module_source, stdlib_root

#: The stdlib roundtrips need CPython's own test package, which some distributions strip.
needs_cpython_tests = pytest.mark.skipif(
    importlib.util.find_spec("test.test_colorsys") is None,
    reason="CPython's test package is not installed",
)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = harness_cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def child(stdout_report: dict[str, object] | None, returncode: int | None = 0) -> rt.ChildRun:
    line = rt.RESULT_MARKER + json.dumps(stdout_report) if stdout_report is not None else ""
    return rt.ChildRun(returncode, f"noise\n{line}\n", "....\nOK\n")


def judged(
    report: dict[str, object] | None, compiled: Path, returncode: int | None = 0
) -> rt.ModuleResult:
    result = rt.ModuleResult(module="m")
    rt.judge(result, child(report, returncode), compiled, timeout=5)
    return result


def test_judge_passes_a_clean_run_from_the_compiled_dir(tmp_path: Path) -> None:
    report = {
        "imported_from": str(tmp_path / "m.py"),
        "tests_run": 7,
        "failures": 0,
        "errors": 0,
        "skipped": 1,
    }
    result = judged(report, tmp_path)
    assert result.passed and result.tests_run == 7 and result.skipped == 1 and result.reason is None


def test_judge_counts_errors_as_failures(tmp_path: Path) -> None:
    report = {"imported_from": str(tmp_path / "m.py"), "tests_run": 7, "failures": 1, "errors": 2}
    result = judged(report, tmp_path)
    assert not result.passed and result.failures == 3 and result.errors == 2


def test_judge_rejects_a_module_imported_from_elsewhere(tmp_path: Path) -> None:
    report = {
        "imported_from": str(stdlib_root() / "m.py"),
        "tests_run": 7,
        "failures": 0,
        "errors": 0,
    }
    result = judged(report, tmp_path / "compiled")
    assert not result.passed and result.reason == "compiled file not imported"


@pytest.mark.parametrize(
    ("report", "returncode", "reason"),
    [
        (None, None, "timeout"),
        (None, 1, "without a result"),
        ({"imported_from": None, "error": "import failed: X"}, 3, "import failed"),
    ],
)
def test_judge_failure_reasons(
    tmp_path: Path, report: dict[str, object] | None, returncode: int | None, reason: str
) -> None:
    result = judged(report, tmp_path, returncode)
    assert not result.passed
    assert result.reason is not None and reason in result.reason


def test_judge_requires_that_tests_ran(tmp_path: Path) -> None:
    report = {"imported_from": str(tmp_path / "m.py"), "tests_run": 0, "failures": 0, "errors": 0}
    assert judged(report, tmp_path).reason == "no tests ran"


def test_child_environment_puts_the_compiled_dir_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    env = rt.child_environment(tmp_path)
    assert env["PYTHONPATH"].split(":")[0] == str(tmp_path)
    assert env["PYTHONSAFEPATH"] == "1" and env["PYTHONDONTWRITEBYTECODE"] == "1"


def test_module_lookup() -> None:
    colorsys = find_module_source("colorsys")
    assert not colorsys.is_package and colorsys.path.name == "colorsys.py"
    json_pkg = find_module_source("json")
    assert json_pkg.is_package and (json_pkg.path / "__init__.py").is_file()
    assert json_pkg.destination(Path("/x"), json_pkg.path / "decoder.py") == Path(
        "/x/json/decoder.py"
    )
    for bad in ("json.decoder", "sys", "no_such_module_hopefully"):
        with pytest.raises(ModuleNotFound):
            find_module_source(bad)


def test_accelerator_detection() -> None:
    assert accelerator_for("heapq") == "_heapq"
    assert accelerator_for("colorsys") is None


@pytest.mark.parametrize("name", ["no_such_module_hopefully", "json.decoder", "sys"])
def test_unknown_modules_are_usage_errors(capsys: pytest.CaptureFixture[str], name: str) -> None:
    code, _, err = run(capsys, "roundtrip", name)
    assert code == 2
    assert err.startswith("trm-harness: error:") and "Traceback" not in err


@pytest.mark.stdlib
@needs_cpython_tests
def test_roundtrip_colorsys_passes_on_compiled_code(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "rt.json"
    code, out, err = run(capsys, "roundtrip", "colorsys", "--json", str(report), "--timeout", "300")
    data = json.loads(report.read_text(encoding="utf-8"))
    (entry,) = data["modules"]
    assert code == 0, (entry, err)
    assert entry["passed"] is True and data["passed"] is True
    assert entry["tests_run"] > 0 and entry["failures"] == 0
    assert "trm-roundtrip-colorsys-" in entry["imported_from"]
    assert entry["functions_total"] > 0
    assert {
        "passed",
        "tests_run",
        "failures",
        "seconds",
        "imported_from",
        "accelerator",
    } <= entry.keys()
    assert "colorsys" in out


@pytest.mark.stdlib
@needs_cpython_tests
def test_roundtrip_detects_a_module_that_is_not_imported_from_the_compiled_copy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``os`` is frozen and loaded at interpreter start-up, so PYTHONPATH cannot win."""
    report = tmp_path / "rt.json"
    code, _, _ = run(capsys, "roundtrip", "os", "--json", str(report), "--timeout", "300")
    (entry,) = json.loads(report.read_text(encoding="utf-8"))["modules"]
    assert code == 1
    assert entry["passed"] is False and entry["reason"] == "compiled file not imported"
    assert entry["tests_run"] == 0


def test_run_child_kills_a_hung_test_run(tmp_path: Path) -> None:
    args = [sys.executable, "-c", "import time; print('started', flush=True); time.sleep(60)"]
    ran = rt.run_child(args, dict(os.environ), tmp_path, timeout=1)
    assert ran.returncode is None
    assert "started" in ran.stdout
