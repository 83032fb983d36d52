"""``trm-harness``: the harness's command line (DESIGN §9).

Same contract as ``trm-agent`` (exit 0 ok, 1 the gate found a problem, 2 usage/input
error with a one-line message); the error machinery is shared from ``trm_agent.cli``.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

from harness import coverage as cov
from harness import roundtrip as rt
from harness import speedup as sp
from harness import verify as hv
from harness.equivalence import equiv as eq
from harness.stdlib import (
    ModuleNotFound,
    ModuleSource,
    find_module_source,
    has_test_module,
    iter_stdlib_files,
    test_module_for,
)
from trm_agent import cli as agent_cli
from trm_agent.cli import (
    EXIT_OK,
    EXIT_PROBLEM,
    CliError,
    OptLevel,
    eprint,
    file_progress,
    reported_errors,
    run_app,
    stderr_console,
    unavailable_level,
    write_json_reports,
)
from trm_agent.fsutil import iter_python_files

PROG = "trm-harness"

app = typer.Typer(
    name=PROG,
    help="Differential-testing and verification harness for the TRM-Agent compiler.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

_JSON_HELP = "Write the machine-readable result to this file (atomically)."
_MODEL_HELP = "Model to load: a registry name@version or a directory (default: shipped model)."


def agent_factory(model: str | None) -> cov.AgentFactory:
    """A seam for tests: the factory coverage workers use to build their agent."""
    return cov.AgentLoader(model)


# --------------------------------------------------------------------------- coverage


def collect_files(paths: Sequence[Path], exclude: Sequence[str], stdlib: bool) -> list[Path]:
    """All files to measure, each once, in a stable order."""
    if not paths and not stdlib:
        raise CliError("nothing to measure", todo="pass one or more PATHs, or --stdlib")
    found: dict[Path, Path] = {}
    for path in paths:
        if not path.exists():
            raise CliError("no such file or directory", str(path), "check the PATH")
        for file in iter_python_files(path, exclude=exclude):
            found.setdefault(file.resolve(), file)
    if stdlib:
        for file in iter_stdlib_files(exclude=exclude):
            found.setdefault(file.resolve(), file)
    if not found:
        raise CliError(
            "no *.py files found",
            ", ".join(map(str, paths)) or "stdlib",
            "check the PATHs and --exclude patterns",
        )
    return sorted(found.values())


def coverage_table(report: cov.CoverageReport, limit: int = 20) -> Table:
    table = Table(title="constructs blocking lowering (by functions blocked)")
    table.add_column("construct", no_wrap=True)
    table.add_column("functions", justify="right")
    table.add_column("% of all", justify="right")
    table.add_column("occurrences", justify="right")
    total = report.functions_total or 1
    by_construct = report.by_construct()
    for construct, counts in list(by_construct.items())[:limit]:
        table.add_row(
            construct,
            str(counts["functions"]),
            f"{100 * counts['functions'] / total:.1f}%",
            str(counts["occurrences"]),
        )
    if len(by_construct) > limit:
        table.add_row(f"… {len(by_construct) - limit} more", "", "", "")
    table.add_section()
    table.add_row(
        "[bold]lowered[/]",
        f"{report.functions_lowered}/{report.functions_total}",
        f"[bold]{100 * report.coverage:.1f}%[/]",
        "",
    )
    return table


def construct_table(report: cov.CoverageReport) -> Table:
    """Each construct's occurrences and the share inside fully lowered functions."""
    table = Table(title="constructs: occurrences inside fully lowered functions")
    table.add_column("construct", no_wrap=True)
    table.add_column("occurrences", justify="right")
    table.add_column("lowered", justify="right")
    table.add_column("rate", justify="right")
    for construct, row in report.construct_rates().items():
        table.add_row(construct, str(row["occurrences"]), str(row["lowered"]),
                      f"{100 * row['rate']:.1f}%")
    return table


