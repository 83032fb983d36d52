"""The runtime: import hook, compiled-code cache, metrics, guard-failure policy, ``trm-agent run``.

In-process tests drive :class:`Installer` with a wrapping agent (``MarkingAgent``) that runs the
real compiler at level ``none`` and appends a marker line to its output, so a test can tell the
compiled text from the original, count compiles and see the ``skip`` set, independently of how
far the optimizer has got.  The ``run`` tests start the real CLI in a subprocess.
"""

from __future__ import annotations

import importlib
import inspect
import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

import trm_agent
from trm_agent.agent import CompileResult, TRMAgent
from trm_agent.fallback import GUARD_FAILURE_RATE
from trm_agent.feedback import FeedbackStore
from trm_agent.runtime import prelude
from trm_agent.runtime.cache import CodeCache, cache_key, default_cache_dir, source_hash
from trm_agent.runtime.hook import Installer
from trm_agent.runtime.metrics import (
    MIN_FAILURES,
    MIN_FAILURES_UNPROFILED,
    CallStats,
    apply_guard_policy,
    collect,
    exceeds_policy,
    parse_site,
)

ROOT = Path(__file__).resolve().parents[1]
MARKER = "__trm_compiled_marker__ = True"

HOT = '''\
def hot(x):
    """Doubles."""
    return x * 2


class Box:
    def get(self, y):
        return y + 1


def cold():
    return 0
'''


class MarkingAgent(TRMAgent):
    """The real compiler at level none, whose output carries a marker line; counts its calls."""

    def __init__(self, fail: BaseException | None = None, output: str | None = None,
                 no_source: bool = False) -> None:
        super().__init__("marking")
        self.real = TRMAgent.load()
        self.calls: list[tuple[str, str, frozenset[str]]] = []
        self.fail, self.output, self.no_source = fail, output, no_source

    def compile_source(self, source: str | bytes, filename: str = "<string>", opt: str = "none",
                       skip: frozenset[str] = frozenset()) -> CompileResult:
        self.calls.append((filename, opt, skip))
        if self.fail is not None:
            raise self.fail
        result = self.real.compile_source(source, filename, "none", skip)
        if self.no_source:
            return CompileResult(None, None, result.diagnostics, [])
        assert result.source is not None
        text = self.output if self.output is not None else result.source.rstrip("\n") + "\n"
        decisions = [replace(d, level_used=opt) if d.lowered and d.qualname not in skip else d
                     for d in result.decisions]
        return CompileResult(text + MARKER + "\n", result.module, result.diagnostics, decisions)


@pytest.fixture
def sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A source directory on sys.path; its modules are forgotten afterwards."""
    src = tmp_path / "src"
    src.mkdir()
    monkeypatch.syspath_prepend(str(src))
    monkeypatch.setenv("TRM_AGENT_CACHE", str(tmp_path / "cache"))
    installed: list[Installer] = []
    monkeypatch.setattr(Installer, "install", _tracking(Installer.install, installed))
    yield src
    for installer in installed:
        installer.uninstall()
    trm_agent.uninstall()
    for name, module in list(sys.modules.items()):
        if str(getattr(module, "__file__", "") or "").startswith(str(src)):
            del sys.modules[name]


def _tracking(install: Any, installed: list[Installer]) -> Any:
    def wrapper(self: Installer) -> Installer:
        installed.append(self)
        result: Installer = install(self)
        return result

    return wrapper


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    importlib.invalidate_caches()
    return path


def fresh_import(name: str, installer: Installer) -> Any:
    """Import ``name`` anew through ``installer``'s hook."""
    for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
        del sys.modules[key]
    with installer:
        return importlib.import_module(name)


def make_installer(src: Path, agent: Any, tmp_cache: Path | None = None, **kw: Any) -> Installer:
    return Installer(kw.pop("opt", "baseline"), include=[str(src)],
                     cache_dir=tmp_cache or src.parent / "cache", agent=agent, **kw)


# --------------------------------------------------------------------------- the hook


