"""``trm-harness equiv OLD.py::f NEW.py::g``: are two functions equivalent (DESIGN §4)?

For a person checking a refactoring by hand.  Both functions are lowered to IR and the z3
layer is asked (``trm_agent.verify.tv.check_functions``, in a forked child with a wall-clock
budget) while both functions run side by side in the sandbox on generated inputs.  z3's
answer takes precedence whenever it arrives: a proof ends the run, and a z3 counterexample is
believed only after it has been replayed by execution.  A difference found by execution
first ends the run too (z3 is then not needed); when execution runs out of inputs first,
z3 gets the rest of its budget, since a proof is worth the wait.

Verdicts: PROVED (z3), REFUTED (a difference that reproduces, with the smallest input we
could shrink it to), NO-DIFFERENCE-FOUND (execution only: evidence, not proof), UNKNOWN
(nothing could be run or decided).  A z3 proof is trusted only when the two functions see
the same context: the same signature and defaults (z3 compares bodies), the same decorators,
and — across two files — the same module-level bindings for every name they reach, since
z3 treats a call to ``helper`` as the same unknown function in both versions.
"""

from __future__ import annotations

import ast
import copy
import importlib
import inspect
import itertools
import math
import multiprocessing
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Final

from harness.equivalence.inputs import (
    Case,
    InputGenerator,
    Param,
    Signature,
    conforms,
    signature_of,
)
from harness.sandbox import Job, RunResult, Sandbox, SandboxError, compare_results
from trm_agent.cli import CliError

__all__ = [
    "EquivOptions",
    "EquivResult",
    "FunctionRef",
    "LoadedFunction",
    "Z3Answer",
    "describe_run",
    "load_function",
    "run_equiv",
    "z3_checker",
]

PROVED: Final = "PROVED"
REFUTED: Final = "REFUTED"
UNKNOWN: Final = "UNKNOWN"
NO_DIFFERENCE: Final = "NO-DIFFERENCE-FOUND"
VERDICTS: Final = (PROVED, REFUTED, UNKNOWN, NO_DIFFERENCE)

_SHRINK_RUNS: Final = 120  # extra cases the shrinker may try
_Z3_QUERIES: Final = 3  # the z3 layer's wall budget, in per-query timeouts
_SHRINK_S: Final = 5.0  # at most this long, on top of the budget
_CONFIRM_FACTOR: Final = 5.0  # a difference that involves a time limit is rerun with 5x the limit


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True, slots=True)
class FunctionRef:
    """``path/to/file.py::name`` as typed on the command line."""

    path: Path
    name: str

    @classmethod
    def parse(cls, text: str) -> FunctionRef:
        path, sep, name = text.rpartition("::")
        if not sep or not path or not name:
            raise CliError("expected FILE.py::FUNCTION", text,
                           "e.g. old.py::parse new.py::parse")
        if not name.isidentifier():
            raise CliError("only module-level functions can be compared", text,
                           "name a top-level def (methods and nested functions are not supported)")
        return cls(Path(path), name)

    def __str__(self) -> str:
        return f"{self.path}::{self.name}"


@dataclass(slots=True)
class LoadedFunction:
    """A function's source module, its IR and its AST, ready for z3 and the sandbox."""

    ref: FunctionRef
    source: str
    tree: ast.Module
    node: ast.FunctionDef | ast.AsyncFunctionDef
    module: Any  # trm_agent.ir.Module
    function: Any  # trm_agent.ir.Function

    @property
    def name(self) -> str:
        return self.ref.name


def load_function(ref: FunctionRef, agent: Any = None) -> LoadedFunction:
    """Read, parse and lower ``ref``; every problem with the input is a `CliError` (exit 2)."""
    if agent is None:
        from trm_agent.agent import TRMAgent

        agent = TRMAgent.load()
    try:
        data = ref.path.read_bytes()
    except OSError as exc:
        raise CliError(f"cannot read source: {exc.strerror or exc}", str(ref.path),
                       "check the path before '::'") from None
    parsed = agent.parse_module(data, str(ref.path))
    if not parsed.ok:
        diag = parsed.diagnostics[0]
        raise CliError(f"{diag.code}: {diag.message}", f"{diag.filename}:{diag.line}:{diag.col}",
                       diag.hint or "fix the source")
    node = _top_level_def(parsed.tree, ref.name)
    if node is None:
        raise CliError(f"no module-level function {ref.name!r}", str(ref.path),
                       _known_functions(parsed.tree))
    if isinstance(node, ast.AsyncFunctionDef):
        raise CliError(f"{ref.name!r} is a coroutine function", str(ref),
                       "only plain def functions can be compared")
    module = agent.translate_ast(parsed)
    function = next(f for f in reversed(module.functions)
                    if f.qualname == ref.name and f.node is node)
    if function.is_generator:
        raise CliError(f"{ref.name!r} is a generator function", str(ref),
                       "compare a function that returns list(gen(...)) instead")
    return LoadedFunction(ref, parsed.source, parsed.tree, node, module, function)