def run_coverage_command(
    paths: Sequence[Path],
    exclude: Sequence[str],
    stdlib: bool,
    json_path: Path | None,
    workers: int,
    fail_under: float | None,
    model: str | None,
) -> int:
    files = collect_files(paths, exclude, stdlib)
    with file_progress(stderr_console()) as progress:
        task = progress.add_task("translating", total=len(files))
        try:
            report = cov.run_coverage(
                files,
                workers,
                agent_factory(model),
                on_progress=lambda n: progress.advance(task, n),
            )
        except BrokenProcessPool as exc:
            eprint(
                f"{PROG}: internal error: a worker process died ({exc}) — "
                "rerun with --workers 1 to find the file; please report it"
            )
            return EXIT_PROBLEM
    console = Console()
    console.print(construct_table(report))
    console.print(coverage_table(report))
    console.print(
        f"{len(files)} files ({len(report.failures)} unreadable/syntax errors, "
        f"{len(report.internal_errors)} internal errors) in {report.seconds:.1f} s "
        f"with {workers} worker(s)"
    )
    for failure in report.failures[:10]:
        eprint(
            f"{PROG}: warning: skipped {failure['file']}:{failure['line']}:{failure['col']}: "
            f"{failure['code']}: {failure['message']}"
        )
    for crash in report.internal_errors[:10]:
        eprint(
            f"{PROG}: internal error: {crash['error']} ({crash['file']}) — "
            "please report it with this file"
        )
    payload = report.as_json() | {
        "command": "coverage",
        "paths": [str(p) for p in paths],
        "stdlib": stdlib,
        "exclude": list(exclude),
        "fail_under": fail_under,
    }
    code = EXIT_OK
    if report.internal_errors:
        code = EXIT_PROBLEM
    if fail_under is not None and report.coverage < fail_under:
        eprint(f"{PROG}: coverage {report.coverage:.4f} is below --fail-under {fail_under}")
        code = EXIT_PROBLEM
    payload["exit_code"] = code
    write_json_reports([json_path] if json_path else [], payload)
    return code


@app.command("coverage")
def coverage_command(
    paths: list[Path] = typer.Argument(None, help="Files or directories to measure."),
    exclude: list[str] = typer.Option(
        [], "--exclude", help="Glob of files/dirs to skip (repeatable)."
    ),
    stdlib: bool = typer.Option(
        False, "--stdlib", help="Also measure the standard library (without its tests)."
    ),
    json_path: Path | None = typer.Option(None, "--json", help=_JSON_HELP),
    workers: int = typer.Option(
        cov.default_workers(), "--workers", min=1, help="Worker processes."
    ),
    fail_under: float | None = typer.Option(
        None,
        "--fail-under",
        min=0.0,
        max=1.0,
        help="Exit 1 if the lowered fraction is below this (0..1).",
    ),
    model: str | None = typer.Option(None, "--model", help=_MODEL_HELP),
) -> None:
    """How much of the code is fully lowered to IR, and which constructs block the rest."""
    with reported_errors(PROG):
        code = run_coverage_command(
            paths or [], exclude, stdlib, json_path, workers, fail_under, model
        )
    raise typer.Exit(code)


# --------------------------------------------------------------------------- roundtrip


def resolve_modules(names: Sequence[str]) -> list[ModuleSource]:
    """Check every name before running anything: a typo should not cost a long run."""
    sources: list[ModuleSource] = []
    for name in names:
        try:
            source = find_module_source(name)
        except ModuleNotFound as exc:
            raise CliError(
                str(exc), name, "pass a pure-Python stdlib module name, e.g. textwrap"
            ) from None
        if not has_test_module(name):
            raise CliError(
                f"no CPython test module {test_module_for(name)}",
                name,
                "roundtrip needs the interpreter's test package and a test module for this name",
            )
        sources.append(source)
    return sources