def test_hook_runs_compiled_text_and_looks_like_a_normal_import(sandbox: Path) -> None:
    path = write(sandbox / "rt_basic.py", HOT)
    agent = MarkingAgent()
    installer = make_installer(sandbox, agent)
    mod = fresh_import("rt_basic", installer)
    assert getattr(mod, "__trm_compiled_marker__", False), "the compiled text was not executed"
    assert mod.hot(21) == 42 and mod.Box().get(1) == 2
    assert mod.__file__ == str(path)
    assert mod.__spec__.origin == str(path) and mod.__spec__.name == "rt_basic"
    assert mod.__cached__ is not None  # like a normal import, even though no .pyc is written
    assert inspect.getsource(mod.hot).startswith("def hot(x):")
    assert mod.hot.__code__.co_filename == str(path)
    record = installer.records[str(path)]
    assert record.compiled and not record.cache_hit and record.fallback_reason is None
    assert [d.qualname for d in record.decisions] == ["hot", "Box.get", "cold"]
    assert {s.qualname: (s.start, s.end) for s in record.spans}["hot"] == (1, 3)
    assert not (sandbox / "__pycache__").exists() or not any((sandbox / "__pycache__").iterdir())


def test_package_and_submodule_are_compiled(sandbox: Path) -> None:
    write(sandbox / "rt_pkg" / "__init__.py", "from rt_pkg.inner import twice\n")
    write(sandbox / "rt_pkg" / "inner.py", "def twice(x):\n    return 2 * x\n")
    agent = MarkingAgent()
    installer = make_installer(sandbox, agent)
    pkg = fresh_import("rt_pkg", installer)
    assert pkg.twice(4) == 8
    assert pkg.__path__ == [str(sandbox / "rt_pkg")]
    assert sys.modules["rt_pkg.inner"].__trm_compiled_marker__
    assert len(agent.calls) == 2


def test_cache_hit_on_second_import(sandbox: Path) -> None:
    write(sandbox / "rt_cached.py", HOT)
    first_agent, second_agent = MarkingAgent(), MarkingAgent()
    first = make_installer(sandbox, first_agent)
    fresh_import("rt_cached", first)
    second = make_installer(sandbox, second_agent)
    mod = fresh_import("rt_cached", second)
    assert len(first_agent.calls) == 1 and first.cache.stats.misses == 1
    assert second_agent.calls == [] and second.compiles == 0
    assert second.cache.stats.hits == 1
    assert mod.__trm_compiled_marker__ and mod.hot(2) == 4  # the cached text is the compiled one
    record = next(iter(second.records.values()))
    assert record.cache_hit and [d.qualname for d in record.decisions] == ["hot", "Box.get", "cold"]


def test_cache_key_changes_with_every_input() -> None:
    base = cache_key(b"x = 1\n", "/a.py", "baseline", frozenset())
    assert base == cache_key(b"x = 1\n", "/a.py", "baseline", frozenset())
    others = {
        cache_key(b"x = 2\n", "/a.py", "baseline", frozenset()),
        cache_key(b"x = 1\n", "/b.py", "baseline", frozenset()),
        cache_key(b"x = 1\n", "/a.py", "none", frozenset()),
        cache_key(b"x = 1\n", "/a.py", "baseline", frozenset({"f"})),
        cache_key(b"x = 1\n", "/a.py", "baseline", frozenset(), model="other@1.0"),
    }
    assert base not in others and len(others) == 5


def test_no_cache_compiles_every_time(sandbox: Path) -> None:
    write(sandbox / "rt_nocache.py", HOT)
    agent = MarkingAgent()
    for _ in range(2):
        fresh_import("rt_nocache", make_installer(sandbox, agent, use_cache=False))
    assert len(agent.calls) == 2
    assert not (sandbox.parent / "cache" / "code-v1").exists()


@pytest.mark.parametrize("damage", ["meta-garbage", "meta-truncated", "code-garbage"])
def test_corrupt_cache_entry_is_rebuilt(sandbox: Path, damage: str) -> None:
    write(sandbox / "rt_corrupt.py", HOT)
    fresh_import("rt_corrupt", make_installer(sandbox, MarkingAgent()))
    entries = sandbox.parent / "cache" / "code-v1"
    meta = next(entries.rglob("*.json"))
    code = meta.with_suffix(".code")
    if damage == "meta-garbage":
        meta.write_bytes(b"\x00not json")
    elif damage == "meta-truncated":
        meta.write_bytes(meta.read_bytes()[:40])
    else:
        code.write_bytes(b"\xe3garbage")
    agent = MarkingAgent()
    installer = make_installer(sandbox, agent)
    mod = fresh_import("rt_corrupt", installer)
    assert mod.hot(5) == 10 and mod.__trm_compiled_marker__
    if damage == "code-garbage":  # the text is intact: still a hit, recompiled from the text
        assert installer.cache.stats.hits == 1 and agent.calls == []
    else:
        assert installer.cache.stats.corrupt == 1 and len(agent.calls) == 1
        again = make_installer(sandbox, MarkingAgent())
        fresh_import("rt_corrupt", again)
        assert again.cache.stats.hits == 1  # the rebuilt entry is good


