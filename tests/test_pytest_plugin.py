"""The CI gate plugin: ``pytest --trm-gate=PATH`` (harness/pytest_plugin.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

from harness.equivalence.outcome import Outcome
from harness.pytest_plugin import _differences

PROGRAM = textwrap.dedent("""
    def square(x):
        return x * x

    def total(n):
        return sum(square(i) for i in range(n)) + square(n)

    CASES = [("total", (4,), {}), ("square", (2.5,), {}), ("total", ("x",), {})]
""")


def run_gate(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                           "-p", "no:randomly", "-q", *args], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)


def test_gate_passes_on_a_correct_compile_and_writes_junit(tmp_path: Path) -> None:
    (tmp_path / "code").mkdir()
    (tmp_path / "code" / "prog.py").write_text(PROGRAM)
    done = run_gate(tmp_path, "--trm-gate=code", "--junitxml=gate.xml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 passed" in done.stdout
    xml = (tmp_path / "gate.xml").read_text()
    assert 'name="trm-gate"' in xml and 'failures="0"' in xml


def test_gate_levels_and_missing_paths(tmp_path: Path) -> None:
    (tmp_path / "prog.py").write_text(PROGRAM)
    done = run_gate(tmp_path, "--trm-gate=prog.py", "--trm-level=none")
    assert done.returncode == 0, done.stdout + done.stderr
    missing = run_gate(tmp_path, "--trm-gate=nowhere")
    assert missing.returncode == 4 and "no such path" in missing.stderr


def test_differences_name_the_case_and_the_difference() -> None:
    a = Outcome("return", "1", None, None, "", "")
    b = Outcome("return", "2", None, None, "", "")
    problems = _differences([("f", (1,), {})], [a], [b])
    assert len(problems) == 1 and "f(*(1,)" in problems[0]
    assert _differences([("f", (1,), {})], [a], [a]) == []
