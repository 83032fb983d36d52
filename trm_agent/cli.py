"""``trm-agent``: the compiler's command line (DESIGN §9).

Contract shared by every command of both tools (``trm-harness`` reuses the error and
exit-code machinery defined here): exit 0 = success, 1 = a problem was found, 2 = usage
or input error. Bad input never shows a traceback, only one line on stderr of the form
``trm-agent: error: <what> (<file:line:col>) — <what to do>``, because a person acting
on it needs the place and the remedy, not our call stack.
"""

from __future__ import annotations

import enum
import os
import re
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from typer.exceptions import Abort, TyperException

from trm_agent.fsutil import atomic_write_bytes, atomic_write_json, iter_python_files

if TYPE_CHECKING:
    from trm_agent.agent import TRMAgent
    from trm_agent.fallback import Decision
    from trm_agent.ir import Function, Module
    from trm_agent.parse import Diagnostic

PROG = "trm-agent"
EXIT_OK = 0
EXIT_PROBLEM = 1
EXIT_USAGE = 2

#: Diagnostic codes that mean "this input is not a Python program we can read";
#: everything else (e.g. unsupported-construct) still yields a drop-in output.
from trm_agent.parse import FATAL_CODES  # noqa: E402  (one definition of "the input is unusable")

#: Qualname the translator may give module-level code; it is not a ``def`` and is
#: not counted as a function by compile reports or coverage.
MODULE_BODY_QUALNAME = "<module>"


class CliError(Exception):
    """A user-facing input/usage problem: one line on stderr, exit 2."""

    def __init__(self, what: str, where: str = "", todo: str = "") -> None:
        super().__init__(what)
        self.what = what
        self.where = where
        self.todo = todo

    def format(self, prog: str) -> str:
        return error_line(prog, self.what, self.where, self.todo)


def error_line(prog: str, what: str, where: str = "", todo: str = "") -> str:
    """The one-line error format every tool uses, so scripts can grep for it."""
    location = f" ({where})" if where else ""
    remedy = f" — {todo}" if todo else ""
    return f"{prog}: error: {what}{location}{remedy}"


def diagnostic_line(prog: str, diag: Diagnostic, todo: str) -> str:
    """Render a compiler diagnostic in the error-line format, keeping file:line:col."""
    where = f"{diag.filename}:{diag.line}:{diag.col}"
    remedy = f"{diag.hint}; {todo}" if diag.hint else todo
    return error_line(prog, f"{diag.code}: {diag.message}", where, remedy)


def eprint(line: str) -> None:
    """Plain stderr write: rich would wrap long lines and break 'one line per error'."""
    sys.stderr.write(line + "\n")
    sys.stderr.flush()


@contextmanager
def reported_errors(prog: str) -> Iterator[None]:
    """Turn :class:`CliError` raised inside a command into the message and exit 2."""
    try:
        yield
    except CliError as exc:
        eprint(exc.format(prog))
        raise typer.Exit(EXIT_USAGE) from None


def run_app(app: typer.Typer, prog: str, argv: Sequence[str] | None = None) -> int:
    """Run a Typer app, mapping usage errors to the one-line format and exit 2.

    Typer's standalone mode would print a multi-line box; running non-standalone
    lets us keep one error format across all failure kinds.
    """
    try:
        result = app(
            args=list(argv) if argv is not None else None, prog_name=prog, standalone_mode=False
        )
    except TyperException as exc:
        eprint(error_line(prog, exc.format_message().rstrip("."), todo=f"see '{prog} --help'"))
        return EXIT_USAGE
    except Abort:
        eprint(f"{prog}: aborted")
        return 130
    except KeyboardInterrupt:
        eprint(f"{prog}: interrupted")
        return 130
    return result if isinstance(result, int) else EXIT_OK


def stderr_console() -> Console:
    return Console(stderr=True)


def file_progress(console: Console) -> Progress:
    """Progress bar for loops over files; transient so logs stay readable."""
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )


