"""Cross-check of the z3 layer against execution (issue 6, acceptance 6).

For each of N function pairs, z3 gives a verdict (``check_functions``), and both functions run
on the same generated inputs (10,000 by default).  The z3 layer is sound on this sample when
no PROVED pair can be told apart by execution, and its counterexamples are real when every
REFUTED pair's counterexample reproduces.  Pairs, deterministic for a seed:

* ``corpus``   — the old/new pairs of corpora/equiv (written by hand, half equivalent);
* ``baseline`` — a function vs the baseline optimizer's output for it, where that differs;
* ``neutral``  — a meaning-preserving-looking rewrite of one site (``a - b`` → ``a + -b``,
  ``not (a < b)`` → ``a >= b``, swapped branches...), several of which are *not* equivalent
  for every type (NaN, str, set): exactly the claims an encoder that assumes ints gets wrong;
* ``fault``    — one injected fault (an operator or constant changed), most of them different.

Functions come from corpora/patterns and corpora/equiv: module-level, lowered, 1–4 plain
parameters, no I/O, no ``global``.  Each pair is checked in a worker process (address space
capped, every call under a timer), which parses and lowers both sides itself, asks z3, replays a
counterexample and executes the inputs.  In-process execution is fine for these pure functions;
the limits only keep a runaway input from taking the run down.

    python -m harness.crosscheck --pairs 200 --inputs 10000 --json results/crosscheck.json
"""

from __future__ import annotations

import argparse
import ast
import contextlib
import copy
import importlib
import io
import random
import resource
import signal
import sys
import time
import types
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

from harness.equivalence.inputs import Case, InputGenerator, Signature, signature_of
from harness.equivalence.outcome import Outcome, capture, compare, module_data
from trm_agent.fsutil import atomic_write_json

__all__ = ["PairReport", "PairSpec", "build_pairs", "check_pair", "main", "run_crosscheck"]

ROOT: Final = Path(__file__).resolve().parents[1]
DEFAULT_SOURCES: Final = (ROOT / "corpora" / "patterns", ROOT / "corpora" / "equiv")

def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


_FORBIDDEN_CALLS: Final = _names(
    "open input exec eval compile __import__ breakpoint exit quit globals locals "
    "vars id help memoryview setattr delattr getattr"
)
_FORBIDDEN_MODULES: Final = _names(
    "os sys time random threading subprocess socket shutil pathlib tempfile io gc "
    "signal ctypes datetime uuid secrets"
)
_MAX_NODES: Final = 400
_MAX_BOTH_HUNG: Final = 100  # a function that hangs this often has a domain we do not know
_MEMORY_BYTES: Final = 2 << 30

Checker = Callable[..., Any]


# --------------------------------------------------------------------------- pairs


@dataclass(frozen=True, slots=True)
class PairSpec:
    """Two functions to compare; plain strings so it travels to a worker process."""

    pair_id: str
    kind: str  # corpus | baseline | neutral | fault
    old_source: str
    old_name: str
    new_source: str
    new_name: str
    filename: str
    note: str = ""


@dataclass(frozen=True, slots=True)
class _Function:
    path: Path
    source: str
    name: str
    node: ast.FunctionDef


def eligible_functions(sources: Sequence[Path]) -> list[_Function]:
    """Small, pure-looking module-level functions, in a stable order."""
    found: list[_Function] = []
    for directory in sources:
        for path in sorted(directory.glob("*.py")):
            source = path.read_text()
            try:
                tree = ast.parse(source)
            except SyntaxError:
                continue
            for stmt in tree.body:
                if isinstance(stmt, ast.FunctionDef) and _eligible(stmt):
                    found.append(_Function(path, source, stmt.name, stmt))
    return found


