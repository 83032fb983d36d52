"""The common-pattern corpus must behave identically in every execution mode.

Each `corpora/patterns/*.py` program is run as written ("original"), through
`compile_source` ("compiled"), through the baseline optimizer ("baseline") and through the IR
interpreter ("interpreted"); any
observable difference (DESIGN §4) is a miscompile. Programs not marked
`# beyond-foundation` must also be fully lowered: they are the floor for the
"90%+ of common Python patterns" criterion, so a silent fallback there is a bug.
"""

from __future__ import annotations

import ast
import sys
import types
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from harness.equivalence.outcome import (
    Outcome,
    canonical_repr,
    capture,
    compare,
    qualified_name,
    run_cases,
)

PATTERNS_DIR = Path(__file__).resolve().parent.parent / "corpora" / "patterns"
PATTERN_FILES = sorted(PATTERNS_DIR.glob("*.py"))
# Reduced failures: each bug found is replayed here forever, in every mode (corpora/regressions/).
REGRESSION_FILES = sorted((PATTERNS_DIR.parent / "regressions").glob("*.py"))
MODE_FILES = PATTERN_FILES + REGRESSION_FILES
BEYOND_MARK = "# beyond-foundation"
FOUNDATION_FILES = [p for p in PATTERN_FILES if not p.read_text().startswith(BEYOND_MARK)]
MODES = ("original", "compiled", "interpreted", "baseline")
MIN_PATTERNS = 60
# Interpreted recursion costs several Python frames per source-level call; the
# corpus recurses at most a few dozen levels, so this headroom is the caller's budget.
RECURSION_LIMIT = 20_000


@contextmanager
def _recursion_limit(limit: int) -> Iterator[None]:
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, limit))
    try:
        yield
    finally:
        sys.setrecursionlimit(old)


def _load(path: Path, mode: str) -> types.ModuleType:
    from trm_agent.loader import load

    if mode == "baseline":  # the optimizing pipeline, differentially checked on the corpus
        return load(path.read_text(), str(path), "compiled", opt="baseline")
    return load(path.read_text(), str(path), mode)


def _run_mode(path: Path, mode: str) -> tuple[types.ModuleType, list[Outcome]]:
    module = _load(path, mode)
    with _recursion_limit(RECURSION_LIMIT):
        return module, run_cases(module, module.CASES)


def _exec_plain(path: Path) -> types.ModuleType:
    """Plain exec, independent of trm_agent, so corpus checks never wait on the compiler."""
    module = types.ModuleType("__pattern_meta__")
    module.__file__ = str(path)
    exec(compile(path.read_text(), str(path), "exec"), module.__dict__)
    return module


def _matches_expected(expected: Any, outcome: Outcome) -> bool:
    if isinstance(expected, type) and issubclass(expected, BaseException):
        return outcome.kind == "raise" and outcome.exc_type == qualified_name(expected)
    return outcome.kind == "return" and outcome.value_repr == canonical_repr(expected)


def _describe(case: tuple[str, tuple[Any, ...], dict[str, Any]]) -> str:
    name, args, kwargs = case
    return f"{name}(*{args!r}, **{kwargs!r})"


@pytest.mark.parametrize("path", MODE_FILES, ids=[f"{p.parent.name}/{p.stem}" for p in MODE_FILES])
def test_pattern_behaves_identically_in_every_mode(path: Path) -> None:
    original, expected = _run_mode(path, "original")
    for mode in MODES[1:]:
        module, outcomes = _run_mode(path, mode)
        same_cases = canonical_repr(module.CASES) == canonical_repr(original.CASES)
        assert same_cases, f"{mode}: module-level CASES evaluated differently"
        for case, want, got in zip(original.CASES, expected, outcomes, strict=True):
            diff = compare(want, got)
            assert diff is None, f"{mode} {_describe(case)}: {diff}"


@pytest.mark.parametrize("path", PATTERN_FILES, ids=[p.stem for p in PATTERN_FILES])
def test_pattern_expected_values_hold_in_original_mode(path: Path) -> None:
    module, outcomes = _run_mode(path, "original")
    hand_checked = getattr(module, "EXPECTED", [])
    assert len(hand_checked) <= len(outcomes)
    for case, want, got in zip(module.CASES, hand_checked, outcomes, strict=False):
        assert _matches_expected(want, got), f"{_describe(case)}: expected {want!r}, got {got}"


