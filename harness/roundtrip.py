"""Compile stdlib modules and run CPython's own test suites against the output.

"Nothing existing breaks" (DESIGN §1) is checked on the best-tested Python there is:
the compiled module is put first on ``sys.path`` of a fresh interpreter, which then
runs ``test.test_<name>``. The run proves what it claims only if the compiled file is
the one imported, so the child reports ``module.__file__`` and we check it.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from harness.stdlib import ModuleSource, accelerator_for, test_module_for
from trm_agent.cli import def_functions, encode_source, fatal_diagnostics
from trm_agent.fsutil import atomic_write_bytes

if TYPE_CHECKING:
    from trm_agent.agent import TRMAgent

RESULT_MARKER = "TRM-ROUNDTRIP-RESULT "

#: ``--executor interpreted``: written next to the interpreted modules, so that every Python
#: process started with them on its path (the tests start some) routes trampolines into an
#: interpreter per module object (a module imported twice gets two interpreters).
SITECUSTOMIZE = r"""
import builtins, json, os, sys
if os.environ.get("TRM_INTERPRETED_MAP"):
    with open(os.environ["TRM_INTERPRETED_MAP"]) as handle:
        _originals = json.load(handle)
    _interpreters = builtins.__trm_interpreters__ = {}
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 6000))  # interpreted frames are deep

    def __trm_interp__(index, args, closure=None):
        module_globals = sys._getframe(1).f_globals
        found = _interpreters.get(id(module_globals))
        if found is None:
            from trm_agent.loader import interpreter_for
            interpreter = interpreter_for(module_globals, _originals[module_globals["__file__"]])
            found = _interpreters[id(module_globals)] = (module_globals, interpreter)
        return found[1].hook(index, args, closure)

    builtins.__trm_interp__ = __trm_interp__
"""

#: Runs in the child. The module under test is imported FIRST, before unittest and
#: json pull in their own dependencies, so the compiled copy is the one cached in
#: sys.modules for the whole test run. If the import did not come from the compiled
#: directory (a module frozen or preloaded at startup), the tests are not run at all.
RUNNER = r"""
import importlib, os, sys
name, test_name, marker, expected_dir = sys.argv[1:5]
import builtins
_interpreters = getattr(builtins, "__trm_interpreters__", {})  # set by sitecustomize.py
def report(outcome):
    import json
    print(marker + json.dumps(outcome), flush=True)
try:
    module = importlib.import_module(name)
except BaseException as exc:
    report({"imported_from": None, "error": "import failed: %s: %s" % (type(exc).__name__, exc)})
    raise SystemExit(3)
imported_from = getattr(module, "__file__", None)
outcome = {"imported_from": imported_from}
inside = os.path.realpath(expected_dir) + os.sep
if not imported_from or not os.path.realpath(imported_from).startswith(inside):
    report(outcome)  # running the tests would prove nothing about the compiled code
    raise SystemExit(0)
import unittest
try:
    suite = unittest.defaultTestLoader.loadTestsFromName(test_name)
    result = unittest.TextTestRunner(stream=sys.stderr, verbosity=1).run(suite)
    outcome.update(tests_run=result.testsRun, failures=len(result.failures),
                   errors=len(result.errors), skipped=len(result.skipped),
                   expected_failures=len(result.expectedFailures),
                   unexpected_successes=len(result.unexpectedSuccesses))
except BaseException as exc:
    outcome["error"] = "test run failed: %s: %s" % (type(exc).__name__, exc)
if _interpreters:
    outcome["interpreted_ops"] = sum(i.cost for _, i in _interpreters.values())
report(outcome)
"""


@dataclass(slots=True)
class ModuleResult:
    """One module's roundtrip; ``as_json`` gives the stable keys of DESIGN §9."""

    module: str
    passed: bool = False
    tests_run: int = 0
    failures: int = 0  # failures + errors
    errors: int = 0
    skipped: int = 0
    unexpected_successes: int = 0
    seconds: float = 0.0
    imported_from: str | None = None
    accelerator: str | None = None
    lowered_functions: int = 0
    functions_total: int = 0
    source: str = ""
    reason: str | None = None
    output_tail: str = ""
    executor: str = "compiled"
    interpreted_ops: int = 0  # IR ops the interpreter executed (--executor interpreted)

    def as_json(self) -> dict[str, Any]:
        return {
            "executor": self.executor,
            "interpreted_ops": self.interpreted_ops,
            "module": self.module,
            "passed": self.passed,
            "tests_run": self.tests_run,
            "failures": self.failures,
            "errors": self.errors,
            "skipped": self.skipped,
            "unexpected_successes": self.unexpected_successes,
            "seconds": round(self.seconds, 3),
            "imported_from": self.imported_from,
            "accelerator": self.accelerator,
            "lowered_functions": self.lowered_functions,
            "functions_total": self.functions_total,
            "source": self.source,
            "reason": self.reason,
            "output_tail": self.output_tail,
        }


class CompileFailed(Exception):
    """The module could not be compiled; the roundtrip fails with this reason."""