def test_unwritable_cache_never_breaks_an_import(sandbox: Path) -> None:
    blocker = sandbox.parent / "not-a-dir"
    blocker.write_text("a file where the cache directory should be")
    write(sandbox / "rt_rocache.py", HOT)
    installer = make_installer(sandbox, MarkingAgent(), tmp_cache=blocker / "cache")
    mod = fresh_import("rt_rocache", installer)
    assert mod.__trm_compiled_marker__
    assert installer.cache.stats.write_errors == 1


# --------------------------------------------------------------------------- fallback


@pytest.mark.parametrize(
    ("agent", "reason"),
    [
        (MarkingAgent(fail=RuntimeError("compiler exploded")), "internal-error"),
        (MarkingAgent(output="def broken(:\n"), "codegen-error"),
        (MarkingAgent(no_source=True), "internal-error"),
    ],
    ids=["raises", "bad-output", "no-source"],
)
def test_fallback_runs_the_original_source(sandbox: Path, agent: MarkingAgent,
                                           reason: str) -> None:
    write(sandbox / "rt_fallback.py", HOT)
    installer = make_installer(sandbox, agent)
    mod = fresh_import("rt_fallback", installer)
    assert not hasattr(mod, "__trm_compiled_marker__")
    assert mod.hot(3) == 6
    record = next(iter(installer.records.values()))
    assert not record.compiled and record.fallback_reason == reason
    metrics = collect(installer, {})
    assert metrics.fallbacks and metrics.fallbacks[0]["reason"] == reason
    assert installer.cache.stats.hits == 0 and not list((sandbox.parent / "cache").rglob("*.json"))


def test_monkeypatched_compile_source_failure_falls_back(sandbox: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> CompileResult:
        raise ValueError("nope")

    monkeypatch.setattr(TRMAgent, "compile_source", explode)
    write(sandbox / "rt_patched.py", HOT)
    installer = Installer("baseline", include=[str(sandbox)], cache_dir=sandbox.parent / "c")
    mod = fresh_import("rt_patched", installer)
    assert mod.cold() == 0
    assert "ValueError: nope" in next(iter(installer.records.values())).fallback_detail


def test_syntax_error_in_user_module_is_the_usual_syntax_error(sandbox: Path) -> None:
    write(sandbox / "rt_syntax.py", "def f(:\n    pass\n")
    with pytest.raises(SyntaxError) as info:
        fresh_import("rt_syntax", make_installer(sandbox, MarkingAgent()))
    assert info.value.filename == str(sandbox / "rt_syntax.py") and info.value.lineno == 1


# --------------------------------------------------------------------------- scope


def test_stdlib_site_packages_and_own_packages_are_not_hooked(sandbox: Path) -> None:
    installer = Installer("baseline", roots=[str(sandbox), os.getcwd()],
                          cache_dir=sandbox.parent / "c", agent=MarkingAgent())
    import json as stdlib_json

    import typer as site_module

    assert not installer.scope.covers("json", stdlib_json.__file__ or "")
    assert not installer.scope.covers("typer", site_module.__file__ or "")
    assert not installer.scope.covers("trm_agent.cli", str(ROOT / "trm_agent" / "cli.py"))
    assert not installer.scope.covers("harness.cli", str(ROOT / "harness" / "cli.py"))
    assert installer.scope.covers("rt_user", str(sandbox / "rt_user.py"))
    sys.modules.pop("colorsys", None)
    with installer:
        import colorsys
    assert type(colorsys.__spec__.loader).__name__ == "SourceFileLoader"
    assert installer.records == {}


def test_include_and_exclude_patterns(sandbox: Path) -> None:
    write(sandbox / "rt_keep.py", "X = 1\n")
    write(sandbox / "rt_skip_me.py", "X = 2\n")
    installer = Installer("baseline", include=[str(sandbox)], exclude=["rt_skip_*"],
                          cache_dir=sandbox.parent / "c", agent=MarkingAgent())
    assert fresh_import("rt_keep", installer).__trm_compiled_marker__
    assert not hasattr(fresh_import("rt_skip_me", installer), "__trm_compiled_marker__")
    by_name = Installer("baseline", include=["rt_skip_me"], cache_dir=sandbox.parent / "c",
                        agent=MarkingAgent())
    assert fresh_import("rt_skip_me", by_name).__trm_compiled_marker__


def test_install_api_places_the_finder_before_pathfinder(sandbox: Path) -> None:
    installer = trm_agent.install("none", include=[str(sandbox)], cache_dir=sandbox.parent / "c")
    try:
        finders = sys.meta_path
        ours = next(i for i, f in enumerate(finders) if type(f).__name__ == "_Finder")
        assert finders[ours + 1] is importlib.machinery.PathFinder
        assert installer.installed
    finally:
        trm_agent.uninstall()
    assert not installer.installed
    assert not any(type(f).__name__ == "_Finder" for f in sys.meta_path)


def test_default_cache_dir_follows_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                  tmp_path: Path) -> None:
    monkeypatch.setenv("TRM_AGENT_CACHE", str(tmp_path / "explicit"))
    assert default_cache_dir() == tmp_path / "explicit"
    monkeypatch.delenv("TRM_AGENT_CACHE")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert default_cache_dir() == tmp_path / "xdg" / "trm-agent"