def _eligible(node: ast.FunctionDef) -> bool:
    args = node.args
    count = len(args.posonlyargs) + len(args.args) + len(args.kwonlyargs)
    if node.decorator_list or args.vararg or args.kwarg or not 1 <= count <= 4:
        return False
    nodes = list(ast.walk(node))
    if len(nodes) > _MAX_NODES:
        return False
    for sub in nodes:
        if isinstance(sub, (ast.Global, ast.Nonlocal, ast.Yield, ast.YieldFrom, ast.Await)):
            return False
        if isinstance(sub, ast.Name) and sub.id in _FORBIDDEN_CALLS | _FORBIDDEN_MODULES:
            return False
        if isinstance(sub, (ast.Import, ast.ImportFrom)):
            return False
    return True


def build_pairs(count: int, seed: int = 0, sources: Sequence[Path] = DEFAULT_SOURCES,
                baseline: bool = True) -> list[PairSpec]:
    """``count`` pairs: every corpus pair and baseline change, then neutral and fault mutants
    alternating over the eligible functions in a seeded order."""
    rng = random.Random(f"crosscheck:{seed}")
    functions = eligible_functions(sources)
    pairs = _corpus_pairs(sources)
    if baseline and len(pairs) < count:
        pairs += _baseline_pairs(functions)
    order = list(functions)
    rng.shuffle(order)
    mutants = _mutant_pairs(order, rng)
    while len(pairs) < count:
        try:
            pairs.append(next(mutants))
        except StopIteration:
            break
    return pairs[:count]


def _corpus_pairs(sources: Sequence[Path]) -> list[PairSpec]:
    pairs = []
    for directory in sources:
        for path in sorted(directory.glob("p[0-9]*_*.py")):
            source = path.read_text()
            names = {s.name for s in ast.parse(source).body if isinstance(s, ast.FunctionDef)}
            if {"old", "new"} <= names:
                pairs.append(PairSpec(f"{path.stem}::old~new", "corpus", source, "old", source,
                                      "new", str(path.relative_to(ROOT))))
    return pairs


def _baseline_pairs(functions: Sequence[_Function]) -> list[PairSpec]:
    from trm_agent import codegen
    from trm_agent.agent import TRMAgent

    agent = TRMAgent.load()
    pairs: list[PairSpec] = []
    by_file: dict[Path, list[_Function]] = {}
    for fn in functions:
        by_file.setdefault(fn.path, []).append(fn)
    for path, fns in by_file.items():
        result = agent.optimize_ir(agent.translate_ast(agent.parse_module(fns[0].source,
                                                                          str(path))), "baseline")
        changed = {o.qualname: o.rules for o in result.outcomes if o.rules}
        kept = {f.qualname for f in result.module.functions if f.keep_source}
        try:
            new_source = codegen.generate_source(result.module)
        except Exception:  # noqa: BLE001 - a codegen failure is the optimizer's report
            continue
        for fn in fns:
            if fn.name in changed and fn.name not in kept:
                rules = ",".join(sorted(changed[fn.name]))
                pairs.append(PairSpec(f"{path.stem}::{fn.name}#baseline", "baseline", fn.source,
                                      fn.name, new_source, fn.name,
                                      str(path.relative_to(ROOT)), rules))
    return pairs


def _mutant_pairs(order: Sequence[_Function], rng: random.Random) -> Iterator[PairSpec]:
    """Neutral and fault mutants taken in turn, each kind one function at a time."""
    streams = [_mutants(order, "neutral", rng), _mutants(order, "fault", rng)]
    while streams:
        for stream in list(streams):
            try:
                yield next(stream)
            except StopIteration:
                streams.remove(stream)


