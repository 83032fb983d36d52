"""``trm-agent compile`` / ``trm-agent ir``: outputs, JSON, exit codes and error messages."""

from __future__ import annotations

import json
import os
import re
import runpy
from pathlib import Path
from typing import Any

import pytest

from trm_agent import cli
from trm_agent.fsutil import atomic_write_text, iter_python_files

SIMPLE = '''\
"""A small module."""


def add(a, b):
    return a + b


class Box:
    def __init__(self, value):
        self.value = value

    def doubled(self):
        return self.value * 2


def safe_div(a, b):
    if not b:
        return locals() and None
    return a / b
'''

FUNCTION_KEYS = {"file", "name", "qualname", "lineno", "lowered", "level_used", "reason"}


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(err: str, *fragments: str) -> None:
    """Bad input: a 'trm-agent: error:' line naming the problem, and never a traceback."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.startswith("trm-agent: error:")]
    assert lines, err
    for fragment in fragments:
        assert any(fragment in line for line in lines), (fragment, err)


def write(path: Path, text: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- compile: success


def test_compile_file_is_a_drop_in_replacement(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "src" / "simple.py", SIMPLE)
    out = tmp_path / "out" / "simple.py"
    report = tmp_path / "report.json"
    code, _, err = run(capsys, "compile", str(src), "-o", str(out), "--json", str(report))
    assert code == 0, err
    original, compiled = runpy.run_path(str(src)), runpy.run_path(str(out))
    assert compiled["add"](2, 3) == original["add"](2, 3) == 5
    assert compiled["Box"](4).doubled() == 8
    assert compiled["safe_div"](1, 0) is None
    assert compiled["__doc__"] == original["__doc__"]
    assert src.read_text(encoding="utf-8") == SIMPLE  # input untouched


def test_compile_json_has_the_documented_keys(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "simple.py", SIMPLE)
    report = tmp_path / "r.json"
    code, _, err = run(
        capsys, "compile", str(src), "-o", str(tmp_path / "o.py"), "--report", str(report)
    )
    assert code == 0, err
    payload = json.loads(report.read_text(encoding="utf-8"))
    assert {"files", "functions"} <= payload.keys()
    assert [f["file"] for f in payload["files"]] == [str(src)]
    names = {f["qualname"] for f in payload["functions"]}
    assert {"add", "Box.__init__", "Box.doubled", "safe_div"} <= names
    for row in payload["functions"]:
        assert row.keys() >= FUNCTION_KEYS
        if row["lowered"]:
            assert row["level_used"] == "none" and row["reason"] is None
        else:
            assert row["level_used"] == "original" and isinstance(row["reason"], str)
    assert payload["files"][0]["functions_total"] == len(payload["functions"])


def test_compile_into_existing_directory_uses_the_basename(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "a" / "mod.py", "def f():\n    return 1\n")
    out_dir = tmp_path / "b"
    out_dir.mkdir()
    code, _, err = run(capsys, "compile", str(src), "-o", str(out_dir))
    assert code == 0, err
    assert runpy.run_path(str(out_dir / "mod.py"))["f"]() == 1


def test_compile_tree_mirrors_python_files_only(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "proj"
    write(src / "pkg" / "__init__.py", "")
    write(src / "pkg" / "core.py", "def f(x):\n    return x + 1\n")
    write(src / "top.py", "def g():\n    return 2\n")
    write(src / "README.txt", "not python")
    write(src / "__pycache__" / "junk.py", "def cached(): pass\n")
    write(src / ".hidden" / "h.py", "def h(): pass\n")
    write(src / ".venv" / "lib" / "v.py", "def v(): pass\n")
    out = tmp_path / "built"
    code, _, err = run(capsys, "compile", str(src), "-o", str(out))
    assert code == 0, err
    produced = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert produced == ["pkg/__init__.py", "pkg/core.py", "top.py"]
    assert runpy.run_path(str(out / "pkg" / "core.py"))["f"](1) == 2


# --------------------------------------------------------------------------- compile: refusals


def test_refuses_to_overwrite_the_input_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "m.py", SIMPLE)
    code, _, err = run(capsys, "compile", str(src), "-o", str(src))
    assert code == 2
    assert_one_line_error(err, "overwrite an input file")
    assert src.read_text(encoding="utf-8") == SIMPLE


def test_refuses_output_directory_equal_to_the_input_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "m.py", SIMPLE)
    code, _, err = run(
        capsys, "compile", str(src), "-o", str(tmp_path)
    )  # tmp_path/m.py is the input
    assert code == 2
    assert_one_line_error(err, "overwrite an input file")
    assert src.read_text(encoding="utf-8") == SIMPLE


@pytest.mark.parametrize("out_rel", [".", "inner", "sub/deeper"])
def test_refuses_output_inside_the_source_tree(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], out_rel: str
) -> None:
    src = tmp_path / "tree"
    write(src / "sub" / "m.py", SIMPLE)
    before = sorted(p for p in src.rglob("*"))
    code, _, err = run(capsys, "compile", str(src), "-o", str(src / out_rel))
    assert code == 2
    assert_one_line_error(err, "inside")
    assert sorted(p for p in src.rglob("*")) == before


def test_refuses_report_path_that_is_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "m.py", SIMPLE)
    code, _, err = run(
        capsys, "compile", str(src), "-o", str(tmp_path / "o.py"), "--json", str(src)
    )
    assert code == 2
    assert_one_line_error(err, "overwrite an input file")
    assert src.read_text(encoding="utf-8") == SIMPLE
    assert not (tmp_path / "o.py").exists()


# --------------------------------------------------------------------------- compile: bad input


def test_syntax_error_reports_location_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "bad.py", "def ok():\n    return 1\n\ndef broken(:\n    pass\n")
    out = tmp_path / "out" / "bad.py"
    report = tmp_path / "r.json"
    code, _, err = run(capsys, "compile", str(src), "-o", str(out), "--json", str(report))
    assert code == 2
    assert_one_line_error(err, "syntax-error")
    assert re.search(rf"\({re.escape(str(src))}:4:\d+\)", err), err
    assert not out.exists()
    payload = json.loads(report.read_text(encoding="utf-8"))
    assert payload["files"][0]["status"] == "syntax-error"
    assert payload["files"][0]["written"] is False


def test_tree_with_one_bad_file_compiles_the_others(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "tree"
    write(src / "good.py", "def f():\n    return 1\n")
    write(src / "bad.py", "x = (\n")
    out = tmp_path / "out"
    code, _, err = run(capsys, "compile", str(src), "-o", str(out))
    assert code == 2
    assert_one_line_error(err, "bad.py:")
    assert (out / "good.py").is_file()
    assert not (out / "bad.py").exists()


def test_latin1_file_with_coding_cookie_roundtrips(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "# -*- coding: latin-1 -*-\ndef greet():\n    return 'caf\xe9 \xfc'\n"
    src = write(tmp_path / "latin.py", text.encode("latin-1"))
    out = tmp_path / "o" / "latin.py"
    code, _, err = run(capsys, "compile", str(src), "-o", str(out))
    assert code == 0, err
    assert runpy.run_path(str(out))["greet"]() == "caf\xe9 \xfc"


def test_non_utf8_file_without_cookie_is_a_clean_decode_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "raw.py", b"x = 1\ns = '\xff\xfe'\n")
    out = tmp_path / "o.py"
    code, _, err = run(capsys, "compile", str(src), "-o", str(out))
    assert code == 2
    assert_one_line_error(err, f"{src}:2:")
    assert not out.exists()


def test_missing_source_path(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "compile", str(tmp_path / "nope.py"), "-o", str(tmp_path / "o.py"))
    assert code == 2
    assert_one_line_error(err, "no such file or directory", "nope.py")


def test_output_under_a_regular_file_fails_cleanly(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A path below a regular file cannot be created, even by root."""
    src = write(tmp_path / "m.py", SIMPLE)
    blocker = write(tmp_path / "somefile.txt", "x")
    code, _, err = run(capsys, "compile", str(src), "-o", str(blocker / "out" / "m.py"))
    assert code == 2
    assert_one_line_error(err, "cannot create output directory")
    assert blocker.read_text(encoding="utf-8") == "x"


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root ignores directory permissions"
)
def test_read_only_output_directory_leaves_no_partial_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "m.py", SIMPLE)
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        code, _, err = run(capsys, "compile", str(src), "-o", str(locked / "m.py"))
        assert code == 2
        assert_one_line_error(err, "cannot write output file")
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o700)