@pytest.fixture(scope="module")
def agent() -> Any:
    from trm_agent.agent import TRMAgent

    return TRMAgent.load()


def _defined_function_names(source: str) -> set[str]:
    tree = ast.parse(source)
    return {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


@pytest.mark.parametrize("path", FOUNDATION_FILES, ids=[p.stem for p in FOUNDATION_FILES])
def test_foundation_pattern_is_fully_lowered(agent: Any, path: Path) -> None:
    source = path.read_text()
    result = agent.compile_source(source, str(path))
    assert result.ok and result.module is not None, [d.format() for d in result.diagnostics]
    functions = result.module.functions
    missing = _defined_function_names(source) - {f.name for f in functions}
    assert not missing, f"functions absent from the IR module: {sorted(missing)}"
    blocked = [f for f in functions if not f.lowered]
    report = "\n".join(
        f"{f.qualname} (line {f.lineno}): " + "; ".join(d.format() for d in f.blockers)
        for f in blocked
    )
    if blocked:
        print(report)
    assert not blocked, "not lowered:\n" + report


def test_corpus_is_large_enough_and_every_program_has_cases() -> None:
    assert len(PATTERN_FILES) >= MIN_PATTERNS
    for path in PATTERN_FILES:
        module = _exec_plain(path)
        cases = getattr(module, "CASES", None)
        assert isinstance(cases, list) and 3 <= len(cases) <= 8, f"{path.name}: CASES"
        for name, args, kwargs in cases:
            assert callable(getattr(module, name, None)), f"{path.name}: no function {name}"
            assert isinstance(args, tuple) and isinstance(kwargs, dict), f"{path.name}: {name}"


def test_corpus_holds_enough_programs_to_the_lowering_gate() -> None:
    """The lowering gate is only meaningful if a large part of the corpus is held to it."""
    assert len(FOUNDATION_FILES) >= MIN_PATTERNS


# The comparison itself: a lenient `compare` would make every test above vacuous.


def test_outcomes_distinguish_signed_zero_and_numeric_types_but_equate_nan() -> None:
    def identity(x: Any) -> Any:
        return x

    nan = float("nan")
    assert compare(capture(identity, (nan,), {}), capture(identity, (nan,), {})) is None
    assert compare(capture(identity, (0.0,), {}), capture(identity, (-0.0,), {})) is not None
    assert compare(capture(identity, (1,), {}), capture(identity, (True,), {})) is not None
    assert compare(capture(identity, ({2, 1},), {}), capture(identity, ({1, 2},), {})) is None


def test_outcomes_see_mutation_output_and_exception_type_not_message() -> None:
    def append(items: list[int]) -> None:
        items.append(1)

    def keep(items: list[int]) -> None:
        return None

    def shout(items: list[int]) -> None:
        print("hi")

    calls: list[int] = []

    def fail(items: list[int]) -> None:
        calls.append(1)
        raise ValueError(f"call {len(calls)}")

    assert compare(capture(append, ([],), {}), capture(keep, ([],), {})) == (
        "arguments after the call differs: '(([1],), {})' vs '(([],), {})'"
    )
    assert compare(capture(shout, ([],), {}), capture(keep, ([],), {})) is not None
    first, second = capture(fail, ([],), {}), capture(fail, ([],), {})
    assert compare(first, second) is None
    assert compare(first, second, strict=True) is not None


def test_capture_gives_each_call_fresh_arguments() -> None:
    shared: list[int] = []

    def append(items: list[int]) -> int:
        items.append(1)
        return len(items)

    assert capture(append, (shared,), {}).value_repr == "1"
    assert capture(append, (shared,), {}).value_repr == "1"
    assert shared == []


INTERNAL_ERROR_FILES = [p for p in REGRESSION_FILES if "internal_error" in p.read_text()[:400]]


@pytest.mark.parametrize("path", INTERNAL_ERROR_FILES, ids=[p.stem for p in INTERNAL_ERROR_FILES])
@pytest.mark.parametrize("opt", ["none", "baseline"])
def test_internal_error_regression_now_compiles_without_error(agent: Any, path: Path,
                                                              opt: str) -> None:
    """A saved internal error is fixed when every function of its file compiles cleanly."""
    result = agent.compile_source(path.read_text(), str(path), opt=opt)
    errors = [d for d in result.decisions if d.reason in ("codegen-error", "internal-error")]
    assert result.source is not None and not errors, [(d.qualname, d.detail) for d in errors]