def _mutants(order: Sequence[_Function], kind: str, rng: random.Random) -> Iterator[PairSpec]:
    """Round k mutates the k-th site of a per-function shuffle, so rounds pick new sites."""
    salt = rng.random()
    for round_ in range(3):  # up to three different sites per function
        for fn in order:
            sites = list(_mutation_sites(fn.node, kind))
            if len(sites) <= round_:
                continue
            random.Random(f"{salt}:{fn.path.stem}:{fn.name}:{kind}").shuffle(sites)
            site, label = sites[round_]
            mutated = _apply(fn, site, kind)
            if mutated is not None:
                yield PairSpec(f"{fn.path.stem}::{fn.name}#{kind}{round_}", kind, fn.source,
                               fn.name, mutated, fn.name, str(fn.path.relative_to(ROOT)), label)


# --------------------------------------------------------------------------- mutation

_FAULT_BINOPS: Final[dict[type, type]] = {
    ast.Add: ast.Sub, ast.Sub: ast.Add, ast.Mult: ast.Add, ast.FloorDiv: ast.Div,
    ast.Div: ast.FloorDiv, ast.Mod: ast.FloorDiv, ast.BitAnd: ast.BitOr, ast.BitOr: ast.BitAnd,
    ast.LShift: ast.RShift, ast.RShift: ast.LShift, ast.Pow: ast.Mult, ast.BitXor: ast.BitOr,
}
_FAULT_CMPOPS: Final[dict[type, type]] = {
    ast.Lt: ast.LtE, ast.LtE: ast.Lt, ast.Gt: ast.GtE, ast.GtE: ast.Gt, ast.Eq: ast.NotEq,
    ast.NotEq: ast.Eq, ast.In: ast.NotIn, ast.NotIn: ast.In, ast.Is: ast.Eq, ast.IsNot: ast.NotEq,
}
_NEGATED_CMP: Final[dict[type, type]] = {ast.Lt: ast.GtE, ast.LtE: ast.Gt, ast.Gt: ast.LtE,
                                         ast.GtE: ast.Lt}
_SWAPPED_CMP: Final[dict[type, type]] = {ast.Lt: ast.Gt, ast.Gt: ast.Lt, ast.LtE: ast.GtE,
                                         ast.GtE: ast.LtE, ast.Eq: ast.Eq, ast.NotEq: ast.NotEq}


def _body_nodes(node: ast.FunctionDef) -> list[ast.AST]:
    """The body only: defaults and decorators are evaluated by the enclosing code, outside the
    IR function that z3 sees, so a mutant there would test the pair builder, not z3."""
    return [sub for stmt in node.body for sub in ast.walk(stmt)]


def _mutation_sites(node: ast.FunctionDef, kind: str) -> Iterator[tuple[int, str]]:
    """(index of the node in `_body_nodes` order, label) for each applicable mutation."""
    for index, sub in enumerate(_body_nodes(node)):
        label = _neutral_label(sub) if kind == "neutral" else _fault_label(sub)
        if label is not None:
            yield index, label


def _fault_label(sub: ast.AST) -> str | None:
    if isinstance(sub, ast.BinOp) and type(sub.op) in _FAULT_BINOPS:
        return f"{type(sub.op).__name__}->{_FAULT_BINOPS[type(sub.op)].__name__}"
    if isinstance(sub, ast.Compare) and type(sub.ops[0]) in _FAULT_CMPOPS:
        return f"{type(sub.ops[0]).__name__}->{_FAULT_CMPOPS[type(sub.ops[0])].__name__}"
    if isinstance(sub, ast.BoolOp):
        return "And<->Or"
    if isinstance(sub, ast.Constant) and type(sub.value) in (int, float) and not isinstance(
            sub.value, bool):
        return f"const {sub.value!r}+1"
    return None


def _neutral_label(sub: ast.AST) -> str | None:
    if isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.Sub):
        return "a-b -> a+(-b)"
    if isinstance(sub, ast.BinOp) and isinstance(sub.op, (ast.Add, ast.Mult)):
        return f"commute {type(sub.op).__name__}"
    if isinstance(sub, ast.Compare) and len(sub.ops) == 1 and type(sub.ops[0]) in _SWAPPED_CMP:
        return f"swap sides of {type(sub.ops[0]).__name__}"
    if isinstance(sub, ast.UnaryOp) and isinstance(sub.op, ast.Not) and isinstance(
            sub.operand, ast.Compare) and len(sub.operand.ops) == 1 and type(
            sub.operand.ops[0]) in _NEGATED_CMP:
        return "not (a < b) -> a >= b"
    if isinstance(sub, ast.If) and sub.orelse:
        return "if c: A else: B -> if not c: B else: A"
    return None