def test_unwritable_json_report_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "m.py", SIMPLE)
    blocker = write(tmp_path / "f.txt", "x")
    code, _, err = run(
        capsys, "compile", str(src), "-o", str(tmp_path / "o.py"), "--json", str(blocker / "r.json")
    )
    assert code == 2
    assert_one_line_error(err, "cannot write JSON report")


@pytest.mark.parametrize(
    "argv", [["compile"], ["compile", "x.py", "-o", "y.py", "--opt", "fastest"], ["nonsense"]]
)
def test_usage_errors_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert_one_line_error(err)


def test_unavailable_optimization_level_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Levels the optimizer does not implement yet must say so, not crash."""

    class NoBaseline:
        def compile_source(
            self, source: bytes, filename: str = "<string>", opt: str = "none"
        ) -> Any:
            raise NotImplementedError(f"level {opt}")

    monkeypatch.setattr(cli, "load_agent", lambda spec=None: NoBaseline())
    src = write(tmp_path / "m.py", SIMPLE)
    code, _, err = run(
        capsys, "compile", str(src), "-o", str(tmp_path / "o.py"), "--opt", "baseline"
    )
    assert code == 2
    assert_one_line_error(err, "level baseline", "use --opt none")
    assert not (tmp_path / "o.py").exists()


# --------------------------------------------------------------------------- ir


def test_ir_prints_every_function(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path / "simple.py", SIMPLE)
    code, out, err = run(capsys, "ir", str(src))
    assert code == 0, err
    for name in ("add", "__init__", "doubled", "safe_div"):
        assert name in out


def test_ir_syntax_error_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    src = write(tmp_path / "bad.py", "def f(:\n")
    code, _, err = run(capsys, "ir", str(src))
    assert code == 2
    assert_one_line_error(err, f"{src}:1:")


# --------------------------------------------------------------------------- helpers


def test_encode_source_honours_a_coding_cookie() -> None:
    text = "# coding: latin-1\ns = '\xe9'\n"
    assert cli.encode_source(text) == text.encode("latin-1")
    assert cli.encode_source("s = '\xe9'\n") == "s = '\xe9'\n".encode()


def test_atomic_write_replaces_whole_file_and_leaves_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "f.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    atomic_write_text(target, "new")
    assert target.read_text(encoding="utf-8") == "new"
    assert target.stat().st_mode & 0o777 == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["f.txt"]


def test_iter_python_files_skips_caches_hidden_and_excluded(tmp_path: Path) -> None:
    write(tmp_path / "a.py", "")
    write(tmp_path / "sub" / "b.py", "")
    write(tmp_path / "sub" / "test_b.py", "")
    write(tmp_path / "__pycache__" / "c.py", "")
    write(tmp_path / ".git" / "d.py", "")
    write(tmp_path / "notes.md", "")
    found = [
        p.relative_to(tmp_path).as_posix()
        for p in iter_python_files(tmp_path, exclude=["test_*.py"])
    ]
    assert found == ["a.py", "sub/b.py"]


def test_trailing_slash_means_a_new_output_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = write(tmp_path / "a" / "mod.py", "def f():\n    return 1\n")
    out_dir = tmp_path / "new"
    code, _, err = run(capsys, "compile", str(src), "-o", f"{out_dir}/")
    assert code == 0, err
    assert (out_dir / "mod.py").is_file()