def write_json_reports(paths: Sequence[Path], payload: Any) -> None:
    """Write the machine-readable result atomically to each requested path."""
    for path in paths:
        try:
            atomic_write_json(path, payload)
        except OSError as exc:
            raise CliError(
                f"cannot write JSON report: {exc.strerror or exc}",
                str(path),
                "check that the report's directory exists and is writable",
            ) from None


# --------------------------------------------------------------------------- agent access


def load_agent(spec: str | None = None) -> TRMAgent:
    """Load the compiler; a seam so tests can substitute a fake agent."""
    from trm_agent.agent import TRMAgent

    return TRMAgent.load(spec)


def render_ir(module: Module) -> str:
    from trm_agent import ir

    return ir.print_module(module)


def def_functions(module: Module | None) -> list[Function]:
    """The ``def``/``async def`` functions of a module, without module-level code."""
    if module is None:
        return []
    return [f for f in module.functions if f.qualname != MODULE_BODY_QUALNAME]


def blocker_reason(function: Function) -> str | None:
    """Why a function was not lowered: the first blocker's construct (or its code)."""
    if function.lowered or not function.blockers:
        return None
    first = function.blockers[0]
    return first.construct or first.code


def unavailable_level(opt: str, exc: NotImplementedError) -> str:
    """The optimizer's own words when it gives them; they name what is missing."""
    return str(exc) or f"optimization level '{opt}' is not available yet"