def _apply(fn: _Function, site: int, kind: str) -> str | None:
    """The module source with one site of ``fn`` mutated (other functions untouched)."""
    tree = ast.parse(fn.source)
    target = next(s for s in tree.body if isinstance(s, ast.FunctionDef)
                  and s.name == fn.name and s.lineno == fn.node.lineno)
    sub = _body_nodes(target)[site]
    replacement = _mutate(sub, kind)
    if replacement is None:
        return None
    _replace_node(target, sub, replacement)
    ast.fix_missing_locations(tree)
    try:
        text = ast.unparse(tree)
        compile(text, fn.path.name, "exec")
    except (SyntaxError, ValueError, RecursionError):
        return None
    return text


def _mutate(sub: ast.AST, kind: str) -> ast.AST | None:
    new = copy.deepcopy(sub)
    if kind == "fault":
        return _fault(new)
    return _neutral(new)


def _fault(new: ast.AST) -> ast.AST | None:
    if isinstance(new, ast.BinOp):
        new.op = _FAULT_BINOPS[type(new.op)]()
    elif isinstance(new, ast.Compare):
        new.ops[0] = _FAULT_CMPOPS[type(new.ops[0])]()
    elif isinstance(new, ast.BoolOp):
        new.op = ast.Or() if isinstance(new.op, ast.And) else ast.And()
    elif isinstance(new, ast.Constant) and isinstance(new.value, (int, float)):
        new.value = new.value + 1
    else:
        return None
    return new


def _neutral(new: ast.AST) -> ast.AST | None:
    if isinstance(new, ast.BinOp) and isinstance(new.op, ast.Sub):
        return ast.BinOp(new.left, ast.Add(), ast.UnaryOp(ast.USub(), new.right))
    if isinstance(new, ast.BinOp):
        return ast.BinOp(new.right, new.op, new.left)
    if isinstance(new, ast.Compare):
        return ast.Compare(new.comparators[0], [_SWAPPED_CMP[type(new.ops[0])]()], [new.left])
    if isinstance(new, ast.UnaryOp) and isinstance(new.operand, ast.Compare):
        inner = new.operand
        return ast.Compare(inner.left, [_NEGATED_CMP[type(inner.ops[0])]()], inner.comparators)
    if isinstance(new, ast.If):
        return ast.If(ast.UnaryOp(ast.Not(), new.test), new.orelse, new.body)
    return None


def _replace_node(root: ast.AST, old: ast.AST, new: ast.AST) -> None:
    for parent in ast.walk(root):
        for name, value in ast.iter_fields(parent):
            if value is old:
                setattr(parent, name, new)
                return
            if isinstance(value, list) and any(v is old for v in value):
                setattr(parent, name, [new if v is old else v for v in value])
                return


# --------------------------------------------------------------------------- one pair


@dataclass(slots=True)
class PairReport:
    pair_id: str
    kind: str
    note: str = ""
    z3_verdict: str = "UNKNOWN"
    z3_reason: str = ""
    z3_seconds: float = 0.0
    counterexample: str | None = None
    cex_reproduced: bool | None = None
    cex_detail: str = ""
    inputs_run: int = 0
    exec_difference: str | None = None
    exec_case: str | None = None
    both_hung: int = 0  # inputs on which both versions hit the call timeout
    stopped: str = ""  # why fewer inputs than asked were run
    error: str = ""
    seconds: float = 0.0

    @property
    def classification(self) -> str:
        """PROVED-but-different is the failure this check exists for (``unsound``)."""
        if self.error:
            return "error"
        if self.z3_verdict == "PROVED":
            return "unsound" if self.exec_difference else "agree-proved"
        if self.z3_verdict == "REFUTED":
            return "agree-refuted" if self.cex_reproduced else "cex-not-reproduced"
        return "unknown-different" if self.exec_difference else "unknown-no-difference"

    def as_json(self) -> dict[str, Any]:
        return asdict(self) | {"classification": self.classification}