def _top_level_def(tree: ast.Module, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
    """The last top-level definition of ``name`` (the one the module attribute ends up as)."""
    found = None
    for stmt in tree.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef)) and stmt.name == name:
            found = stmt
    return found


def _known_functions(tree: ast.Module) -> str:
    names = [s.name for s in tree.body if isinstance(s, ast.FunctionDef)]
    if not names:
        return "the file defines no module-level function"
    shown = ", ".join(names[:8]) + (", ..." if len(names) > 8 else "")
    return f"functions in this file: {shown}"


# --------------------------------------------------------------------------- options/results


@dataclass(frozen=True, slots=True)
class EquivOptions:
    inputs: int = 1000  # generated inputs for differential execution
    seconds: float = 60.0  # budget for the whole check (z3 + execution + shrinking)
    seed: int = 0
    use_z3: bool = True
    z3_timeout_s: float = 2.0
    z3_isolated: bool = True  # z3 in a forked child under a wall-clock budget
    loop_bound: int = 4
    call_timeout_s: float = 2.0  # per call, in the sandbox
    memory_limit_mb: int = 512
    strict: bool = False  # compare exception messages too
    workers: int = 1
    shrink: bool = True


@dataclass(frozen=True, slots=True)
class Z3Answer:
    """What the z3 layer said, and whether this command acted on it."""

    verdict: str  # PROVED / REFUTED / UNKNOWN
    reason: str = ""
    seconds: float = 0.0
    counterexample: dict[str, Any] | None = None
    used: bool = False  # decided the verdict

    def as_json(self) -> dict[str, Any]:
        cex = None if self.counterexample is None else {
            k: _json_value(v) for k, v in self.counterexample.items()}
        return {"verdict": self.verdict, "reason": self.reason, "seconds": round(self.seconds, 4),
                "counterexample": cex, "used": self.used}


@dataclass(frozen=True, slots=True)
class Counterexample:
    case: Case
    old: RunResult
    new: RunResult
    difference: str
    found_by: str  # z3 | execution
    shrunk_from: Case | None = None

    def as_json(self, old_name: str) -> dict[str, Any]:
        return {
            "args": [_json_value(a) for a in self.case.args],
            "kwargs": {k: _json_value(v) for k, v in self.case.kwargs.items()},
            "call": self.case.call_text(old_name),
            "old": _run_json(self.old),
            "new": _run_json(self.new),
            "difference": self.difference,
            "found_by": self.found_by,
            "input_index": self.case.index,
            "shrunk_from": None if self.shrunk_from is None else self.shrunk_from.call_text(
                old_name),
        }


@dataclass(slots=True)
class EquivResult:
    old: FunctionRef
    new: FunctionRef
    verdict: str = UNKNOWN
    method: str = "none"  # z3 | execution | none
    reason: str = ""
    counterexample: Counterexample | None = None
    seconds: float = 0.0
    inputs_tried: int = 0
    both_hit_limits: int = 0  # inputs on which both versions timed out / ran out of memory
    signature: Signature | None = None
    z3: Z3Answer = field(default_factory=lambda: Z3Answer(UNKNOWN, "not asked"))

    @property
    def exit_code(self) -> int:
        return 1 if self.verdict == REFUTED else 0

    def as_json(self) -> dict[str, Any]:
        return {
            "command": "equiv",
            "old": str(self.old),
            "new": str(self.new),
            "verdict": self.verdict,
            "method": self.method,
            "reason": self.reason,
            "counterexample": None if self.counterexample is None
            else self.counterexample.as_json(self.old.name),
            "seconds": round(self.seconds, 4),
            "inputs_tried": self.inputs_tried,
            "both_hit_limits": self.both_hit_limits,
            "signature": self.signature.describe() if self.signature is not None else "",
            "z3": self.z3.as_json(),
            "exit_code": self.exit_code,
        }