def roundtrip_table(results: Sequence[rt.ModuleResult], opt: str) -> Table:
    table = Table(title=f"roundtrip: CPython tests on compiled modules (--opt {opt})")
    table.add_column("module", no_wrap=True)
    table.add_column("result", no_wrap=True)
    for column in ("tests", "fail", "skip", "lowered", "sec"):
        table.add_column(column, justify="right", no_wrap=True)
    table.add_column("accelerator", no_wrap=True)
    for r in results:
        verdict = "[green]pass[/]" if r.passed else "[red]FAIL[/]"
        table.add_row(
            r.module,
            verdict,
            str(r.tests_run),
            str(r.failures),
            str(r.skipped),
            f"{r.lowered_functions}/{r.functions_total}",
            f"{r.seconds:.1f}",
            r.accelerator or "-",
        )
    return table


def run_roundtrip_command(
    modules: Sequence[str], opt: str, json_path: Path | None, timeout: float, model: str | None,
    executor: str = "compiled",
) -> int:
    sources = resolve_modules(modules)
    agent = agent_cli.load_agent(model)
    results: list[rt.ModuleResult] = []
    with file_progress(stderr_console()) as progress:
        task = progress.add_task("roundtrip", total=len(sources))
        for source in sources:
            progress.update(task, description=f"roundtrip {source.name}")
            try:
                results.append(rt.roundtrip_module(agent, source, opt, timeout,
                                                   executor=executor))
            except NotImplementedError as exc:
                raise CliError(unavailable_level(opt, exc), source.name, "use --opt none") from None
            progress.advance(task)
    console = Console()
    console.print(roundtrip_table(results, opt))
    for r in results:
        if not r.passed:
            console.print(f"[red]FAIL[/] {r.module}: {r.reason}", soft_wrap=True)
            if r.output_tail.strip():
                eprint(f"--- {r.module}: last lines of the test output ---")
                eprint("\n".join(r.output_tail.splitlines()[-15:]))
    all_passed = all(r.passed for r in results)
    code = EXIT_OK if all_passed else EXIT_PROBLEM
    payload = {
        "command": "roundtrip",
        "opt": opt,
        "timeout": timeout,
        "passed": all_passed,
        "exit_code": code,
        "modules": [r.as_json() for r in results],
    }
    write_json_reports([json_path] if json_path else [], payload)
    return code


@app.command("roundtrip")
def roundtrip_command(
    modules: list[str] = typer.Argument(..., help="Stdlib module names, e.g. textwrap colorsys."),
    opt: OptLevel = typer.Option(OptLevel.none, "--opt", help="Optimization level."),
    json_path: Path | None = typer.Option(None, "--json", help=_JSON_HELP),
    timeout: float = typer.Option(
        600.0, "--timeout", min=1.0, help="Seconds per module's test run."
    ),
    model: str | None = typer.Option(None, "--model", help=_MODEL_HELP),
    executor: str = typer.Option(
        "compiled", "--executor",
        help="compiled: run the regenerated Python; interpreted: run every lowered function "
             "in the IR interpreter (checks the interpreter against CPython's tests).",
    ),
) -> None:
    """Compile stdlib modules and run CPython's own tests on the compiled code."""
    with reported_errors(PROG):
        if executor not in ("compiled", "interpreted"):
            raise CliError(f"unknown executor {executor!r}", "--executor",
                           "use compiled or interpreted")
        code = run_roundtrip_command(modules, opt.value, json_path, timeout, model, executor)
    raise typer.Exit(code)


# --------------------------------------------------------------------------- speedup