def fatal_diagnostics(diagnostics: Sequence[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diagnostics if d.code in FATAL_CODES]


# --------------------------------------------------------------------------- compile


class OptLevel(enum.StrEnum):
    none = "none"
    baseline = "baseline"
    trm = "trm"


_CODING_COOKIE = re.compile(r"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


def encode_source(text: str) -> bytes:
    """Encode generated source the way Python will decode it.

    If the output keeps a PEP 263 coding cookie (``# -*- coding: latin-1 -*-``), the
    bytes must be in that encoding or the drop-in replacement would not even import.
    """
    for line in text.splitlines()[:2]:
        match = _CODING_COOKIE.match(line)
        if match:
            return text.encode(match.group(1))
        if line.strip() and not line.lstrip().startswith("#"):
            break
    return text.encode("utf-8")


@dataclass(slots=True)
class FileOutcome:
    """What happened to one input file; becomes one entry of the JSON ``files`` list."""

    file: str
    output: str
    status: str = "ok"  # ok | syntax-error | decode-error | read-error | internal-error
    functions_total: int = 0
    functions_lowered: int = 0
    diagnostics: list[dict[str, Any]] = field(default_factory=list)
    written: bool = False

    def as_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "output": self.output,
            "status": self.status,
            "ok": self.status == "ok",
            "written": self.written,
            "functions_total": self.functions_total,
            "functions_lowered": self.functions_lowered,
            "diagnostics": self.diagnostics,
        }


def diagnostic_json(diag: Diagnostic) -> dict[str, Any]:
    return {
        "code": diag.code,
        "message": diag.message,
        "file": diag.filename,
        "line": diag.line,
        "col": diag.col,
        "hint": diag.hint,
        "construct": diag.construct,
        "severity": diag.severity,
    }


def function_json(
    file: str, function: Function, opt: str, decision: Decision | None
) -> dict[str, Any]:
    """One row of the ``functions`` report (stable keys: DESIGN §9)."""
    reason = blocker_reason(function)
    if reason is None and decision is not None:
        reason = decision.reason
    return {
        "file": file,
        "name": function.name,
        "qualname": function.qualname,
        "lineno": function.lineno,
        "lowered": function.lowered,
        "level_used": _level_used(function, opt, decision),
        "reason": reason,
        "detail": decision.detail if decision is not None else "",
    }


def _level_used(function: Function, opt: str, decision: Decision | None) -> str:
    """The level a function ended at: the optimizer's decision may record a fallback."""
    if not function.lowered:
        return "original"
    return decision.level_used if decision is not None else opt


def decisions_by_function(decisions: Sequence[Decision]) -> dict[tuple[str, int], Decision]:
    """Decisions keyed like functions; qualname alone is ambiguous for redefinitions."""
    return {(d.qualname, d.lineno): d for d in decisions}


def _same_file_keys(paths: Sequence[Path]) -> set[tuple[int, int]]:
    keys: set[tuple[int, int]] = set()
    for path in paths:
        try:
            st = path.stat()
        except OSError:
            continue
        keys.add((st.st_dev, st.st_ino))
    return keys


def _would_overwrite(
    target: Path, resolved_inputs: set[Path], inode_keys: set[tuple[int, int]]
) -> bool:
    if target.resolve() in resolved_inputs:
        return True
    return bool(_same_file_keys([target]) & inode_keys)


def plan_outputs(src: Path, out_arg: str) -> list[tuple[Path, Path]]:
    """Map each input file to its output path, refusing anything that writes in place.

    ``out_arg`` stays a string so a trailing slash (``-o build/``) can mean "a directory"
    even before it exists; ``Path`` would drop it and we would write a file named build.
    """
    out = Path(out_arg)
    if not src.exists():
        raise CliError("no such file or directory", str(src), "check the SRC path")
    never_in_place = "choose an -o outside the sources; trm-agent never writes in place"
    if src.is_file():
        as_directory = out.is_dir() or out_arg.endswith(("/", os.sep))
        target = out / src.name if as_directory else out
        pairs = [(src, target)]
    elif src.is_dir():
        src_r, out_r = src.resolve(), out.resolve()
        if out_r == src_r or out_r.is_relative_to(src_r):
            raise CliError(
                "output directory is the source tree or inside it", str(out), never_in_place
            )
        if out.exists() and not out.is_dir():
            raise CliError(
                "output path exists and is not a directory",
                str(out),
                "for a directory SRC, -o must name a directory",
            )
        pairs = [(f, out / f.relative_to(src)) for f in iter_python_files(src)]
    else:
        raise CliError(
            "not a regular file or directory", str(src), "pass a .py file or a directory"
        )
    inputs = [p for p, _ in pairs]
    resolved = {p.resolve() for p in inputs}
    inodes = _same_file_keys(inputs)
    for _, target in pairs:
        if _would_overwrite(target, resolved, inodes):
            raise CliError("output would overwrite an input file", str(target), never_in_place)
    return pairs


def _check_report_paths(reports: Sequence[Path], inputs: Sequence[Path]) -> None:
    resolved = {p.resolve() for p in inputs}
    inodes = _same_file_keys(inputs)
    for report in reports:
        if _would_overwrite(report, resolved, inodes):
            raise CliError(
                "report path would overwrite an input file",
                str(report),
                "choose a different --json/--report path",
            )


def _read_source(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError as exc:
        raise CliError(
            f"cannot read source: {exc.strerror or exc}",
            str(path),
            "check that the file exists and is readable",
        ) from None


def _write_output(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CliError(
            f"cannot create output directory: {exc.strerror or exc}",
            str(path.parent),
            "choose an -o in a writable location",
        ) from None
    try:
        data = encode_source(text)
    except (LookupError, UnicodeEncodeError) as exc:
        raise CliError(
            f"cannot encode generated source: {exc}",
            str(path),
            "this is a compiler bug; please report it with the input file",
        ) from None
    try:
        atomic_write_bytes(path, data)
    except OSError as exc:
        raise CliError(
            f"cannot write output file: {exc.strerror or exc}",
            str(path),
            "choose an -o in a writable location",
        ) from None


def compile_one(
    agent: TRMAgent, src: Path, dst: Path, opt: str, functions: list[dict[str, Any]]
) -> FileOutcome:
    """Compile one file and write it, unless the input is not a readable program."""
    outcome = FileOutcome(file=str(src), output=str(dst))
    try:
        data = _read_source(src)
    except CliError as exc:  # one unreadable file must not hide the others' results
        eprint(exc.format(PROG))
        outcome.status = "read-error"
        return outcome
    try:
        result = agent.compile_source(data, filename=str(src), opt=opt)
    except NotImplementedError as exc:
        raise CliError(unavailable_level(opt, exc), str(src), "use --opt none") from None
    except Exception as exc:  # noqa: BLE001 - a compiler bug must not hide other files' results
        outcome.status = "internal-error"
        outcome.diagnostics.append(
            {"code": "internal-error", "message": f"{type(exc).__name__}: {exc}", "file": str(src)}
        )
        eprint(
            f"{PROG}: internal error: {type(exc).__name__}: {exc} ({src}) — "
            "this is a compiler bug; please report it with this file"
        )
        return outcome
    outcome.diagnostics = [diagnostic_json(d) for d in result.diagnostics]
    fatal = fatal_diagnostics(result.diagnostics)
    if not result.ok or result.source is None or fatal:
        outcome.status = fatal[0].code if fatal else "syntax-error"
        for diag in fatal:
            eprint(diagnostic_line(PROG, diag, "fix the source; nothing was written for this file"))
        if not fatal:
            eprint(
                error_line(
                    PROG,
                    "cannot compile this file",
                    str(src),
                    "fix the source; nothing was written for this file",
                )
            )
        return outcome
    defs = def_functions(result.module)
    outcome.functions_total = len(defs)
    outcome.functions_lowered = sum(1 for f in defs if f.lowered)
    decisions = decisions_by_function(result.decisions)
    functions.extend(
        function_json(str(src), f, opt, decisions.get((f.qualname, f.lineno))) for f in defs
    )
    _write_output(dst, result.source)
    outcome.written = True
    return outcome


def _compile_exit_code(outcomes: Sequence[FileOutcome]) -> int:
    statuses = {o.status for o in outcomes}
    if statuses & (FATAL_CODES | {"read-error"}):
        return EXIT_USAGE
    if "internal-error" in statuses:
        return EXIT_PROBLEM
    return EXIT_OK


def _compile_table(
    outcomes: Sequence[FileOutcome], opt: str, root: Path | None, limit: int = 30
) -> Table:
    """Problems first, then the rest; paths relative to a directory SRC to stay readable."""
    table = Table(title=f"trm-agent compile (--opt {opt})")
    table.add_column("file", overflow="fold")
    table.add_column("status")
    table.add_column("functions", justify="right")
    table.add_column("lowered", justify="right")
    shown = sorted(outcomes, key=lambda o: (o.status == "ok", o.file))[:limit]
    for o in shown:
        style = "green" if o.status == "ok" else "red"
        name = Path(o.file).relative_to(root).as_posix() if root is not None else o.file
        table.add_row(
            name, f"[{style}]{o.status}[/]", str(o.functions_total), str(o.functions_lowered)
        )
    if len(outcomes) > limit:
        table.add_row(f"… {len(outcomes) - limit} more files", "", "", "")
    total = sum(o.functions_total for o in outcomes)
    lowered = sum(o.functions_lowered for o in outcomes)
    pct = f"{100 * lowered / total:.1f}%" if total else "-"
    table.add_section()
    table.add_row(f"[bold]{len(outcomes)} files[/]", "", str(total), f"{lowered} ({pct})")
    return table


def run_compile(src: Path, out: str, opt: str, reports: Sequence[Path], model: str | None) -> int:
    pairs = plan_outputs(src, out)
    _check_report_paths(reports, [p for p, _ in pairs])
    console = Console()
    if not pairs:
        eprint(f"{PROG}: warning: no *.py files found under {src}")
    agent = load_agent(model)
    outcomes: list[FileOutcome] = []
    functions: list[dict[str, Any]] = []
    with file_progress(stderr_console()) as progress:
        task = progress.add_task("compiling", total=len(pairs))
        for in_path, out_path in pairs:
            outcomes.append(compile_one(agent, in_path, out_path, opt, functions))
            progress.advance(task)
    code = _compile_exit_code(outcomes)
    console.print(_compile_table(outcomes, opt, src if src.is_dir() else None))
    payload = {
        "command": "compile",
        "opt": opt,
        "src": str(src),
        "out": out,
        "exit_code": code,
        "files": [o.as_json() for o in outcomes],
        "functions": functions,
        "functions_total": sum(o.functions_total for o in outcomes),
        "functions_lowered": sum(o.functions_lowered for o in outcomes),
    }
    write_json_reports(reports, payload)
    return code


# --------------------------------------------------------------------------- ir


def run_ir(src: Path, model: str | None) -> int:
    if not src.exists():
        raise CliError("no such file or directory", str(src), "check the SRC path")
    files = list(iter_python_files(src))
    agent = load_agent(model)
    code = EXIT_OK
    for path in files:
        parsed = agent.parse_module(_read_source(path), filename=str(path))
        fatal = fatal_diagnostics(parsed.diagnostics)
        if not parsed.ok or fatal:
            for diag in fatal:
                eprint(diagnostic_line(PROG, diag, "fix the source"))
            if not fatal:
                eprint(error_line(PROG, "cannot parse this file", str(path), "fix the source"))
            code = EXIT_USAGE
            continue
        text = render_ir(agent.translate_ast(parsed))
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    sys.stdout.flush()
    return code


# --------------------------------------------------------------------------- app

app = typer.Typer(
    name=PROG,
    help="Compile Python with the TRM-Agent optimizer.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_JSON_HELP = "Write the machine-readable result to this file (atomically)."
_MODEL_HELP = "Model to load: a registry name@version or a directory (default: shipped model)."


@app.command("compile")
def compile_command(
    src: Path = typer.Argument(..., help="A .py file or a directory tree of them."),
    out: str = typer.Option(
        ...,
        "-o",
        "--output",
        help="Output file, or directory (existing, or written with a trailing '/').",
    ),
    opt: OptLevel = typer.Option(OptLevel.none, "--opt", help="Optimization level."),
    report: Path | None = typer.Option(None, "--report", help="Per-function report (JSON)."),
    json_path: Path | None = typer.Option(None, "--json", help=_JSON_HELP),
    model: str | None = typer.Option(None, "--model", help=_MODEL_HELP),
) -> None:
    """Compile SRC into a drop-in replacement at OUT (never in place)."""
    reports = [p for p in (report, json_path) if p is not None]
    with reported_errors(PROG):
        code = run_compile(src, out, opt.value, reports, model)
    raise typer.Exit(code)


@app.command("ir")
def ir_command(
    src: Path = typer.Argument(..., help="A .py file or a directory tree of them."),
    model: str | None = typer.Option(None, "--model", help=_MODEL_HELP),
) -> None:
    """Print the NoodleCore-IR of every function in SRC."""
    with reported_errors(PROG):
        code = run_ir(src, model)
    raise typer.Exit(code)


# --------------------------------------------------------------------------- run

if TYPE_CHECKING:
    from trm_agent.runtime.hook import Installer
    from trm_agent.runtime.metrics import FunctionMetrics, Profiler, RunMetrics

#: Rows of the run summary; the JSON report always has every function.
_RUN_TABLE_LIMIT = 30


@dataclass(slots=True)
class RunOptions:
    """``trm-agent run``'s options, resolved before the script can change the cwd."""

    opt: str
    reports: list[Path]
    profile: bool = False
    use_cache: bool = True
    cache_dir: Path | None = None
    incidents: Path | None = None
    include: list[str] | None = None
    exclude: list[str] | None = None
    feedback: bool = True
    quiet: bool = False


def run_target(
    target: str | None, is_module: bool, args: Sequence[str], options: RunOptions
) -> int:
    """Run a script or module under the import hook; return the script's exit status."""
    if not target:
        raise CliError("nothing to run", todo="pass a script path or -m MODULE")
    if not is_module:
        _check_report_paths(options.reports, [Path(target)])
    _check_opt_available(options.opt)
    from contextlib import suppress

    from trm_agent.runtime import prelude
    from trm_agent.runtime.hook import Installer
    from trm_agent.runtime.metrics import Profiler, apply_guard_policy, collect

    cwd = os.getcwd()
    installer = Installer(options.opt, include=options.include, exclude=options.exclude,
                          cache_dir=options.cache_dir, use_cache=options.use_cache, roots=[cwd])
    profiler = Profiler() if options.profile else None
    code = _execute(installer, target, is_module, args, profiler)
    _flush_stdio()
    with suppress(OSError):
        os.chdir(cwd)  # the script may have moved; relative defaults (results/) mean ours
    files = [r.filename for r in installer.records.values()]
    metrics = collect(installer, dict(prelude.GUARD_FAILURES),
                      profiler.stats(files) if profiler is not None else None)
    apply_guard_policy(metrics, installer, options.incidents)
    payload = _run_payload(target, is_module, args, code, installer, metrics)
    write_json_reports(options.reports, payload)
    if options.feedback:
        _record_feedback(payload)
    if not options.quiet:
        stderr_console().print(_run_table(metrics, installer))
    return code


def _check_opt_available(opt: str) -> None:
    """A level that does not exist yet is a usage error; any other failure is left to the hook,
    which falls back module by module and records why."""
    try:
        load_agent().compile_source("", "<trm-agent run>", opt=opt)
    except NotImplementedError as exc:
        raise CliError(
            unavailable_level(opt, exc), todo="use --opt none or --opt baseline"
        ) from None
    except Exception:  # noqa: BLE001 - see the docstring
        pass


def _execute(installer: Installer, target: str, is_module: bool, args: Sequence[str],
             profiler: Profiler | None) -> int:
    """Python's own behaviour: exit status kept, uncaught exceptions printed, status 1."""
    from contextlib import AbstractContextManager, nullcontext

    from trm_agent.runtime.hook import exit_status, wait_for_threads

    measuring: AbstractContextManager[object] = profiler if profiler is not None else nullcontext()
    _flush_stdio()
    installer.install()
    try:
        with measuring:
            code = _run_main(installer, target, is_module, args)
            try:
                wait_for_threads()
            except KeyboardInterrupt as exc:
                code = exit_status(exc)
    finally:
        installer.uninstall()
    return code


def _run_main(installer: Installer, target: str, is_module: bool, args: Sequence[str]) -> int:
    from trm_agent.runtime.hook import TargetNotFound, exit_status, run_module, run_script

    try:
        if is_module:
            run_module(installer, target, args)
        else:
            run_script(installer, target, args)
    except TargetNotFound as exc:
        raise CliError(str(exc), target, "check the script path or module name") from None
    except BaseException as exc:  # noqa: BLE001 - the script's fate becomes its exit status
        return exit_status(exc)
    return 0


def _flush_stdio() -> None:
    from contextlib import suppress

    for stream in (sys.stdout, sys.stderr):
        with suppress(OSError, ValueError, AttributeError):
            stream.flush()


def _run_payload(target: str, is_module: bool, args: Sequence[str], code: int,
                 installer: Installer, metrics: RunMetrics) -> dict[str, Any]:
    return {
        "command": "run",
        "target": target,
        "module": is_module,
        "argv": list(args),
        "exit_code": code,
        **metrics.to_json(),
        "compiles": installer.compiles,
        "cache": {"enabled": installer.cache.enabled, "dir": str(installer.cache.root),
                  **installer.cache.stats.to_json()},
    }


def _record_feedback(payload: dict[str, Any]) -> None:
    """Runtime metrics feed the next training round; a failure here only warns."""
    import sqlite3

    from trm_agent.feedback import FeedbackError

    try:
        load_agent().feedback({"kind": "runtime", **payload})
    except (FeedbackError, OSError, sqlite3.Error) as exc:
        eprint(f"{PROG}: warning: runtime metrics not recorded in the feedback store: {exc}")


def _run_table(metrics: RunMetrics, installer: Installer) -> Table:
    """Problems first (fallbacks, guard failures), then the most expensive functions."""
    compiled = sum(1 for r in installer.records.values() if r.compiled)
    caption = (f"{len(installer.records)} modules ({compiled} compiled, "
               f"{installer.cache.stats.hits} from cache) · {len(metrics.fallbacks)} fallbacks · "
               f"{metrics.guard_failures_total} guard failures · "
               f"{len(metrics.deoptimized)} switched back")
    table = Table(title=f"trm-agent run (--opt {metrics.opt})", caption=caption)
    table.add_column("function", overflow="fold", min_width=20, ratio=3)
    table.add_column("level")
    table.add_column("reason", overflow="fold", ratio=2)
    for name in ("calls", "seconds", "guard fails"):
        table.add_column(name, justify="right")
    for record in installer.records.values():
        if not record.compiled:
            table.add_row(f"{record.name} (whole module)", "[yellow]original[/]",
                          record.fallback_reason or "", "", "", "")

    def rank(f: FunctionMetrics) -> tuple[bool, int, float]:
        return (f.reason is None, -f.guard_failures, -(f.seconds or 0.0))

    rows = sorted(metrics.functions, key=rank)
    for f in rows[:_RUN_TABLE_LIMIT]:
        style = "green" if f.reason is None else "yellow"
        table.add_row(f"{f.module}:{f.qualname}", f"[{style}]{f.level_used}[/]", f.reason or "",
                      "-" if f.calls is None else str(f.calls),
                      "-" if f.seconds is None else f"{f.seconds:.4f}", str(f.guard_failures))
    if len(rows) > _RUN_TABLE_LIMIT:
        table.add_row(f"… {len(rows) - _RUN_TABLE_LIMIT} more functions", "", "", "", "", "")
    return table


_RUN_CONTEXT = {"allow_extra_args": True, "allow_interspersed_args": False}


@app.command("run", context_settings=_RUN_CONTEXT)
def run_command(
    ctx: typer.Context,
    target: str | None = typer.Argument(
        None, metavar="SCRIPT|MODULE [ARGS]...",
        help="Script to run (or module, with -m); everything after it goes to the program.",
    ),
    module: bool = typer.Option(False, "-m", help="TARGET is a module name, as in python -m."),
    opt: OptLevel = typer.Option(OptLevel.baseline, "--opt", help="Optimization level."),
    json_path: Path | None = typer.Option(None, "--json", help=_JSON_HELP),
    profile: bool = typer.Option(
        False, "--profile", help="Count calls and time per compiled function (cProfile)."
    ),
    no_cache: bool = typer.Option(
        False, "--no-cache", help="Neither read nor write compiled code."
    ),
    cache_dir: Path | None = typer.Option(
        None,
        "--cache-dir",
        help="Cache directory (default: $TRM_AGENT_CACHE, else ~/.cache/trm-agent).",
    ),
    incidents: Path | None = typer.Option(
        None,
        "--incidents",
        help="Incident log (default: $TRM_INCIDENTS, else results/incidents.jsonl).",
    ),
    include: list[str] | None = typer.Option(
        None, "--include", help="Compile only these path prefixes / module globs (repeatable)."
    ),
    exclude: list[str] | None = typer.Option(
        None, "--exclude", help="Never compile these path prefixes / module globs (repeatable)."
    ),
    no_feedback: bool = typer.Option(
        False, "--no-feedback", help="Do not record the metrics in the feedback store."
    ),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No summary table on stderr."),
) -> None:
    """Run a script (or -m module) like python does, compiling its modules as they are imported."""
    absolute = [p.absolute() for p in (json_path,) if p is not None]
    options = RunOptions(
        opt=opt.value, reports=absolute, profile=profile, use_cache=not no_cache,
        cache_dir=cache_dir.absolute() if cache_dir is not None else None,
        incidents=incidents.absolute() if incidents is not None else None,
        include=include or None, exclude=exclude or None, feedback=not no_feedback, quiet=quiet,
    )
    with reported_errors(PROG):
        code = run_target(target, module, list(ctx.args), options)
    raise typer.Exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point (``trm-agent``)."""
    return run_app(app, PROG, argv)


if __name__ == "__main__":
    sys.exit(main())
