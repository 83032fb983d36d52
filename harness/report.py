"""``trm-harness report``: everything in ``results/`` as one Markdown/HTML report with plots.

The JSON files the commands write are the machine-readable truth (DESIGN §7); this module only
reads them.  A report is built as a list of blocks (headings, paragraphs, tables, images) and
rendered twice, to Markdown (plots as PNG files beside it) and to self-contained HTML (plots
embedded), so the two never disagree.  Each kind of result has its own section builder; one
that fails on a partial or unexpected file is reported as such and the rest still renders.
Files are recognised by their ``command`` key (or, for older files, by their shape).
"""

from __future__ import annotations

import base64
import html
import json
import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

__all__ = ["Report", "build_report", "load_results", "run_report_command"]

DEFAULT_OUTPUTS = ("report.md", "report.html")
TOP_CONSTRUCTS = 30


# --------------------------------------------------------------------------- blocks


@dataclass(frozen=True, slots=True)
class Heading:
    text: str
    level: int = 2


@dataclass(frozen=True, slots=True)
class Para:
    text: str


@dataclass(frozen=True, slots=True)
class Grid:
    """A table."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Plot:
    name: str  # file name of the PNG
    caption: str
    png: bytes


Block = Heading | Para | Grid | Plot


@dataclass(slots=True)
class Report:
    blocks: list[Block] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # files or sections that could not be used

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    @property
    def plots(self) -> list[Plot]:
        return [b for b in self.blocks if isinstance(b, Plot)]


# --------------------------------------------------------------------------- loading


@dataclass(frozen=True, slots=True)
class Result:
    path: Path
    kind: str
    data: dict[str, Any]


def classify(data: dict[str, Any]) -> str:
    """The command that wrote a result file."""
    command = data.get("command")
    if isinstance(command, str):
        return command
    if "kill_rate" in data and "mutants" in data:
        return "mutants"
    if "geomean_baseline" in data or "benchmarks" in data:
        return "speedup"
    if "functions_lowered" in data and "by_construct" in data:
        return "coverage"
    if "modules" in data:
        return "roundtrip"
    return "other"


def load_results(directory: Path) -> tuple[list[Result], list[str]]:
    """Every readable JSON object under ``directory`` (one level of subdirectories too)."""
    results: list[Result] = []
    problems: list[str] = []
    files = sorted(directory.glob("*.json")) + sorted(directory.glob("*/*.json"))
    for path in files:
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            problems.append(f"{path.name}: unreadable ({type(exc).__name__})")
            continue
        if not isinstance(data, dict):
            problems.append(f"{path.name}: not a JSON object")
            continue
        results.append(Result(path, classify(data), data))
    return results, problems


def incident_reasons(directory: Path) -> Counter[str]:
    """Fallback reasons in the incident log (JSON lines), skipping broken lines."""
    counts: Counter[str] = Counter()
    path = directory / "incidents.jsonl"
    if not path.is_file():
        return counts
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(record, dict) and record.get("reason"):
            counts[str(record["reason"])] += 1
    return counts


# --------------------------------------------------------------------------- plots


def _figure(draw: Callable[[Any], None], width: float = 7.0, height: float = 3.6) -> bytes:
    import io

    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(width, height))
    try:
        draw(ax)
        fig.tight_layout()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=100)
        return buffer.getvalue()
    finally:
        plt.close(fig)


def bar_plot(counts: dict[str, float], title: str, xlabel: str = "",
             horizontal: bool = True) -> bytes:
    labels, values = list(counts), list(counts.values())

    def draw(ax: Any) -> None:
        if horizontal:
            ax.barh(labels[::-1], values[::-1], color="#4477aa")
            ax.tick_params(axis="y", labelsize=7)
        else:
            ax.bar(labels, values, color="#4477aa")
            ax.tick_params(axis="x", labelrotation=30, labelsize=8)
        ax.set_title(title)
        if xlabel:
            ax.set_xlabel(xlabel)

    height = max(3.0, 0.2 * len(labels) + 1.2) if horizontal else 3.6
    return _figure(draw, height=height)


def timeline_plot(timeline: Sequence[dict[str, float]], title: str) -> bytes:
    xs = [float(p.get("seconds", 0)) for p in timeline]

    def draw(ax: Any) -> None:
        ax.plot(xs, [p.get("programs", 0) for p in timeline], color="#4477aa", label="programs")
        ax.set_xlabel("seconds")
        ax.set_ylabel("programs checked")
        twin = ax.twinx()
        twin.step(xs, [p.get("findings", 0) for p in timeline], color="#cc3311", where="post",
                  label="findings")
        twin.set_ylabel("findings")
        ax.set_title(title)

    return _figure(draw)


def histogram_plot(series: dict[str, list[float]], title: str, xlabel: str) -> bytes:
    def draw(ax: Any) -> None:
        for label, values in series.items():
            ax.hist(values, bins=min(20, max(5, len(values))), alpha=0.6, label=label)
        ax.axvline(1.0, color="black", linewidth=0.8, linestyle="--")
        ax.set_title(title)
        ax.set_xlabel(xlabel)
        ax.set_ylabel("benchmarks")
        ax.legend()

    return _figure(draw)


# --------------------------------------------------------------------------- sections


def _fmt(value: Any) -> str:
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return str(value)
        return f"{value:.3g}" if abs(value) < 1000 else f"{value:,.0f}"
    if value is None:
        return "-"
    return str(value)


def _slug(path: Path) -> str:
    return "".join(c if c.isalnum() else "-" for c in path.stem).strip("-") or "result"


def fuzz_section(report: Report, result: Result) -> None:
    d = result.data
    slug = _slug(result.path)
    keys = ("programs", "programs_per_second", "miscompiles", "crashes", "internal_errors",
            "unique_bugs", "timeouts")
    report.add(Heading(f"Fuzz campaign: {result.path.name}"),
               Grid(("metric", "value"), tuple((k, _fmt(d.get(k))) for k in keys if k in d)))
    config = d.get("config") or {}
    if config:
        report.add(Para(f"generator {config.get('generator')}, policy {config.get('policy')}, "
                        f"level {config.get('level')}, seed {config.get('seed')}, "
                        f"passes {', '.join(config.get('passes') or []) or 'none'}, "
                        f"{d.get('workers', config.get('workers'))} worker(s)"))
    findings = d.get("findings") or []
    if findings:
        rows = tuple((str(f.get("seed")), str(f.get("kind")),
                      str((f.get("reduced_blame") or f.get("blame") or {}).get("signature")
                          or f.get("signature") or "-"),
                      f"{f.get('lines')} -> {_fmt(f.get('reduced_lines'))}",
                      Path(str(f.get("saved"))).name if f.get("saved") else "-")
                     for f in findings[:30])
        report.add(Heading("Findings", 3),
                   Grid(("seed", "kind", "blame", "lines", "saved"), rows))
    timeline = d.get("timeline") or []
    if len(timeline) > 1:
        report.add(Plot(f"{slug}-timeline.png", "programs and findings over time",
                        timeline_plot(timeline, "programs over time")))
    mix = d.get("verdict_mix") or {}
    if mix:
        report.add(Plot(f"{slug}-verdicts.png", "verdict per program",
                        bar_plot(mix, "verdict mix", "programs")))
    coverage = d.get("construct_coverage") or {}
    if coverage:
        top = dict(sorted(coverage.items(), key=lambda kv: -kv[1])[:TOP_CONSTRUCTS])
        rare = sorted(coverage.items(), key=lambda kv: (kv[1], kv[0]))[:12]
        report.add(Para(f"{len(coverage)} constructs drawn by the generator; the rarest: "
                        + ", ".join(f"{k} ({v})" for k, v in rare)
                        + f". The {len(top)} most frequent:"),
                   Plot(f"{slug}-constructs.png", "construct coverage of generated programs",
                        bar_plot(top, "constructs in generated programs", "occurrences")))


def speedup_section(report: Report, result: Result) -> None:
    d = result.data
    benches = [b for b in d.get("benchmarks") or [] if isinstance(b, dict)]
    report.add(Heading(f"Speedup: {result.path.name}"),
               Grid(("metric", "value"), (("benchmarks", str(len(benches))),
                                          ("geomean baseline", _fmt(d.get("geomean_baseline"))),
                                          ("geomean trm", _fmt(d.get("geomean_trm"))))))
    series = {level: [float(b[f"speedup_{level}"]) for b in benches
                      if isinstance(b.get(f"speedup_{level}"), (int, float))]
              for level in ("baseline", "trm")}
    series = {k: v for k, v in series.items() if v}
    if series:
        report.add(Plot(f"{_slug(result.path)}-distribution.png", "speedup distribution",
                        histogram_plot(series, "speedup over CPython", "speedup (x)")))


def coverage_section(report: Report, result: Result) -> None:
    d = result.data
    report.add(Heading(f"Coverage: {result.path.name}"),
               Para(f"{d.get('functions_lowered')}/{d.get('functions_total')} functions fully "
                    f"lowered ({_fmt(100 * float(d.get('coverage') or 0))}%) in "
                    f"{d.get('files')} files."))
    blockers = d.get("by_construct") or {}
    if blockers:
        counts = {k: (v.get("functions", 0) if isinstance(v, dict) else v)
                  for k, v in list(blockers.items())[:TOP_CONSTRUCTS]}
        report.add(Plot(f"{_slug(result.path)}-blockers.png", "constructs blocking lowering",
                        bar_plot(counts, "functions blocked by construct", "functions")))


def roundtrip_section(report: Report, result: Result) -> None:
    modules = [m for m in result.data.get("modules") or [] if isinstance(m, dict)]
    rows = tuple((str(m.get("module")), "pass" if m.get("passed") else "FAIL",
                  _fmt(m.get("tests_run")), _fmt(m.get("failures")), _fmt(m.get("seconds")))
                 for m in modules)
    passed = sum(bool(m.get("passed")) for m in modules)
    report.add(Heading(f"Roundtrip: {result.path.name}"),
               Para(f"{passed}/{len(modules)} modules pass CPython's own tests when compiled "
                    f"(--opt {result.data.get('opt')})."),
               Grid(("module", "result", "tests", "failures", "seconds"), rows[:60]))


def verify_section(report: Report, result: Result) -> None:
    d = result.data
    summary = d.get("summary")
    if not isinstance(summary, dict):
        counts = Counter(str(f.get("verdict")) for f in d.get("functions") or []
                         if isinstance(f, dict))
        summary = dict(counts)
    report.add(Heading(f"Verification ({d.get('command')}): {result.path.name}"),
               Grid(("metric", "value"), tuple((str(k), _fmt(v)) for k, v in summary.items()
                                               if not isinstance(v, dict))))


def mutants_section(report: Report, result: Result) -> None:
    d = result.data
    mutants = [m for m in d.get("mutants") or [] if isinstance(m, dict)]
    rows = tuple((str(m.get("name")), "killed" if m.get("killed") else "SURVIVED",
                  _fmt(m.get("seconds")), str(m.get("program") or "-")) for m in mutants)
    report.add(Heading(f"Mutants: {result.path.name}"),
               Para(f"kill rate {_fmt(100 * float(d.get('kill_rate') or 0))}% "
                    f"({d.get('killed')}/{d.get('total')}), median "
                    f"{_fmt(d.get('median_seconds'))} s to the first difference."),
               Grid(("mutant", "result", "seconds", "program"), rows))


def equiv_section(report: Report, result: Result) -> None:
    d = result.data
    report.add(Heading(f"Equivalence: {result.path.name}"),
               Para(f"{d.get('old')} vs {d.get('new')}: {d.get('verdict')} "
                    f"({d.get('method')}, {_fmt(d.get('seconds'))} s)"))


def other_section(report: Report, result: Result) -> None:
    d = result.data
    scalars = tuple((str(k), _fmt(v)) for k, v in d.items()
                    if isinstance(v, (int, float, str, bool)) or v is None)[:20]
    report.add(Heading(f"{result.kind}: {result.path.name}"))
    if scalars:
        report.add(Grid(("key", "value"), scalars))


SECTIONS: dict[str, Callable[[Report, Result], None]] = {
    "fuzz": fuzz_section,
    "speedup": speedup_section,
    "coverage": coverage_section,
    "roundtrip": roundtrip_section,
    "verify": verify_section,
    "verify_campaign": verify_section,
    "mutants": mutants_section,
    "passes": mutants_section,
    "equiv": equiv_section,
}


def summary_rows(results: Iterable[Result]) -> tuple[tuple[str, ...], ...]:
    rows = []
    for r in results:
        code = r.data.get("exit_code")
        status = "-" if code is None else ("ok" if code == 0 else f"exit {code}")
        rows.append((r.path.name, r.kind, status))
    return tuple(rows)


def fallback_reasons(results: Iterable[Result], directory: Path) -> Counter[str]:
    """Fallback reasons from every source that records them."""
    counts = incident_reasons(directory)
    for r in results:
        for key, value in (r.data.get("fallback_reasons") or {}).items():
            counts[str(key)] += int(value)
        for bench in r.data.get("benchmarks") or []:
            for level in (bench.get("decisions") or {}).values() if isinstance(bench, dict) \
                    else ():
                for reason, n in (level.get("reasons") or {}).items():
                    counts[str(reason)] += int(n)
    return counts


def build_report(directory: Path) -> Report:
    """The report for every result in ``directory``."""
    report = Report()
    results, problems = load_results(directory)
    report.problems.extend(problems)
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    report.add(Heading("TRM-Agent harness report", 1),
               Para(f"{len(results)} result files from {directory} ({stamp})."))
    if results:
        report.add(Grid(("file", "command", "status"), summary_rows(results)))
    else:
        report.add(Para("No results yet: run the harness commands with --json results/NAME.json."))
    order = list(SECTIONS)
    for result in sorted(results, key=lambda r: (order.index(r.kind) if r.kind in order
                                                 else len(order), r.path.name)):
        section = SECTIONS.get(result.kind, other_section)
        try:
            section(report, result)
        except Exception as exc:  # noqa: BLE001 - one odd file must not lose the whole report
            report.problems.append(f"{result.path.name}: section failed "
                                   f"({type(exc).__name__}: {exc})")
    reasons = fallback_reasons(results, directory)
    if reasons:
        report.add(Heading("Fallback reasons"),
                   Plot("fallback-reasons.png", "fallback reasons (all results and incidents)",
                        bar_plot(dict(reasons.most_common()), "fallback reasons", "functions")))
    if report.problems:
        report.add(Heading("Files not used"), Para("; ".join(report.problems)))
    return report


# --------------------------------------------------------------------------- rendering


def _md_cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render_markdown(report: Report, plot_dir: str) -> str:
    out: list[str] = []
    for block in report.blocks:
        if isinstance(block, Heading):
            out.append("#" * block.level + " " + block.text)
        elif isinstance(block, Para):
            out.append(block.text)
        elif isinstance(block, Grid):
            out.append("| " + " | ".join(map(_md_cell, block.header)) + " |")
            out.append("|" + "---|" * len(block.header))
            out += ["| " + " | ".join(map(_md_cell, row)) + " |" for row in block.rows]
        else:
            out.append(f"![{block.caption}]({plot_dir}/{block.name})")
        out.append("")
    return "\n".join(out)


def render_html(report: Report) -> str:
    parts = ["<!doctype html><html><head><meta charset='utf-8'><title>TRM-Agent harness "
             "report</title><style>body{font-family:sans-serif;max-width:60em;margin:auto}"
             "table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px}"
             "img{max-width:100%}</style></head><body>"]
    for block in report.blocks:
        if isinstance(block, Heading):
            parts.append(f"<h{block.level}>{html.escape(block.text)}</h{block.level}>")
        elif isinstance(block, Para):
            parts.append(f"<p>{html.escape(block.text)}</p>")
        elif isinstance(block, Grid):
            head = "".join(f"<th>{html.escape(h)}</th>" for h in block.header)
            rows = "".join("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                           for row in block.rows)
            parts.append(f"<table><tr>{head}</tr>{rows}</table>")
        else:
            data = base64.b64encode(block.png).decode()
            parts.append(f"<figure><img alt='{html.escape(block.caption)}' "
                         f"src='data:image/png;base64,{data}'><figcaption>"
                         f"{html.escape(block.caption)}</figcaption></figure>")
    parts.append("</body></html>")
    return "\n".join(parts)


def write_report(report: Report, out: Path) -> None:
    """Markdown (with a plots directory beside it) or HTML (self-contained), by suffix."""
    from trm_agent.fsutil import atomic_write_bytes, atomic_write_text

    out.parent.mkdir(parents=True, exist_ok=True)
    if out.suffix.lower() in (".html", ".htm"):
        atomic_write_text(out, render_html(report))
        return
    plot_dir = f"{out.stem}-plots"
    if report.plots:
        (out.parent / plot_dir).mkdir(exist_ok=True)
        for plot in report.plots:
            atomic_write_bytes(out.parent / plot_dir / plot.name, plot.png)
    atomic_write_text(out, render_markdown(report, plot_dir))


def run_report_command(results: Path, outputs: Sequence[Path]) -> int:
    """``trm-harness report``: 0 once written, 2 on a missing directory or an odd suffix."""
    from trm_agent.cli import EXIT_OK, CliError

    if not results.is_dir():
        raise CliError("no such results directory", str(results),
                       "run the harness commands with --json results/NAME.json first")
    targets = list(outputs) or [results / name for name in DEFAULT_OUTPUTS]
    for target in targets:
        if target.suffix.lower() not in (".md", ".markdown", ".html", ".htm"):
            raise CliError("the report must be .md or .html", str(target), "rename --out")
    report = build_report(results)
    for target in targets:
        try:
            write_report(report, target)
        except OSError as exc:
            raise CliError(f"cannot write the report: {exc.strerror or exc}", str(target)) \
                from None
    plots = len(report.plots)
    print(f"report: {', '.join(map(str, targets))} ({plots} plots, "
          f"{len(report.problems)} files not used)")
    return EXIT_OK