class _CallTimeout(BaseException):
    """Raised by the interval timer inside a call that runs too long."""


@dataclass(slots=True)
class _Side:
    module: types.ModuleType
    func: Callable[..., Any]


@dataclass(slots=True)
class _Limits:
    inputs: int
    seed: int
    call_timeout_s: float
    pair_budget_s: float
    z3_timeout_s: float
    loop_bound: int


def check_pair(spec: PairSpec, inputs: int = 10_000, seed: int = 0, *,
               checker: Checker | None = None, call_timeout_s: float = 0.1,
               pair_budget_s: float = 60.0, z3_timeout_s: float = 2.0,
               loop_bound: int = 4) -> PairReport:
    """z3 verdict, counterexample replay and differential execution for one pair."""
    start = time.monotonic()
    report = PairReport(spec.pair_id, spec.kind, spec.note)
    limits = _Limits(inputs, seed, call_timeout_s, pair_budget_s, z3_timeout_s, loop_bound)
    try:
        _check(spec, report, limits, checker)
    except (Exception, _CallTimeout) as exc:  # noqa: BLE001 - one broken pair must not end the run
        report.error = f"{type(exc).__name__}: {exc}"
    report.seconds = time.monotonic() - start
    return report


def _check(spec: PairSpec, report: PairReport, limits: _Limits, checker: Checker | None) -> None:
    model = _ask_z3(spec, report, limits, checker)
    old, new = _load(spec.old_source, spec.old_name, spec.filename), _load(
        spec.new_source, spec.new_name, spec.filename)
    node = next(s for s in ast.parse(spec.old_source).body
                if isinstance(s, ast.FunctionDef) and s.name == spec.old_name)
    signature = signature_of(node).with_examples(_examples(old.module, spec.old_name))
    if model is not None:
        _replay(report, model, signature, old, new, limits)
    deadline = time.monotonic() + limits.pair_budget_s
    for case in InputGenerator(signature, limits.seed).take(limits.inputs):
        if time.monotonic() > deadline:
            report.stopped = f"pair budget of {limits.pair_budget_s:g} s spent"
            break
        if report.both_hung >= _MAX_BOTH_HUNG:
            report.stopped = f"both versions hung on {report.both_hung} inputs"
            break
        report.inputs_run += 1
        a, b = _outcomes(old, new, case, limits.call_timeout_s)
        diff = compare(a, b)
        if diff is not None:
            report.exec_difference, report.exec_case = diff, case.call_text(spec.old_name)
            break
        report.both_hung += a.kind == "timeout"