def compile_module(
    agent: TRMAgent, source: ModuleSource, out_dir: Path, opt: str, executor: str = "compiled"
) -> tuple[int, int]:
    """Compile every file of the module into ``out_dir``; returns (lowered, total).

    With ``executor="interpreted"`` each file is written in its interpreter form instead
    (every lowered function body enters the IR interpreter; see trm_agent.loader), and
    ``interpreted.json`` maps each written file back to its original source.
    """
    lowered = total = 0
    originals: dict[str, str] = {}
    for path in source.files():
        result = agent.compile_source(path.read_bytes(), filename=str(path), opt=opt)
        fatal = fatal_diagnostics(result.diagnostics)
        if not result.ok or result.source is None or fatal:
            where = fatal[0].format() if fatal else str(path)
            raise CompileFailed(f"compile failed: {where}")
        functions = def_functions(result.module)
        total += len(functions)
        lowered += sum(1 for f in functions if f.lowered)
        target = source.destination(out_dir, path)
        target.parent.mkdir(parents=True, exist_ok=True)
        text = result.source
        if executor == "interpreted":
            from trm_agent.loader import interpreted_source

            parsed = agent.parse_module(path.read_bytes(), str(path))
            text = interpreted_source(parsed.source, str(path))[0]
            originals[str(target)] = str(path)
        atomic_write_bytes(target, encode_source(text))
    if executor == "interpreted":
        atomic_write_bytes(out_dir.parent / "interpreted.json",
                           json.dumps(originals).encode("utf-8"))
        atomic_write_bytes(out_dir / "sitecustomize.py", SITECUSTOMIZE.encode("utf-8"))
    return lowered, total


def child_environment(compiled_dir: Path) -> dict[str, str]:
    """Compiled dir first on sys.path; no cwd entry; no stray bytecode caches."""
    env = dict(os.environ)
    existing = env.get("PYTHONPATH")
    env["PYTHONPATH"] = str(compiled_dir) + (os.pathsep + existing if existing else "")
    env["PYTHONSAFEPATH"] = "1"
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    return env


@dataclass(frozen=True, slots=True)
class ChildRun:
    returncode: int | None  # None: killed on timeout
    stdout: str
    stderr: str


def run_child(args: list[str], env: dict[str, str], cwd: Path, timeout: float) -> ChildRun:
    """Run in its own session so a timeout kills the whole process group."""
    with subprocess.Popen(
        args,
        env=env,
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        start_new_session=True,
    ) as proc:
        try:
            out, err = proc.communicate(timeout=timeout)
            return ChildRun(proc.returncode, out, err)
        except subprocess.TimeoutExpired:
            _kill_group(proc.pid)
            out, err = proc.communicate()
            return ChildRun(None, out, err)


def _kill_group(pid: int) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, signal.SIGKILL)


def parse_child_result(stdout: str) -> dict[str, Any] | None:
    for line in reversed(stdout.splitlines()):
        if line.startswith(RESULT_MARKER):
            try:
                parsed = json.loads(line[len(RESULT_MARKER) :])
            except json.JSONDecodeError:
                return None
            return parsed if isinstance(parsed, dict) else None
    return None


def _is_inside(path: str | None, directory: Path) -> bool:
    if not path:
        return False
    return Path(path).resolve().is_relative_to(directory.resolve())


def judge(result: ModuleResult, child: ChildRun, compiled_dir: Path, timeout: float) -> None:
    """Fill ``result`` from the child's report; any doubt is a failure with a reason."""
    stdout = "\n".join(x for x in child.stdout.splitlines() if not x.startswith(RESULT_MARKER))
    result.output_tail = (child.stderr + stdout)[-4000:]
    if child.returncode is None:
        result.reason = f"timeout after {timeout:g} s"
        return
    report = parse_child_result(child.stdout)
    if report is None:
        result.reason = f"test process exited with {child.returncode} without a result"
        return
    result.imported_from = report.get("imported_from")
    result.interpreted_ops = int(report.get("interpreted_ops", 0))
    if report.get("error"):
        result.reason = str(report["error"])
        return
    result.tests_run = int(report.get("tests_run", 0))
    result.errors = int(report.get("errors", 0))
    result.failures = int(report.get("failures", 0)) + result.errors
    result.skipped = int(report.get("skipped", 0))
    result.unexpected_successes = int(report.get("unexpected_successes", 0))
    if not _is_inside(result.imported_from, compiled_dir):
        result.reason = "compiled file not imported"
    elif result.tests_run == 0:
        result.reason = "no tests ran"
    elif result.failures or result.unexpected_successes:
        result.reason = f"{result.failures} failing tests"
    else:
        result.passed = True


def roundtrip_module(
    agent: TRMAgent,
    source: ModuleSource,
    opt: str,
    timeout: float,
    python: str = sys.executable,
    executor: str = "compiled",
) -> ModuleResult:
    """Compile one module into a fresh temp dir and run its CPython tests against it."""
    result = ModuleResult(
        module=source.name, source=str(source.path), accelerator=accelerator_for(source.name),
        executor=executor,
    )
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"trm-roundtrip-{source.name}-") as tmp:
        compiled_dir, work_dir = Path(tmp) / "compiled", Path(tmp) / "cwd"
        compiled_dir.mkdir()
        work_dir.mkdir()
        try:
            result.lowered_functions, result.functions_total = compile_module(
                agent, source, compiled_dir, opt, executor
            )
        except CompileFailed as exc:
            result.reason = str(exc)
        except NotImplementedError:
            raise
        except Exception as exc:  # noqa: BLE001 - a compiler crash fails this module only
            result.reason = f"internal error while compiling: {type(exc).__name__}: {exc}"
        else:
            args = [
                python,
                "-c",
                RUNNER,
                source.name,
                test_module_for(source.name),
                RESULT_MARKER,
                str(compiled_dir),
            ]
            env = child_environment(compiled_dir)
            if executor == "interpreted":
                env["TRM_INTERPRETED_MAP"] = str(Path(tmp) / "interpreted.json")
            child = run_child(args, env, work_dir, timeout)
            judge(result, child, compiled_dir, timeout)
    result.seconds = time.perf_counter() - start
    return result