@app.command("speedup")
def speedup_command(
    bench: Path = typer.Option(sp.DEFAULT_BENCH_DIR, "--bench", help="Benchmark directory."),
    levels: str = typer.Option(
        "baseline", "--levels", help="Comma-separated levels to time, e.g. baseline,trm."
    ),
    json_path: Path | None = typer.Option(None, "--json", help=_JSON_HELP),
    plot: Path = typer.Option(sp.DEFAULT_PLOT, "--plot", help="Bar chart of the ratios (PNG)."),
    no_plot: bool = typer.Option(False, "--no-plot", help="Do not draw the bar chart."),
    rounds: int = typer.Option(
        sp.DEFAULT_ROUNDS, "--rounds", min=1, help="Timed calls per benchmark and variant."
    ),
    scale: int = typer.Option(1, "--scale", min=1, help="Work multiplier passed to run()."),
    pattern: str | None = typer.Option(
        None, "-k", help="Only benchmarks whose name contains this (or matches this glob)."
    ),
    processes: int = typer.Option(
        1, "--processes", min=1,
        help="Repeat the measurement in this many fresh interpreters; report the median ratio.",
    ),
) -> None:
    """Time each benchmark as CPython runs it and as compiled (pytest-benchmark, interleaved)."""
    with reported_errors(PROG):
        code = sp.run_speedup_command(
            bench, levels, json_path, None if no_plot else plot, rounds, scale, pattern,
            processes,
        )
    raise typer.Exit(code)


# --------------------------------------------------------------------------- equiv


@app.command("equiv")
def equiv_command(
    old: str = typer.Argument(..., help="The original function: OLD.py::name."),
    new: str = typer.Argument(..., help="The rewritten function: NEW.py::name."),
    json_path: Path | None = typer.Option(None, "--json", help=_JSON_HELP),
    inputs: int = typer.Option(1000, "--inputs", min=0, help="Generated inputs to execute."),
    seconds: float = typer.Option(60.0, "--seconds", min=0.0, help="Time budget for the check."),
    seed: int = typer.Option(0, "--seed", help="Seed of the input generator."),
    no_z3: bool = typer.Option(False, "--no-z3", help="Skip z3; execution only."),
    z3_timeout: float = typer.Option(2.0, "--z3-timeout", min=0.01, help="Seconds per z3 query."),
    loop_bound: int = typer.Option(4, "--loop-bound", min=0, help="Loop unrolling bound for z3."),
    call_timeout: float = typer.Option(
        2.0, "--call-timeout", min=0.01, help="Seconds per call before it counts as a hang."
    ),
    strict: bool = typer.Option(False, "--strict", help="Exception messages must match too."),
    workers: int = typer.Option(1, "--workers", min=1, help="Sandbox worker processes."),
) -> None:
    """Are two functions equivalent (DESIGN §4)? z3 and differential execution, side by side."""
    options = eq.EquivOptions(
        inputs=inputs, seconds=seconds, seed=seed, use_z3=not no_z3, z3_timeout_s=z3_timeout,
        loop_bound=loop_bound, call_timeout_s=call_timeout, strict=strict, workers=workers,
    )
    with reported_errors(PROG):
        code = eq.run_equiv_command(old, new, options, json_path)
    raise typer.Exit(code)


# --------------------------------------------------------------------------- verify


@app.command("verify")
def verify_command(
    src: Path = typer.Argument(..., help="The Python source file to compile and verify."),
    opt: str = typer.Option("baseline", "--opt", help="Optimization level to verify."),
    passes: list[str] = typer.Option(
        [], "--pass", help="A plugin pass to put under test, module:attr (repeatable)."
    ),
    timeout: float = typer.Option(2.0, "--timeout", min=0.01, help="Seconds per z3 query."),
    bound: int = typer.Option(4, "--bound", min=0, help="Loop unrolling bound."),
    json_path: Path | None = typer.Option(None, "--json", help=_JSON_HELP),
) -> None:
    """Prove each function the optimizer changed equivalent to the original (z3), replaying
    every counterexample by execution.  Exit 1 on a confirmed miscompile."""
    with reported_errors(PROG):
        settings = hv.parse_settings(opt, passes, timeout, bound)
        code = hv.run_verify_command(src, settings, json_path)
    raise typer.Exit(code)


# --------------------------------------------------------------------------- fuzz