def _ask_z3(spec: PairSpec, report: PairReport, limits: _Limits,
            checker: Checker | None) -> dict[str, Any] | None:
    """Fills the z3 fields of ``report``; returns the counterexample of a REFUTED verdict."""
    if checker is None:
        checker, why = _default_checker()
        if checker is None:
            report.z3_reason = why
            return None
    from trm_agent.agent import TRMAgent

    agent = TRMAgent.load()
    old_module = agent.translate_ast(agent.parse_module(spec.old_source, spec.filename))
    old_fn = _ir_function(old_module, spec.old_name)
    if spec.kind == "baseline":
        fresh = agent.translate_ast(agent.parse_module(spec.old_source, spec.filename))
        new_fn = _ir_function(agent.optimize_ir(fresh, "baseline").module, spec.new_name)
    else:
        new_module = agent.translate_ast(agent.parse_module(spec.new_source, spec.filename))
        new_fn = _ir_function(new_module, spec.new_name)
    begin = time.perf_counter()
    try:
        result = checker(old_fn, new_fn, module=old_module, timeout_s=limits.z3_timeout_s,
                         loop_bound=limits.loop_bound)
    except Exception as exc:  # noqa: BLE001 - an encoder crash is an UNKNOWN, reported
        report.z3_reason = f"z3 layer error: {type(exc).__name__}: {exc}"
        report.z3_seconds = time.perf_counter() - begin
        return None
    report.z3_seconds = time.perf_counter() - begin
    verdict = getattr(result.verdict, "name", str(result.verdict)).upper()
    report.z3_verdict = verdict if verdict in ("PROVED", "REFUTED") else "UNKNOWN"
    report.z3_reason = str(getattr(result, "reason", "") or "")
    if report.z3_verdict != "REFUTED":
        return None
    model = dict(result.counterexample or {})
    report.counterexample = repr(model)
    return model


def _default_checker() -> tuple[Checker | None, str]:
    try:
        tv = importlib.import_module("trm_agent.verify.tv")
    except ModuleNotFoundError as exc:
        return None, ("z3 layer not available" if exc.name == "trm_agent.verify.tv"
                      else f"z3 layer failed to import: {exc}")
    check = getattr(tv, "check_functions", None)
    return (check, "") if callable(check) else (None, "z3 layer not available")


def _ir_function(module: Any, name: str) -> Any:
    return next(f for f in reversed(module.functions) if f.qualname == name)


def _load(source: str, name: str, filename: str) -> _Side:
    module = types.ModuleType("program")
    module.__file__ = filename
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        exec(compile(source, filename, "exec", dont_inherit=True), module.__dict__)
    return _Side(module, getattr(module, name))


def _examples(module: types.ModuleType, name: str) -> list[tuple[Sequence[Any], dict[str, Any]]]:
    """Argument types the corpus itself uses (patterns files list their calls in CASES)."""
    cases = getattr(module, "CASES", None)
    if not isinstance(cases, list):
        return []
    return [(c[1], c[2]) for c in cases
            if isinstance(c, tuple) and len(c) == 3 and c[0] == name
            and isinstance(c[1], tuple) and isinstance(c[2], dict)]


def _replay(report: PairReport, model: dict[str, Any], signature: Signature, old: _Side,
            new: _Side, limits: _Limits) -> None:
    """A REFUTED verdict is right only if its counterexample shows a difference when run."""
    positional = [p for p in signature.params if p.kind == "positional"]
    base = InputGenerator(signature, limits.seed).take(1)[0]
    base_values = dict(zip([p.name for p in positional], base.args, strict=False))
    args, kwargs = [], {}
    for param in signature.params:
        value = model.get(param.name, base_values.get(param.name, base.kwargs.get(param.name)))
        if param.kind == "positional":
            args.append(value)
        elif param.kind == "keyword":
            kwargs[param.name] = value
    diff = compare(*_outcomes(old, new, Case(tuple(args), kwargs, -1), limits.call_timeout_s))
    report.cex_reproduced = diff is not None
    report.cex_detail = diff or "both versions behave the same on the counterexample"


def _outcomes(old: _Side, new: _Side, case: Case, timeout_s: float) -> tuple[Outcome, Outcome]:
    """Both versions on one case; a one-sided timeout is rerun with 10x the time first."""
    a = _run(old, case, timeout_s)
    b = _run(new, case, timeout_s)
    if (a.kind == "timeout") != (b.kind == "timeout"):  # slow, or really different?
        a, b = _run(old, case, 10 * timeout_s), _run(new, case, 10 * timeout_s)
    return a, b