# --------------------------------------------------------------------------- guard failures


def test_guard_failures_are_attributed_and_switch_the_function_back(
    sandbox: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(sandbox / "rt_guarded.py", HOT)
    incidents = sandbox.parent / "incidents.jsonl"
    monkeypatch.setattr(prelude, "GUARD_FAILURES", type(prelude.GUARD_FAILURES)())
    installer = make_installer(sandbox, MarkingAgent())
    fresh_import("rt_guarded", installer)
    for _ in range(MIN_FAILURES):
        prelude.__trm_deopt__(f"{path}:3:type")  # inside hot()
    prelude.__trm_deopt__(f"{path}:8:type")  # inside Box.get: one failure, under the threshold
    prelude.__trm_deopt__("/elsewhere.py:1:type")
    profile = {(str(path), "hot", 1): CallStats(MIN_FAILURES, 0.0, 0.0)}
    metrics = collect(installer, dict(prelude.GUARD_FAILURES), profile)
    rows = {f.qualname: f for f in metrics.functions}
    assert rows["hot"].guard_failures == MIN_FAILURES and rows["hot"].calls == MIN_FAILURES
    assert rows["Box.get"].guard_failures == 1 and rows["cold"].guard_failures == 0
    assert metrics.unattributed_guard_failures == {"/elsewhere.py:1:type": 1}
    assert metrics.guard_failures_total == MIN_FAILURES + 2

    switched = apply_guard_policy(metrics, installer, incidents)
    assert [s["qualname"] for s in switched] == ["hot"]
    logged = [json.loads(line) for line in incidents.read_text().splitlines()]
    assert len(logged) == 1
    assert logged[0]["reason"] == GUARD_FAILURE_RATE and logged[0]["qualname"] == "hot"
    assert logged[0]["failures"] == MIN_FAILURES and logged[0]["level_used"] == "none"

    agent = MarkingAgent()
    again = make_installer(sandbox, agent)
    fresh_import("rt_guarded", again)
    assert agent.calls and agent.calls[0][2] == frozenset({"hot"})  # not served from the cache
    levels = {d.qualname: d.level_used for d in next(iter(again.records.values())).decisions}
    assert levels == {"hot": "none", "Box.get": "baseline", "cold": "baseline"}


def test_guard_policy_threshold() -> None:
    assert not exceeds_policy(MIN_FAILURES - 1, None)
    assert not exceeds_policy(MIN_FAILURES - 1, 1)
    assert exceeds_policy(MIN_FAILURES, 2 * MIN_FAILURES)
    assert not exceeds_policy(MIN_FAILURES, 2 * MIN_FAILURES + 1)
    assert not exceeds_policy(MIN_FAILURES, None)
    assert exceeds_policy(MIN_FAILURES_UNPROFILED, None)
    assert parse_site("C:/x/y.py:12:type") == ("C:/x/y.py", 12, "type")
    assert parse_site("nonsense") is None


def test_corrupt_deopt_list_is_ignored(tmp_path: Path) -> None:
    cache = CodeCache(tmp_path)
    digest = source_hash(b"x")
    assert cache.add_deopt(digest, "/m.py", "f", {"failures": 1})
    assert cache.deopt_skip(digest) == frozenset({"f"})
    (tmp_path / "deopt-v1" / f"{digest}.json").write_text("{broken")
    assert cache.deopt_skip(digest) == frozenset()


# --------------------------------------------------------------------------- trm-agent run


def run_cli(tmp_path: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "TRM_AGENT_CACHE": str(tmp_path / "cache"),
           "TRM_FEEDBACK_DB": str(tmp_path / "feedback.sqlite3"),
           "TRM_INCIDENTS": str(tmp_path / "incidents.jsonl"),
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
           "COLUMNS": "200"}
    return subprocess.run([sys.executable, "-m", "trm_agent.cli", "run", *argv], cwd=tmp_path,
                          env=env, capture_output=True, text=True, timeout=120)


SCRIPT = '''\
import sys
import rt_helper
from trm_agent.runtime.prelude import __trm_deopt__


def main(argv):
    for _ in range(5):
        rt_helper.square(3)
    __trm_deopt__(__file__ + ":8:type")
    print("argv", argv, __name__, rt_helper.square(4))
    return int(argv[0])


sys.exit(main(sys.argv[1:]))
'''


def test_run_script_keeps_args_exit_code_and_writes_json(tmp_path: Path) -> None:
    write(tmp_path / "rt_helper.py", "def square(x):\n    return x * x\n")
    write(tmp_path / "prog.py", SCRIPT)
    out = tmp_path / "report.json"
    proc = run_cli(tmp_path, "--opt", "none", "--profile", "--json", str(out),
                   "prog.py", "7", "--flag", "-m")
    assert proc.returncode == 7, proc.stderr
    assert "argv ['7', '--flag', '-m'] __main__ 16" in proc.stdout
    assert "trm-agent run" in proc.stderr  # the summary table
    report = json.loads(out.read_text())
    assert {"functions", "fallbacks", "guard_failures"} <= report.keys()
    rows = {(f["module"], f["qualname"]): f for f in report["functions"]}
    assert rows[("rt_helper", "square")]["calls"] == 6
    assert rows[("__main__", "main")]["calls"] == 1
    assert rows[("__main__", "main")]["guard_failures"] == 1
    assert report["guard_failures"] == {f"{tmp_path / 'prog.py'}:8:type": 1}
    assert report["guard_failures_total"] == 1
    assert report["exit_code"] == 7 and report["fallbacks"] == []
    assert all(f["level_used"] == "none" for f in report["functions"])
    assert FeedbackStore(tmp_path / "feedback.sqlite3").count("runtime") == 1
    again = run_cli(tmp_path, "-q", "--opt", "none", "--json", str(out), "prog.py", "0")
    assert again.returncode == 0 and again.stderr == ""
    second = json.loads(out.read_text())
    assert second["compiles"] == 0 and second["cache"]["hits"] == 2
    assert second["functions"][0]["calls"] is None  # not profiled


def test_run_module_form(tmp_path: Path) -> None:
    write(tmp_path / "rt_tool" / "__init__.py", "")
    write(tmp_path / "rt_tool" / "__main__.py",
          "import sys\nprint('tool', sys.argv[1:], __name__)\nsys.exit(3)\n")
    out = tmp_path / "r.json"
    proc = run_cli(tmp_path, "-q", "--opt", "none", "--json", str(out), "-m", "rt_tool", "x", "-y")
    assert proc.returncode == 3, proc.stderr
    assert "tool ['x', '-y'] __main__" in proc.stdout
    names = {m["name"] for m in json.loads(out.read_text())["modules"]}
    assert {"rt_tool", "rt_tool.__main__"} <= names


def test_run_script_exception_prints_a_python_traceback(tmp_path: Path) -> None:
    write(tmp_path / "rt_fail.py", "def explode():\n    raise KeyError('k')\n")
    write(tmp_path / "crash.py", "import rt_fail\nrt_fail.explode()\n")
    proc = run_cli(tmp_path, "-q", "--opt", "none", "crash.py")
    assert proc.returncode == 1
    assert proc.stderr.startswith("Traceback (most recent call last):")
    assert 'crash.py", line 2, in <module>' in proc.stderr
    assert 'rt_fail.py", line 2, in explode' in proc.stderr
    assert "trm_agent" not in proc.stderr and proc.stderr.rstrip().endswith("KeyError: 'k'")


def test_run_missing_target_is_a_usage_error(tmp_path: Path) -> None:
    for argv in (["missing.py"], ["-m", "rt_no_such_module"], []):
        proc = run_cli(tmp_path, "-q", *argv)
        assert proc.returncode == 2, (argv, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert proc.stderr.startswith("trm-agent: error:"), proc.stderr