@app.command("fuzz")
def fuzz_command(
    seconds: float | None = typer.Option(None, "--seconds", min=0.001, help="Time budget (s)."),
    programs: int | None = typer.Option(
        None, "--programs", min=0, help="Program budget (default 100 without --seconds)."
    ),
    stop_after: int | None = typer.Option(
        None, "--stop-after", min=1, help="Stop searching once this many findings are in."
    ),
    seed: int = typer.Option(0, "--seed", help="Base seed: program i uses seed S+i."),
    generator: str = typer.Option("typed", "--generator", help="typed, hypothesmith or mutate."),
    policy: str = typer.Option(
        "default", "--policy", help="Typed generator policy preset, or 'swarm' (one per seed)."
    ),
    corpus: list[str] = typer.Option(
        [], "--corpus", help="What --generator mutate mutates: a .py file or directory, or "
                             "'stdlib' (repeatable; default corpora/patterns)."
    ),
    passes: list[str] = typer.Option(
        [], "--pass", help="A plugin pass to put under test, module:attr (repeatable)."
    ),
    workers: int = typer.Option(1, "--workers", min=1, help="Worker processes."),
    scheduler: str | None = typer.Option(
        None, "--scheduler", help="Dask scheduler address: distribute over that cluster."
    ),
    dask: bool = typer.Option(
        False, "--dask", help="Start a local Dask cluster of --workers processes."
    ),
    level: str = typer.Option("baseline", "--level", help="Optimization level under test."),
    out: Path | None = typer.Option(
        None, "--out", help="Where reduced failures are saved (default corpora/regressions; "
                            "with --pass: results/fuzz-regressions)."
    ),
    no_reduce: bool = typer.Option(False, "--no-reduce", help="Blame findings, do not reduce."),
    no_run: bool = typer.Option(
        False, "--no-run", help="Compile only: robustness of the front end, optimizer, codegen."
    ),
    z3: bool = typer.Option(
        False, "--z3", help="Also prove each optimized function equivalent with z3 (slower)."
    ),
    time_limit: float = typer.Option(
        5.0, "--time-limit", min=0.01, help="Seconds one program run may take in the sandbox."
    ),
    json_path: Path | None = typer.Option(None, "--json", help=_JSON_HELP),
) -> None:
    """A fuzzing campaign: generate, compile, run, compare; reduce, blame and save findings.
    Exit 1 on any miscompile, crash or internal error."""
    from harness import campaign as cp

    with reported_errors(PROG):
        config = cp.CampaignConfig(
            programs=programs if programs is not None or seconds is not None else 100,
            seconds=seconds, stop_after=stop_after, seed=seed, generator=generator,
            policy=policy, level=level,
            passes=tuple(passes), workers=workers, scheduler=scheduler, dask=dask,
            out_dir=out if out is not None else cp.default_out_dir(tuple(passes)),
            reduce=not no_reduce, time_limit_s=time_limit, z3=z3, run=not no_run,
            mutate_corpus=tuple(corpus) or cp.DEFAULT_MUTATE_CORPUS,
        )
        code = cp.run_fuzz_command(config, json_path)
    raise typer.Exit(code)


# --------------------------------------------------------------------------- report


@app.command("report")
def report_command(
    results: Path = typer.Option(Path("results"), "--results", help="Directory of JSON results."),
    out: list[Path] = typer.Option(
        [], "--out", help="Report file, .md or .html (repeatable; default results/report.md "
                          "and results/report.html)."
    ),
) -> None:
    """Assemble the JSON results into one Markdown/HTML report with plots."""
    from harness import report as rp

    with reported_errors(PROG):
        code = rp.run_report_command(results, out)
    raise typer.Exit(code)


def main(argv: Sequence[str] | None = None) -> int:
    """Console-script entry point (``trm-harness``)."""
    return run_app(app, PROG, argv)


if __name__ == "__main__":
    sys.exit(main())