def _json_value(value: Any) -> Any:
    """JSON has no NaN, inf, tuples or huge ints: anything not plainly JSON becomes its repr."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int) and abs(value) < 2**53:
        return value
    if isinstance(value, float) and math.isfinite(value) and value != 0.0:
        return value
    return {"repr": repr(value)}


def _run_json(run: RunResult) -> dict[str, Any]:
    return {"status": run.status, "value": run.value_repr, "exc_type": run.exc_type,
            "exc_message": run.exc_message, "stdout": run.stdout, "stderr": run.stderr,
            "args_after": run.args_after, "detail": run.detail,
            "description": describe_run(run)}


def describe_run(run: RunResult) -> str:
    """One phrase for a person: ``returns -4``, ``raises ZeroDivisionError: ...``."""
    if run.status == "ok":
        text = f"returns {_value_text(run)}"
    elif run.status == "raised":
        text = f"raises {run.exc_type}" + (f": {run.exc_message}" if run.exc_message else "")
    elif run.status == "exit":
        text = f"exits with status {run.exit_code}"
    else:
        text = f"{run.status}" + (f" ({run.detail})" if run.detail else "")
    if run.stdout:
        text += f"; prints {_clip(run.stdout)!r}"
    return text


def _value_text(run: RunResult) -> str:
    """``repr`` of the returned value when it comes back as plain data (``-0.0``, ``nan``),
    else its canonical form."""
    try:
        return _clip(repr(run.value()))
    except Exception:  # noqa: BLE001 - not plain data, or no pickle: the canonical text
        return _clip(run.value_repr or "")


def _clip(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --------------------------------------------------------------------------- z3

Checker = Callable[..., Any]


def z3_checker() -> tuple[Checker | None, str]:
    """``check_functions`` from the z3 layer, or None and why it cannot be used.

    Imported lazily so this command works (by execution alone) wherever the z3 layer is
    missing or broken, and picks it up as soon as it exists.
    """
    try:
        tv = importlib.import_module("trm_agent.verify.tv")
    except ModuleNotFoundError as exc:
        if exc.name in ("trm_agent.verify.tv", "z3"):
            return None, "z3 layer not available"
        return None, f"z3 layer failed to import: {exc}"
    except Exception as exc:  # noqa: BLE001 - a broken layer must not break the command
        return None, f"z3 layer failed to import: {type(exc).__name__}: {exc}"
    check = getattr(tv, "check_functions", None)
    if not callable(check):
        return None, "z3 layer not available (no check_functions)"
    return check, ""


class PendingZ3:
    """A z3 query under way: in a forked child (so execution can run meanwhile and a slow or
    crashing encoder costs only its budget), or already answered (run in-process)."""

    __slots__ = ("_answer", "_budget", "_deadline", "_process", "_receiver", "_start")

    def __init__(self, answer: Z3Answer | None = None) -> None:
        self._answer = answer
        self._process: Any = None
        self._receiver: Any = None
        self._start = time.perf_counter()
        self._budget = 0.0
        self._deadline = time.monotonic()

    @classmethod
    def fork(cls, call: Callable[[], Any], budget_s: float) -> PendingZ3:
        """``call()`` in a forked child (IR objects need no pickling going in); the result
        comes back pickled, an exception as its text."""
        pending = cls()
        for stream in (sys.stdout, sys.stderr):  # or the child would flush it a second time
            stream.flush()
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)

        def child() -> None:
            try:
                payload: tuple[bool, Any] = (True, call())
            except BaseException as exc:  # noqa: BLE001 - sent to the parent as the outcome
                payload = (False, f"{type(exc).__name__}: {exc}")
            sender.send(payload)

        pending._process = context.Process(target=child, daemon=True)
        pending._process.start()
        sender.close()
        pending._receiver = receiver
        pending._budget = budget_s
        pending._deadline = time.monotonic() + budget_s
        return pending

    def poll(self, wait_s: float = 0.0) -> Z3Answer | None:
        """The answer if there is one (waiting up to ``wait_s``), else None."""
        if self._answer is not None:
            return self._answer
        left = self._deadline - time.monotonic()
        try:
            ready = self._receiver.poll(max(0.0, min(wait_s, left)))
            message = self._receiver.recv() if ready else None
        except (EOFError, OSError):
            exit_code = self._process.exitcode
            return self._finish(Z3Answer(UNKNOWN, f"the z3 process died (exit {exit_code})"))
        if message is not None:
            ok, value = message
            answer = _z3_answer(value) if ok else Z3Answer(UNKNOWN, f"z3 layer error: {value}")
            return self._finish(answer)
        if left <= 0:
            return self._finish(Z3Answer(UNKNOWN, f"z3 budget of {self._budget:.3g} s spent"))
        return None

    def wait(self) -> Z3Answer:
        answer = self.poll(max(0.0, self._deadline - time.monotonic()) + 0.05)
        while answer is None:
            answer = self.poll(0.05)
        return answer

    def cancel(self, why: str) -> Z3Answer:
        return self._answer or self._finish(Z3Answer(UNKNOWN, why))

    def _finish(self, answer: Z3Answer) -> Z3Answer:
        self._answer = replace(answer, seconds=time.perf_counter() - self._start)
        if self._process is not None:
            if self._process.is_alive():
                self._process.kill()
            self._process.join()
            self._receiver.close()
        return self._answer


def start_z3(checker: Checker | None, why_not: str, old: LoadedFunction, new: LoadedFunction,
             options: EquivOptions) -> PendingZ3:
    """Ask the z3 layer, within a wall-clock budget of `_Z3_QUERIES` query timeouts (the layer
    bounds each solver query, not their number)."""
    if checker is None:
        return PendingZ3(Z3Answer(UNKNOWN, why_not))
    extra = {"optimized_module": new.module} if _accepts(checker, "optimized_module") else {}

    def call() -> Any:
        return checker(old.function, new.function, module=old.module,
                       timeout_s=options.z3_timeout_s, loop_bound=options.loop_bound, **extra)

    if options.z3_isolated:
        return PendingZ3.fork(call, _Z3_QUERIES * options.z3_timeout_s)
    start = time.perf_counter()
    try:
        answer = _z3_answer(call())
    except Exception as exc:  # noqa: BLE001 - an encoder crash is "z3 could not decide"
        answer = Z3Answer(UNKNOWN, f"z3 layer error: {type(exc).__name__}: {exc}")
    return PendingZ3(replace(answer, seconds=time.perf_counter() - start))


def _z3_answer(result: Any) -> Z3Answer:
    verdict = getattr(result.verdict, "name", str(result.verdict)).upper()
    if verdict not in (PROVED, REFUTED):
        verdict = UNKNOWN
    cex = result.counterexample if verdict == REFUTED else None
    return Z3Answer(verdict, str(getattr(result, "reason", "") or ""),
                    float(getattr(result, "seconds", 0.0) or 0.0), dict(cex) if cex else None)


def _accepts(func: Checker, name: str) -> bool:
    try:
        return name in inspect.signature(func).parameters
    except (TypeError, ValueError):
        return False


def outside_annotations(model: dict[str, Any], signature: Signature) -> str | None:
    """The first counterexample value that its parameter's annotation excludes, if any.

    z3 answers for every Python value; the annotations are the domain the user means (and
    the one execution draws from), so ``len(xs) == 0`` vs ``not xs`` for ``xs: list[int]``
    is not refuted by ``xs=0``.
    """
    for param in signature.params:
        if param.source == "annotation" and param.name in model and not conforms(
                model[param.name], param.spec):
            return f"{param.name}={model[param.name]!r} is not a {param.spec}"
    return None


def context_difference(old: LoadedFunction, new: LoadedFunction) -> str | None:
    """Why a z3 proof about these two could be wrong, or None when it can be trusted.

    z3 models everything outside the function body by name; that is sound only when each
    module-level name the functions reach is bound by the same statements in both files.
    """
    signature = _signature_difference(old.node, new.node)
    if signature is not None:
        return signature
    if old.ref.path.resolve() == new.ref.path.resolve():
        return None
    old_bound, new_bound = _bindings(old.tree), _bindings(new.tree)
    todo = _global_names(old.node) | _global_names(new.node)
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen:
            continue
        seen.add(name)
        if name == old.name and name == new.name:
            continue  # each calls itself: the recursive case z3 treats inductively
        left, right = old_bound.get(name), new_bound.get(name)
        if [ast.dump(s) for s in left or ()] != [ast.dump(s) for s in right or ()]:
            return f"module-level name {name!r} is bound differently in the two files"
        for stmt in left or ():
            todo |= _global_names(stmt)
    return None


def _signature_difference(old: ast.FunctionDef | ast.AsyncFunctionDef,
                          new: ast.FunctionDef | ast.AsyncFunctionDef) -> str | None:
    """z3 compares bodies for the same parameter values; defaults and decorators live outside
    the body (the enclosing code evaluates them), so they must match for a proof to carry."""
    if _bare_args(old) != _bare_args(new):
        return "the signatures differ (parameters or default values)"
    if [ast.dump(d) for d in old.decorator_list] != [ast.dump(d) for d in new.decorator_list]:
        return "the decorators differ"
    return None


def _bare_args(node: ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    """The parameter list without annotations (they do not change what a call does)."""
    args = copy.deepcopy(node.args)
    for arg in (*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg):
        if arg is not None:
            arg.annotation = None
    return ast.dump(args)


def _global_names(node: ast.AST) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)
            and isinstance(n.ctx, ast.Load)}


def _bindings(tree: ast.Module) -> dict[str, list[ast.stmt]]:
    """Top-level statements that bind each name (any statement that binds it, in order)."""
    bound: dict[str, list[ast.stmt]] = {}
    for stmt in tree.body:
        for name in _bound_names(stmt):
            bound.setdefault(name, []).append(stmt)
    return bound


def _bound_names(stmt: ast.stmt) -> set[str]:
    if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
        return {stmt.name}
    if isinstance(stmt, (ast.Import, ast.ImportFrom)):
        return {(a.asname or a.name).split(".")[0] for a in stmt.names}
    names = {n.id for n in ast.walk(stmt) if isinstance(n, ast.Name)
             and isinstance(n.ctx, (ast.Store, ast.Del))}
    names |= {n.name for n in ast.walk(stmt)
              if isinstance(n, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))}
    return names


# --------------------------------------------------------------------------- execution


class _Runner:
    """Runs both versions on a case in the sandbox; reruns limit verdicts with more time."""

    __slots__ = ("long_sandbox", "new", "old", "options", "runs", "sandbox")

    def __init__(self, old: LoadedFunction, new: LoadedFunction, options: EquivOptions,
                 sandbox: Sandbox) -> None:
        self.old, self.new, self.options, self.sandbox = old, new, options, sandbox
        self.long_sandbox: Sandbox | None = None
        self.runs = 0

    def job(self, fn: LoadedFunction, case: Case) -> Job:
        return Job(fn.source, call=fn.name, args=case.args, kwargs=case.kwargs,
                   filename=str(fn.ref.path))

    def pairs(self, cases: Sequence[Case]) -> list[tuple[RunResult, RunResult]]:
        return [(a, b) for _, a, b in self.stream(cases)]

    def stream(self, cases: Iterable[Case]) -> Iterator[tuple[Case, RunResult, RunResult]]:
        """Both versions on each case, lazily: a caller that stops early runs nothing more."""
        kept: list[Case] = []

        def jobs() -> Iterator[Job]:
            for case in cases:
                kept.append(case)
                yield self.job(self.old, case)
                yield self.job(self.new, case)

        results = self.sandbox.imap(jobs())
        for index, (a, b) in enumerate(zip(results, results, strict=False)):
            self.runs += 1
            yield kept[index], a, b

    def difference(self, case: Case, a: RunResult, b: RunResult) -> str | None:
        """The §4 difference on this case, after ruling out a slow-but-equal run."""
        diff = compare_results(a, b, self.options.strict)
        if diff is None or not {a.status, b.status} & {"timeout", "memory"}:
            return diff
        a2, b2 = self._long(case)
        return compare_results(a2, b2, self.options.strict)

    def _long(self, case: Case) -> tuple[RunResult, RunResult]:
        if self.long_sandbox is None:
            self.long_sandbox = Sandbox(
                1, time_limit_s=self.options.call_timeout_s * _CONFIRM_FACTOR,
                memory_limit_mb=self.options.memory_limit_mb)
        a = self.long_sandbox.run(self.job(self.old, case))
        b = self.long_sandbox.run(self.job(self.new, case))
        return a, b

    def close(self) -> None:
        if self.long_sandbox is not None:
            self.long_sandbox.close()


def _check_imports(runner: _Runner) -> None:
    """Each file must import cleanly in the sandbox, or every comparison would be noise."""
    for fn in (runner.old, runner.new):
        run = runner.sandbox.run(Job(fn.source, call=None, filename=str(fn.ref.path),
                                     module_name="program"))
        if run.status != "ok":
            raise CliError(f"the module fails on import: {describe_run(run)}", str(fn.ref.path),
                           "a file compared with equiv must import without side effects")


def _differential(runner: _Runner, race: _Race, deadline: float) -> Counterexample | None:
    """Generated inputs until a difference, the budget, or a decisive z3 answer (then None,
    with the verdict already in ``race.result``)."""
    result = race.result
    cases = itertools.islice(InputGenerator(race.signature, runner.options.seed).cases(),
                             runner.options.inputs)
    for case, a, b in runner.stream(itertools.takewhile(lambda _: time.monotonic() < deadline,
                                                        cases)):
        if race.poll():
            return None
        result.inputs_tried += 1
        diff = runner.difference(case, a, b)
        if diff is not None:
            return Counterexample(case, a, b, diff, "execution")
        if a.status in ("timeout", "memory") and b.status == a.status:
            result.both_hit_limits += 1
    return None


def _replay(runner: _Runner, answer: Z3Answer, signature: Signature) -> Counterexample | None:
    """A z3 counterexample counts only if execution shows the difference too (DESIGN §6)."""
    if not answer.counterexample:
        return None
    base = InputGenerator(signature, runner.options.seed).take(1)[0]
    case = _case_from_model(answer.counterexample, signature, base)
    if case is None:
        return None
    (a, b), = runner.pairs([case])
    diff = runner.difference(case, a, b)
    return None if diff is None else Counterexample(case, a, b, diff, "z3")


def _use_z3_counterexample(runner: _Runner, answer: Z3Answer,
                           signature: Signature) -> tuple[Counterexample | None, str]:
    outside = outside_annotations(answer.counterexample or {}, signature)
    if outside is not None:
        return None, f"z3 counterexample outside the annotated types ({outside})"
    cex = _replay(runner, answer, signature)
    if cex is None:
        return None, "z3 counterexample did not reproduce (an encoder bug?)"
    return cex, ""


def _case_from_model(model: dict[str, Any], signature: Signature, base: Case) -> Case | None:
    """Arguments from a z3 model keyed by parameter name; unconstrained ones keep base values."""
    args: list[Any] = []
    kwargs: dict[str, Any] = {}
    base_values = _values_by_name(signature, base)
    for param in signature.params:
        if param.kind in ("varargs", "varkw"):
            continue
        if param.name in model:
            value = model[param.name]
        elif param.name in base_values:
            value = base_values[param.name]
        elif param.has_default:
            continue
        else:
            return None
        if param.kind == "positional":
            args.append(value)
        else:
            kwargs[param.name] = value
    return Case(tuple(args), kwargs, -1)


def _values_by_name(signature: Signature, case: Case) -> dict[str, Any]:
    positional = [p for p in signature.params if p.kind == "positional"]
    values = {p.name: v for p, v in zip(positional, case.args, strict=False)}
    return values | case.kwargs


# --------------------------------------------------------------------------- shrinking


def _shrink(runner: _Runner, cex: Counterexample, deadline: float,
            signature: Signature) -> Counterexample:
    """Greedy, bounded: a simpler argument is kept while the versions still differ (and stays
    inside its parameter's annotated type)."""
    best, tries = cex, 0
    progress = True
    while progress and tries < _SHRINK_RUNS and time.monotonic() < deadline:
        progress = False
        for candidate in _simpler_cases(best.case, signature):
            tries += 1
            (a, b), = runner.pairs([candidate])
            diff = runner.difference(candidate, a, b)
            if diff is not None:
                best = Counterexample(candidate, a, b, diff, cex.found_by, cex.case)
                progress = True
                break
            if tries >= _SHRINK_RUNS or time.monotonic() >= deadline:
                break
    return best


def _simpler_cases(case: Case, signature: Signature) -> Iterator[Case]:
    positional = [p for p in signature.params if p.kind == "positional"]
    by_name = {p.name: p for p in signature.params}
    for i, value in enumerate(case.args):
        param = positional[i] if i < len(positional) else None
        for simpler in _simpler_values(value):
            if _admissible(simpler, value, param):
                yield Case((*case.args[:i], simpler, *case.args[i + 1:]), case.kwargs, case.index)
    for key, value in case.kwargs.items():
        for simpler in _simpler_values(value):
            if _admissible(simpler, value, by_name.get(key)):
                yield Case(case.args, {**case.kwargs, key: simpler}, case.index)


def _admissible(candidate: Any, value: Any, param: Param | None) -> bool:
    """Within the annotation if there is one; else of the same type (a bool may become 0/1)."""
    if param is not None and param.source == "annotation":
        return conforms(candidate, param.spec)
    return type(candidate) is type(value) or (type(value) is bool and type(candidate) is int)


def _rank(value: Any) -> tuple[int, str]:
    return len(repr(value)), repr(value)


def _elementwise(items: list[Any]) -> list[list[Any]]:
    return [[*items[:i], s, *items[i + 1:]] for i, v in enumerate(items)
            for s in itertools.islice(_simpler_values(v), 2)]


def _simpler_values(value: Any) -> Iterator[Any]:
    """Candidates strictly smaller by `_rank`, so shrinking always terminates."""
    candidates: list[Any] = []
    if isinstance(value, bool):
        candidates = [False, int(value)]
    elif isinstance(value, int):
        sign = 1 if value > 0 else -1
        candidates = [0, 1, -1, value // 2, -value]
        candidates += [value - sign * 10**k for k in range(len(str(abs(value))) - 1, -1, -1)]
    elif isinstance(value, float):
        candidates = [0.0, 1.0, -1.0, float(int(value))] if math.isfinite(value) else []
        candidates += [round(value, 1), round(value)] if math.isfinite(value) else []
    elif isinstance(value, str):
        candidates = ["", value[:1], value[: len(value) // 2], value[1:], value[:-1]]
    elif isinstance(value, list):
        candidates = [[], value[: len(value) // 2]]
        candidates += [[*value[:i], *value[i + 1:]] for i in range(len(value))]
        candidates += _elementwise(value)
    elif isinstance(value, tuple):  # its length may be part of its type: keep it
        candidates = [tuple(c) for c in _elementwise(list(value))]
    elif isinstance(value, dict):
        candidates = [{}] + [{k: v for k, v in value.items() if k != key} for key in value]
    current = _rank(value)
    seen: set[str] = set()
    for candidate in candidates:
        text = repr(candidate)
        if text not in seen and _rank(candidate) < current:
            seen.add(text)
            yield candidate


# --------------------------------------------------------------------------- the command


def run_equiv(old_ref: FunctionRef, new_ref: FunctionRef, options: EquivOptions | None = None,
              *, checker: Checker | None = None, checker_reason: str = "",
              agent: Any = None) -> EquivResult:
    """The whole check; raises `CliError` for bad input, never for what the functions do.

    ``checker`` replaces the z3 layer (tests pass a stub); by default it is imported lazily.
    z3 and execution run at the same time: a proof stops execution, a difference found by
    execution stops z3, and when execution runs out of inputs first, z3 gets the rest of its
    budget (a proof is worth the wait).
    """
    opts = options or EquivOptions()
    start = time.monotonic()
    result = EquivResult(old_ref, new_ref)
    old, new = load_function(old_ref, agent), load_function(new_ref, agent)
    signature = signature_of(old.node)
    result.signature = signature
    if opts.use_z3 and checker is None and not checker_reason:
        checker, checker_reason = z3_checker()
    pending = start_z3(checker if opts.use_z3 else None,
                       checker_reason if opts.use_z3 else "disabled (--no-z3)", old, new, opts)
    race = _Race(result, pending, context_difference(old, new), signature)
    try:
        if not race.settle_early():
            _execute(race, old, new, opts, start + opts.seconds)
    except SandboxError as exc:
        raise CliError(f"the sandbox cannot run: {exc}", "", "check the Python installation"
                       ) from None
    finally:
        result.z3 = replace(pending.cancel("not needed: execution decided first"),
                            used=result.method == "z3")
    result.seconds = time.monotonic() - start
    return result


class _Race:
    """Combines the z3 answer, whenever it arrives, with what execution has found."""

    __slots__ = ("notes", "pending", "result", "runner", "settled", "signature", "trust")

    def __init__(self, result: EquivResult, pending: PendingZ3, trust: str | None,
                 signature: Signature) -> None:
        self.result, self.pending, self.trust, self.signature = result, pending, trust, signature
        self.notes: list[str] = []
        self.runner: _Runner | None = None
        self.settled = False  # the z3 answer has been taken into account

    def settle_early(self) -> bool:
        """A proof that arrives before the sandbox starts ends the check there."""
        answer = self.pending.poll(0.05)
        if answer is None or answer.verdict != PROVED:
            return False
        return self.take(answer)

    def take(self, answer: Z3Answer) -> bool:
        """Use z3's answer; True when it decides the verdict."""
        self.settled = True
        if answer.verdict == PROVED and self.trust is None:
            self.result.verdict, self.result.method = PROVED, "z3"
            self.result.reason = "; ".join(self.notes)
            return True
        if answer.verdict == PROVED:
            self.notes.append(f"z3 proof not trusted: {self.trust}")
        elif answer.verdict == REFUTED and self.runner is not None:
            cex, note = _use_z3_counterexample(self.runner, answer, self.signature)
            if cex is not None:
                self.result.method = "z3"
                _conclude(self.result, cex, self.notes)
                return True
            self.notes.append(note)
        return False

    def poll(self) -> bool:
        if self.settled:
            return False
        answer = self.pending.poll()
        return answer is not None and self.take(answer)

    def finish(self) -> bool:
        return not self.settled and self.take(self.pending.wait())


def _execute(race: _Race, old: LoadedFunction, new: LoadedFunction, opts: EquivOptions,
             deadline: float) -> None:
    result = race.result
    with Sandbox(opts.workers, time_limit_s=opts.call_timeout_s,
                 memory_limit_mb=opts.memory_limit_mb) as sandbox:
        runner = race.runner = _Runner(old, new, opts, sandbox)
        try:
            _check_imports(runner)
            cex = _differential(runner, race, deadline)
            if cex is None and race.finish():
                return
            if cex is None and race.result.method == "z3":
                return
            result.method = "execution"
            if cex is not None and opts.shrink and not {
                    cex.old.status, cex.new.status} & {"timeout", "memory"}:  # costly to shrink
                cex = _shrink(runner, cex, time.monotonic() + min(_SHRINK_S, opts.seconds / 4),
                              race.signature)
        finally:
            runner.close()
    _conclude(result, cex, race.notes)


def _conclude(result: EquivResult, cex: Counterexample | None, notes: list[str]) -> None:
    if cex is not None:
        result.verdict, result.counterexample = REFUTED, cex
        notes.append(cex.difference)
    elif result.inputs_tried == 0:
        result.verdict = UNKNOWN
        notes.append("no input was run (budget)")
    elif result.both_hit_limits == result.inputs_tried:
        result.verdict = UNKNOWN
        notes.append("both versions hit the time or memory limit on every input")
    else:
        result.verdict = NO_DIFFERENCE
        notes.append(f"{result.inputs_tried} inputs, no difference")
    result.reason = "; ".join(notes)


# --------------------------------------------------------------------------- presentation

_STYLE: Final = {PROVED: "bold green", NO_DIFFERENCE: "green", REFUTED: "bold red",
                 UNKNOWN: "yellow"}


def render(result: EquivResult, console: Any) -> None:
    """The human summary (rich): verdict first, then the evidence for it."""
    from rich.markup import escape
    from rich.table import Table

    table = Table(show_header=False, box=None, pad_edge=False)
    table.add_column(style="bold", no_wrap=True)
    table.add_column(overflow="fold")
    rows: list[tuple[str, str]] = [("old", str(result.old)), ("new", str(result.new))]
    if result.signature is not None:
        rows.append(("inputs", result.signature.describe()))
    z3 = result.z3
    rows.append(("z3", z3.verdict + (f" — {z3.reason}" if z3.reason else "")
                 + f" ({z3.seconds:.2f} s)"))
    limits = f", {result.both_hit_limits} hit limits in both" if result.both_hit_limits else ""
    rows.append(("executed", f"{result.inputs_tried} inputs{limits}"))
    cex = result.counterexample
    if cex is not None:
        rows += [("counterexample", cex.case.call_text(result.old.name)
                  + f"   (found by {cex.found_by})"),
                 ("  old", describe_run(cex.old)), ("  new", describe_run(cex.new)),
                 ("  difference", cex.difference)]
    elif result.reason:
        rows.append(("why", result.reason))
    for key, text in rows:
        table.add_row(key, escape(text))
    style = _STYLE.get(result.verdict, "")
    table.add_row("verdict", f"[{style}]{result.verdict}[/] by {result.method} "
                  f"in {result.seconds:.2f} s")
    console.print(table, soft_wrap=True)


def run_equiv_command(old: str, new: str, options: EquivOptions, json_path: Path | None) -> int:
    """What ``trm-harness equiv`` does: check, print, write JSON; the exit code (0/1)."""
    from rich.console import Console

    from trm_agent.cli import write_json_reports

    result = run_equiv(FunctionRef.parse(old), FunctionRef.parse(new), options)
    render(result, Console())
    write_json_reports([json_path] if json_path else [], result.as_json())
    return result.exit_code
