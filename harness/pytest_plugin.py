"""``pytest --trm-gate=PATH``: a CI gate that the optimizer cannot have changed what the code
under PATH does.

For every Python file under each PATH, one test item compiles the module at ``--trm-level``
(default ``baseline``), then runs the module's ``CASES`` (``[(function, args, kwargs), ...]``,
the corpus convention) against the original and the compiled module and compares every outcome
per DESIGN §4 (return value, exception type, output, argument and global mutation).  Functions
the optimizer changed are also checked with z3 translation validation when the
``trm_agent.verify`` layer provides it: a ``REFUTED`` verdict fails the item.  Fallbacks are not
failures (that is the contract working) but are listed in the report; ``--trm-gate-strict``
also fails on internal compiler errors.  JUnit XML comes from pytest's own ``--junitxml``.

Configuration may also live in the ini file: ``trm_gate = PATH ...``, ``trm_gate_level``.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.equivalence.outcome import Outcome, compare, run_cases


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("trm-gate", "NoodleCore TRM-Agent equivalence gate")
    group.addoption("--trm-gate", action="append", default=[], metavar="PATH",
                    help="check that compiling the Python files under PATH changes nothing")
    group.addoption("--trm-level", default=None, choices=("none", "baseline", "trm"),
                    help="optimization level to check (default: baseline)")
    group.addoption("--trm-gate-strict", action="store_true",
                    help="also fail on internal compiler errors (fallbacks stay allowed)")
    parser.addini("trm_gate", "paths checked by the TRM gate", type="args", default=[])
    parser.addini("trm_gate_level", "optimization level of the TRM gate", default="baseline")


def _gate_paths(config: pytest.Config) -> list[Path]:
    given = config.getoption("trm_gate") or config.getini("trm_gate")
    return [Path(p).resolve() for p in given]


def pytest_configure(config: pytest.Config) -> None:
    paths = _gate_paths(config)
    if not paths:
        return
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise pytest.UsageError(f"--trm-gate: no such path: {', '.join(missing)}")
    config.addinivalue_line("markers", "trm_gate: an item of the TRM equivalence gate")
    if config.getoption("trm_gate") and config.args_source != pytest.Config.ArgsSource.ARGS:
        config.args[:] = [str(p) for p in paths]  # the gate alone, unless tests were named too


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    paths = _gate_paths(parent.config)
    if file_path.suffix != ".py" or not paths:
        return None
    resolved = file_path.resolve()
    if any(resolved == p or p in resolved.parents for p in paths):
        return GateFile.from_parent(parent, path=file_path)
    return None


class GateFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        yield GateItem.from_parent(self, name="trm-gate")


class GateFailure(Exception):
    """The compiled module behaves differently, or z3 refuted an optimized function."""


class GateItem(pytest.Item):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.add_marker("trm_gate")
        self.level = (self.config.getoption("trm_level")
                      or self.config.getini("trm_gate_level") or "baseline")

    def runtest(self) -> None:
        from trm_agent.agent import TRMAgent
        from trm_agent.loader import load

        source = self.path.read_text(encoding="utf-8")
        result = TRMAgent.load().compile_source(source, str(self.path), opt=self.level)
        if result.source is None:
            pytest.skip("not a Python program we can read: "
                        + "; ".join(d.format() for d in result.diagnostics))
        fallbacks = [d for d in result.decisions if d.reason]
        self.user_properties.append(("fallbacks", len(fallbacks)))
        self.add_report_section("call", "fallbacks", "\n".join(
            f"{d.qualname}:{d.lineno}: {d.reason} ({d.detail})" for d in fallbacks) or "none")
        errors = [d for d in fallbacks if d.reason == "internal-error"]
        if errors and self.config.getoption("trm_gate_strict"):
            raise GateFailure("internal compiler errors:\n" + "\n".join(
                f"  {d.qualname}: {d.detail}" for d in errors))
        stem = "trm_gate_" + self.path.stem
        # one module name for both: exception and class names are qualified by it
        original = load(source, str(self.path), "original", name=stem)
        cases = getattr(original, "CASES", None)
        problems: list[str] = []
        if cases:
            compiled = load(source, str(self.path), "compiled", name=stem, opt=self.level)
            problems += _differences(cases, run_cases(original, cases),
                                     run_cases(compiled, compiled.CASES))
        problems += _refutations(source, str(self.path), self.level, result)
        self.user_properties.append(("cases", len(cases or ())))
        if problems:
            raise GateFailure("\n".join(problems))

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str | Any:
        if isinstance(excinfo.value, GateFailure):
            return f"{self.path} at --opt {self.level}:\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, 0, f"trm-gate {self.path.name} (--opt {self.level})"


def _differences(cases: list[Any], want: list[Outcome], got: list[Outcome]) -> list[str]:
    problems = []
    for (name, args, kwargs), a, b in zip(cases, want, got, strict=True):
        diff = compare(a, b)
        if diff is not None:
            problems.append(f"  {name}(*{args!r}, **{kwargs!r}): {diff}")
    return problems


def _refutations(source: str, filename: str, level: str, result: Any) -> list[str]:
    """z3 verdicts on the functions the optimizer changed (when the verify layer has them)."""
    try:
        tv = importlib.import_module("trm_agent.verify.tv")
        check = tv.check_functions
    except (ImportError, AttributeError):
        return []
    from trm_agent.agent import TRMAgent

    changed = {o.qualname for o in result.outcomes}
    if not changed or result.module is None:
        return []
    agent = TRMAgent.load()
    original = agent.translate_ast(agent.parse_module(source, filename))
    before = {fn.qualname: fn for fn in original.functions}
    problems = []
    for fn in result.module.functions:
        if fn.qualname in changed and fn.qualname in before:
            try:
                verdict = check(before[fn.qualname], fn, module=result.module)
            except Exception as exc:  # noqa: BLE001 - the verifier's own bug is not a refutation
                verdict = None
                problems.append(f"  {fn.qualname}: verifier error {type(exc).__name__}: {exc}")
            if verdict is not None and str(getattr(verdict.verdict, "name", verdict.verdict)) \
                    == "REFUTED":
                problems.append(f"  {fn.qualname}: z3 REFUTED, counterexample "
                                f"{verdict.counterexample}")
    return problems
