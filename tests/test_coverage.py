"""``trm-harness coverage``: exact counts on hand-made files, pool vs inline, gates."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from harness import cli as harness_cli
from harness import coverage as cov
from harness.stdlib import EXCLUDED_DIR_NAMES, iter_stdlib_files, stdlib_root

#: Three functions: two plainly lowerable, one blocked by exactly one `try`.
THREE_FUNCTIONS = """\
def add(a, b):
    return a + b


class Counter:
    def bump(self, n):
        return n + 1


def guarded(x):
    y = x + 1
    return locals()
"""


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = harness_cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    root = tmp_path / "tree"
    (root / "pkg").mkdir(parents=True)
    (root / "pkg" / "three.py").write_text(THREE_FUNCTIONS, encoding="utf-8")
    (root / "empty.py").write_text("X = 1\n", encoding="utf-8")
    (root / "broken.py").write_text("def nope(:\n", encoding="utf-8")
    return root


def coverage_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, *argv: str
) -> tuple[int, dict[str, Any]]:
    report = tmp_path / "coverage.json"
    code, _, err = run(capsys, "coverage", *argv, "--json", str(report))
    assert "Traceback" not in err
    return code, json.loads(report.read_text(encoding="utf-8"))


def test_exact_counts_on_a_hand_made_file(
    tmp_path: Path, tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data = coverage_json(capsys, tmp_path, str(tree), "--workers", "1")
    assert code == 0
    assert data["files"] == 3
    assert data["files_failed"] == 1
    assert data["failed_files"][0]["file"].endswith("broken.py")
    assert data["functions_total"] == 3
    assert data["functions_lowered"] == 2
    assert data["coverage"] == pytest.approx(2 / 3)
    assert data["by_construct"] == {"frame-introspection": {"functions": 1, "occurrences": 1}}
    assert isinstance(data["seconds"], float)


def test_process_pool_gives_the_same_answer_as_inline(
    tmp_path: Path, tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for i in range(6):  # enough files for several chunks
        (tree / f"copy{i}.py").write_text(THREE_FUNCTIONS, encoding="utf-8")
    _, inline = coverage_json(capsys, tmp_path, str(tree), "--workers", "1")
    _, pooled = coverage_json(capsys, tmp_path, str(tree), "--workers", "2")
    volatile = {"seconds", "workers"}
    assert {k: v for k, v in inline.items() if k not in volatile} == {
        k: v for k, v in pooled.items() if k not in volatile
    }
    assert pooled["functions_total"] == 3 * 7
    assert pooled["by_construct"]["frame-introspection"] == {"functions": 7, "occurrences": 7}


def test_occurrences_and_functions_are_counted_separately(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "two_tries.py"
    src.write_text(
        "def f(x):\n"
        "    y = locals()\n"
        "    return locals(), y\n",
        encoding="utf-8",
    )
    _, data = coverage_json(capsys, tmp_path, str(src), "--workers", "1")
    assert data["functions_total"] == 1
    assert data["by_construct"]["frame-introspection"] == {"functions": 1, "occurrences": 2}


def test_fail_under_is_a_gate(
    tmp_path: Path, tree: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, data = coverage_json(capsys, tmp_path, str(tree), "--workers", "1", "--fail-under", "0.5")
    assert code == 0 and data["coverage"] >= 0.5
    code, data = coverage_json(capsys, tmp_path, str(tree), "--workers", "1", "--fail-under", "1.0")
    assert code == 1 and data["coverage"] < 1.0


def test_exclude_glob(tmp_path: Path, tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, data = coverage_json(
        capsys,
        tmp_path,
        str(tree),
        "--workers",
        "1",
        "--exclude",
        "pkg/*",
        "--exclude",
        "broken.py",
    )
    assert data["files"] == 1
    assert data["functions_total"] == 0
    assert data["coverage"] == 1.0


def test_table_lists_blocking_constructs(tree: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "coverage", str(tree), "--workers", "1")
    assert code == 0
    assert "frame-introspection" in out


@pytest.mark.parametrize(
    "argv",
    [["coverage"], ["coverage", "/definitely/not/here"], ["coverage", "--workers", "0", "."]],
)
def test_bad_input_exits_2(capsys: pytest.CaptureFixture[str], argv: list[str]) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert "Traceback" not in err
    assert err.startswith("trm-harness: error:")


def test_crash_in_the_compiler_is_reported_not_raised(
    tmp_path: Path, tree: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(harness_cli, "agent_factory", lambda model: _ExplodingAgent)
    code, data = coverage_json(capsys, tmp_path, str(tree), "--workers", "1")
    assert code == 1
    assert data["files_internal_error"] == 3
    assert "RuntimeError" in data["internal_errors"][0]["error"]


class _ExplodingAgent:
    def parse_module(self, source: bytes, filename: str = "<string>") -> Any:
        raise RuntimeError("boom")


def test_chunks_cover_every_file_once(tmp_path: Path) -> None:
    paths = []
    for i in range(50):
        p = tmp_path / f"f{i}.py"
        p.write_text("x = 1\n" * (i + 1), encoding="utf-8")
        paths.append(p)
    chunks = cov.make_chunks(paths, workers=2)
    flat = [name for chunk in chunks for name in chunk]
    assert sorted(flat) == sorted(map(str, paths))
    assert len(chunks) > 2


def test_stdlib_discovery_skips_tests_and_tools() -> None:
    root = stdlib_root()
    files = list(iter_stdlib_files())
    relative = {p.relative_to(root).as_posix() for p in files}
    assert {"textwrap.py", "json/__init__.py", "colorsys.py"} <= relative
    for path in files:
        assert not (set(path.relative_to(root).parts[:-1]) & EXCLUDED_DIR_NAMES), path
    assert not any(r.startswith("test/") for r in relative)