def _run(side: _Side, case: Case, timeout_s: float) -> Outcome:
    """One call under a one-shot interval timer.  The timer may fire anywhere up to its
    disarming, even in the ``finally`` that disarms it: the outer handler covers that too."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    try:
        try:
            signal.setitimer(signal.ITIMER_REAL, timeout_s)
            outcome = capture(side.func, case.args, case.kwargs)
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
    except _CallTimeout:
        return Outcome("timeout", "", None, None, "", "")
    except RecursionError as exc:  # raised outside capture's handler while unwinding
        return Outcome("raise", "", "RecursionError", str(exc), "", "")
    finally:
        signal.signal(signal.SIGALRM, previous)
    return Outcome(outcome.kind, outcome.value_repr, outcome.exc_type, outcome.exc_message,
                   outcome.stdout, outcome.args_after, outcome.stderr, outcome.exc_cause,
                   module_data(side.module))


def _on_alarm(_signum: int, _frame: object) -> None:
    raise _CallTimeout


# --------------------------------------------------------------------------- the run


def _limit_memory() -> None:
    with contextlib.suppress(ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_AS, (_MEMORY_BYTES, _MEMORY_BYTES))
    sys.setrecursionlimit(2000)


def run_crosscheck(pairs: Sequence[PairSpec], inputs: int, seed: int, workers: int,
                   checker: Checker | None = None,
                   on_report: Callable[[PairReport], None] | None = None,
                   **limits: Any) -> list[PairReport]:
    """Every pair in a worker process (a crash costs that pair, reported as an error)."""
    reports: list[PairReport] = []
    pending = list(pairs)
    while pending:
        with ProcessPoolExecutor(workers, initializer=_limit_memory) as pool:
            futures = [pool.submit(check_pair, spec, inputs, seed, checker=checker, **limits)
                       for spec in pending]
            done = 0
            try:
                for future, spec in zip(futures, pending, strict=True):
                    try:
                        report = future.result()
                    except BrokenProcessPool:
                        raise
                    except Exception as exc:  # noqa: BLE001 - reported as that pair's error
                        report = PairReport(spec.pair_id, spec.kind, spec.note,
                                            error=f"{type(exc).__name__}: {exc}")
                    reports.append(report)
                    done += 1
                    if on_report is not None:
                        on_report(report)
            except BrokenProcessPool as exc:
                crashed = pending[done]
                report = PairReport(crashed.pair_id, crashed.kind, crashed.note,
                                    error=f"worker died: {exc}")
                reports.append(report)
                if on_report is not None:
                    on_report(report)
                done += 1
            pending = pending[done:]
    return reports


def summarize(reports: Sequence[PairReport]) -> dict[str, Any]:
    by_class = Counter(r.classification for r in reports)
    z3 = Counter(r.z3_verdict for r in reports)
    decided = z3["PROVED"] + z3["REFUTED"]
    agree = by_class["agree-proved"] + by_class["agree-refuted"]
    return {
        "pairs": len(reports),
        "by_kind": dict(Counter(r.kind for r in reports)),
        "z3_verdicts": dict(z3),
        "classification": dict(by_class),
        "proved_but_execution_differs": by_class["unsound"],
        "refuted_reproduced": by_class["agree-refuted"],
        "refuted_not_reproduced": by_class["cex-not-reproduced"],
        "refuted_execution_also_found": sum(1 for r in reports if r.z3_verdict == "REFUTED"
                                            and r.exec_difference),
        "agreement_rate": agree / decided if decided else None,
        "execution_found_difference": sum(1 for r in reports if r.exec_difference),
        "inputs_run": sum(r.inputs_run for r in reports),
        "errors": by_class["error"],
        "z3_unknown_reasons": dict(Counter(_reason_key(r.z3_reason) for r in reports
                                           if r.z3_verdict == "UNKNOWN").most_common(10)),
    }


def _reason_key(reason: str) -> str:
    return reason.split(":")[0][:60] if reason else "(none given)"


def markdown(totals: dict[str, Any], reports: Sequence[PairReport], command: str) -> str:
    """The figures for docs/equiv.md: the gate numbers first, then the z3 breakdown."""
    rate = totals["agreement_rate"]
    lines = [f"Produced by `{command}` in {totals['seconds']:.0f} s.", "",
             "| figure | value |", "|---|---|",
             f"| pairs (by kind) | {totals['pairs']} ({_kinds(totals['by_kind'])}) |",
             f"| inputs executed | {totals['inputs_run']:,} (up to {totals['inputs_per_pair']:,}"
             " per pair; a pair stops at its first difference) |",
             f"| z3 verdicts | {_kinds(totals['z3_verdicts'])} |",
             f"| **PROVED but execution tells them apart** | "
             f"**{totals['proved_but_execution_differs']}** |",
             f"| REFUTED whose counterexample reproduces | {totals['refuted_reproduced']} |",
             f"| REFUTED whose counterexample does not reproduce | "
             f"{totals['refuted_not_reproduced']} |",
             "| agreement (PROVED with no difference + REFUTED reproduced) / decided | "
             + (f"{rate:.1%}" if rate is not None else "n/a (z3 decided nothing)") + " |",
             f"| execution found a difference | {totals['execution_found_difference']} pairs |",
             f"| z3 UNKNOWN reasons | {_kinds(totals['z3_unknown_reasons'])} |",
             f"| errors | {totals['errors']} |"]
    odd = [r for r in reports if r.classification in ("unsound", "cex-not-reproduced", "error")]
    if odd:
        lines += ["", "| pair | class | z3 counterexample / error | execution |",
                  "|---|---|---|---|"]
        for r in odd:
            what = r.error or r.counterexample or ""
            lines.append(f"| {r.pair_id} {r.note} | {r.classification} | `{what[:80]}` | "
                         f"{(r.exec_difference or 'no difference')[:70]} |")
    return "\n".join(lines) + "\n"


def _kinds(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items())


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m harness.crosscheck",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", type=int, default=200)
    parser.add_argument("--inputs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--call-timeout", type=float, default=0.1,
                        help="seconds per call (the functions are tiny; a miss is rerun 10x)")
    parser.add_argument("--pair-budget", type=float, default=120.0,
                        help="seconds of execution per pair at most")
    parser.add_argument("--json", type=Path, default=None)
    parser.add_argument("--update-doc", type=Path, default=None,
                        help="rewrite the crosscheck figures block of this Markdown file")
    args = parser.parse_args(argv)

    pairs = build_pairs(args.pairs, args.seed)
    print(f"{len(pairs)} pairs: {dict(Counter(p.kind for p in pairs))}", flush=True)
    start = time.monotonic()

    def show(report: PairReport) -> None:
        print(f"{report.classification:22s} z3={report.z3_verdict:8s} "
              f"n={report.inputs_run:5d} {report.seconds:5.1f}s {report.pair_id}", flush=True)

    reports = run_crosscheck(pairs, args.inputs, args.seed, args.workers, on_report=show,
                             call_timeout_s=args.call_timeout, pair_budget_s=args.pair_budget)
    totals = summarize(reports) | {"seconds": round(time.monotonic() - start, 1),
                                   "inputs_per_pair": args.inputs, "seed": args.seed}
    for key, value in totals.items():
        print(f"{key}: {value}")
    if args.json:
        atomic_write_json(args.json, {"totals": totals,
                                      "pairs": [r.as_json() for r in reports]})
    if args.update_doc:
        from harness.equiv_compare import update_doc

        command = "python -m harness.crosscheck " + " ".join(
            argv if argv is not None else sys.argv[1:])
        update_doc(args.update_doc, markdown(totals, reports, command.strip()),
                   "<!-- crosscheck:begin -->", "<!-- crosscheck:end -->")
    bad = totals["proved_but_execution_differs"] + totals["refuted_not_reproduced"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
