"""The benchmark corpus (corpora/benchmarks) and ``trm-harness speedup``.

Each benchmark must check itself under CPython and give the very same result compiled at
levels none and baseline; the command is run end to end on tiny benchmarks written here, and
its miscompile path is exercised by swapping in a variant that answers differently.
"""

from __future__ import annotations

import ast
import json
import types
from pathlib import Path
from typing import Any

import pytest

from harness import cli as harness_cli
from harness import guard_ceiling
from harness import speedup as sp
from harness.equivalence.outcome import canonical_repr
from trm_agent.agent import TRMAgent
from trm_agent.cli import CliError
from trm_agent.loader import load

BENCH_DIR = Path(__file__).resolve().parent.parent / "corpora" / "benchmarks"
BENCH_FILES = sorted(p for p in BENCH_DIR.glob("*.py") if not p.name.startswith("_"))

TINY_SUM = '''\
"""Tiny: a sum of squares."""


def square(n):
    return n * n


def run(scale: int = 1) -> object:
    return sum(square(i) for i in range(200 * scale))


def check(result) -> None:
    assert result == 2646700, result
'''

TINY_WORDS = '''\
"""Tiny: word lengths."""


class Counter:
    def __init__(self):
        self.total = 0

    def add(self, word):
        self.total += len(word)


def run(scale: int = 1) -> object:
    c = Counter()
    for word in ("alpha beta gamma " * (20 * scale)).split():
        c.add(word)
    return c.total


def check(result) -> None:
    assert result == 280, result
'''


def call(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = harness_cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line_error(err: str, *fragments: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert lines[0].startswith("trm-harness: error: "), err
    for fragment in fragments:
        assert fragment in lines[0], err


@pytest.fixture
def tiny_bench(tmp_path: Path) -> Path:
    root = tmp_path / "bench"
    root.mkdir()
    (root / "tiny_sum.py").write_text(TINY_SUM, encoding="utf-8")
    (root / "tiny_words.py").write_text(TINY_WORDS, encoding="utf-8")
    (root / "_helpers.py").write_text("X = 1\n", encoding="utf-8")  # not a benchmark
    return root


# --------------------------------------------------------------------------- the corpus


def test_corpus_has_the_promised_benchmarks() -> None:
    names = {p.stem for p in BENCH_FILES}
    assert len(names) >= 16
    for expected in ("nbody", "spectral_norm", "fannkuch", "nqueens", "richards", "raytrace",
                     "bytecode_vm", "tokenizer", "json_dump", "wordcount", "matmul", "intmath",
                     "oop_shapes", "generators", "comprehensions", "mandelbrot", "hashing"):
        assert expected in names


@pytest.mark.parametrize("path", BENCH_FILES, ids=lambda p: p.stem)
def test_benchmark_file_follows_the_contract(path: Path) -> None:
    """Docstring, only defs/classes/imports/constants at top level, run(scale=1) and check."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), "a benchmark says what it stresses"
    allowed = (ast.FunctionDef, ast.ClassDef, ast.Import, ast.ImportFrom, ast.Assign, ast.Expr)
    for node in tree.body:
        assert isinstance(node, allowed), f"line {node.lineno}: {type(node).__name__}"
        if isinstance(node, ast.Expr):
            assert isinstance(node.value, ast.Constant), f"line {node.lineno}: top-level call"
    functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
    run_args = functions["run"].args
    assert [a.arg for a in run_args.args] == ["scale"]
    assert isinstance(run_args.defaults[0], ast.Constant) and run_args.defaults[0].value == 1
    assert "check" in functions


@pytest.mark.parametrize("path", BENCH_FILES, ids=lambda p: p.stem)
def test_every_benchmark_function_is_lowered(path: Path) -> None:
    agent = TRMAgent.load()
    module = agent.translate_ast(agent.parse_module(path.read_text(encoding="utf-8"), str(path)))
    blocked = [(f.qualname, f.blockers[0].construct if f.blockers else "?")
               for f in module.functions if not f.lowered]
    assert blocked == []


@pytest.mark.parametrize("path", BENCH_FILES, ids=lambda p: p.stem)
def test_benchmark_checks_itself_and_compiles_to_the_same_result(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    name = f"trm_bench_{path.stem}"
    original = load(source, str(path), "original", name=name)
    expected = original.run()
    original.check(expected)
    for opt in ("none", "baseline"):
        compiled = load(source, str(path), "compiled", name=name, opt=opt)
        result = compiled.run()
        assert canonical_repr(result) == canonical_repr(expected), opt
        compiled.check(result)


def test_a_wrong_result_fails_the_benchmarks_own_check() -> None:
    """check() must be able to fail, or the corpus would not check anything."""
    path = BENCH_DIR / "fannkuch.py"
    module = load(path.read_text(encoding="utf-8"), str(path), "original", name="trm_bench_f")
    with pytest.raises(AssertionError):
        module.check((0, 0))


# --------------------------------------------------------------------------- pure helpers


def test_compare_results_uses_design_section_4_equality() -> None:
    reference = sp.Observed((1.0, [2, "x"]))
    observed = {
        "noise": sp.Observed((1.0, [2, "x"])),
        "none": sp.Observed((1, [2, "x"])),  # int where CPython gave a float
        "baseline": sp.Observed(error="ZeroDivisionError: division by zero"),
    }
    mismatches = sp.compare_results("demo", reference, observed)
    assert [(m.benchmark, m.variant) for m in mismatches] == [("demo", "none"),
                                                             ("demo", "baseline")]
    assert mismatches[1].got == "raised ZeroDivisionError: division by zero"
    assert "MISCOMPILE demo [none]" in mismatches[0].line()


def test_compare_results_signed_zero_and_nan() -> None:
    nan = float("nan")
    assert sp.compare_results("b", sp.Observed(nan), {"x": sp.Observed(nan)}) == []
    assert len(sp.compare_results("b", sp.Observed(0.0), {"x": sp.Observed(-0.0)})) == 1


def test_observe_keeps_the_exception_as_the_outcome() -> None:
    assert sp.observe(lambda: 3) == sp.Observed(3)
    assert sp.observe(lambda: [][0]).error == "IndexError: list index out of range"


def test_compile_summary_says_when_the_compiler_changed_nothing() -> None:
    """A ratio measured on byte-identical code is timing noise, and the report says so."""
    unchanged = "def run(scale=1):\n    return [scale]\n"
    changed = ("def run(scale=1):\n    t = 0\n    for i in range(10 * scale):\n"
               "        t += i ** 2\n    return t\n")
    for source, expected in ((unchanged, True), (changed, False)):
        bench = sp.Benchmark("b", Path("b.py"), source)
        assert sp.compile_summary(bench, "baseline")["unchanged"] is expected, source


def test_parse_levels() -> None:
    assert sp.parse_levels("baseline") == ("baseline",)
    assert sp.parse_levels(" baseline , trm,baseline") == ("baseline", "trm")
    with pytest.raises(CliError, match="unknown optimization level 'fast'"):
        sp.parse_levels("baseline,fast")
    with pytest.raises(CliError, match="no optimization level"):
        sp.parse_levels(" , ")


def test_name_matches_substring_or_glob() -> None:
    assert sp.name_matches("spectral_norm", "norm")
    assert not sp.name_matches("nbody", "norm")
    assert sp.name_matches("nbody", "n*")
    assert not sp.name_matches("spectral_norm", "n*")
    assert sp.name_matches("anything", None)


def test_geomean() -> None:
    assert sp.geomean([2.0, 0.5]) == pytest.approx(1.0)
    assert sp.geomean([4.0, None, 1.0]) == pytest.approx(2.0)
    assert sp.geomean([None]) is None


def fake_run(name: str, variants: list[str]) -> sp.BenchRun:
    modules = {v: types.ModuleType(f"{name}_{v}") for v in variants}
    for module in modules.values():
        module.run = lambda scale: scale  # type: ignore[attr-defined]
    return sp.BenchRun(sp.Benchmark(name, Path(f"{name}.py"), ""), modules)


def test_cases_are_interleaved_round_robin_and_rotated() -> None:
    a = fake_run("a", ["original", "noise", "baseline"])
    b = fake_run("b", ["original", "noise", "baseline"])
    b.mismatches = [sp.Mismatch("b", "baseline", "1", "2")]  # a miscompile is never timed
    cases = sp.build_cases([a, b], rounds=2, scale=3)
    order = [(c.round, c.benchmark, c.variant) for c in cases]
    assert order == [
        (0, "a", "original"), (0, "a", "noise"), (0, "a", "baseline"),
        (0, "b", "original"), (0, "b", "noise"),
        (1, "a", "noise"), (1, "a", "baseline"), (1, "a", "original"),
        (1, "b", "noise"), (1, "b", "original"),
    ]
    assert {c.scale for c in cases} == {3}
    assert cases[0].test_id == "r0-a-original"


def test_ratios_and_noise_floor_from_timings() -> None:
    a = fake_run("a", ["original", "noise", "baseline"])
    a.process_times = [{"original": [2.0, 9.0, 3.0], "noise": [2.5, 2.2, 2.2],
                        "baseline": [1.5, 1.0, 1.0]}]
    b = fake_run("b", ["original", "noise", "baseline"])
    b.process_times = [{"original": [1.0], "noise": [1.0], "baseline": [2.0]}]
    report = sp.SpeedupReport([a, b], ("baseline",), rounds=3, scale=1, timer="perf_counter")
    assert a.ratio("baseline") == pytest.approx(2.0)  # the fastest rounds: 2.0 / 1.0
    assert report.geomean("baseline") == pytest.approx(1.0)
    floor = report.noise_floor()
    assert floor["max_deviation"] == pytest.approx(1 - 2.0 / 2.2)
    data = report.as_json()
    assert data["geomean_trm"] is None
    assert data["benchmarks"][1]["speedup_baseline"] == pytest.approx(0.5)
    assert data["benchmarks"][1]["speedup_trm"] is None
    assert data["benchmarks"][0]["times"]["original"] == {"median": 3.0, "min": 2.0,
                                                          "rounds": [2.0, 9.0, 3.0]}
    assert data["statistic"] == "min"
    assert data["processes"] == 1
    assert data["benchmarks"][0]["process_ratios"]["baseline"] == [pytest.approx(2.0)]


def test_ratios_are_the_median_over_processes_of_each_process_ratio() -> None:
    """A process whose layout made everything slower must not move the figure."""
    a = fake_run("a", ["original", "noise", "baseline"])
    a.process_times = [
        {"original": [2.0, 2.5], "noise": [2.0], "baseline": [1.0, 1.2]},   # 2.0x
        {"original": [4.0], "noise": [4.4], "baseline": [2.5]},             # 1.6x, all slow
        {"original": [2.2], "noise": [2.1], "baseline": [1.0]},             # 2.2x
    ]
    assert a.process_ratios("baseline") == [pytest.approx(2.0), pytest.approx(1.6),
                                            pytest.approx(2.2)]
    assert a.ratio("baseline") == pytest.approx(2.0)
    assert a.ratio("noise") == pytest.approx(1.0)  # median of 1.0, 0.91, 1.05
    assert a.seconds("original") == pytest.approx(2.2)  # median of 2.0, 4.0, 2.2
    assert a.times["original"] == [2.0, 2.5, 4.0, 2.2]
    report = sp.SpeedupReport([a], ("baseline",), rounds=2, scale=1, timer="t", processes=3)
    data = report.as_json()
    assert data["processes"] == 3
    assert data["benchmarks"][0]["process_ratios"]["noise"] == [
        pytest.approx(1.0), pytest.approx(4.0 / 4.4), pytest.approx(2.2 / 2.1)]
    assert "median of 3 processes" in sp.speedup_table(report).title


def test_parse_benchmark_json_groups_rounds_per_variant() -> None:
    entry: dict[str, Any] = {"options": {"timer": "perf_counter"}, "stats": {"min": 0.5},
                             "extra_info": {"benchmark": "a", "variant": "noise", "round": 0}}
    second = entry | {"stats": {"min": 0.25}}
    timings = sp.parse_benchmark_json({"benchmarks": [entry, second]})
    assert timings.seconds == {("a", "noise"): [0.5, 0.25]}
    assert timings.timer == "perf_counter"


# --------------------------------------------------------------------------- the command


@pytest.mark.benchmark
def test_speedup_end_to_end_on_tiny_benchmarks(
    tiny_bench: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report, plot = tmp_path / "speedup.json", tmp_path / "plots" / "speedup.png"
    code, out, err = call(capsys, "speedup", "--bench", str(tiny_bench), "--rounds", "2",
                          "--json", str(report), "--plot", str(plot))
    assert code == 0, err
    assert "Traceback" not in err
    assert "tiny_sum" in out and "geomean" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    for key in ("geomean_baseline", "geomean_trm", "noise_floor", "timer", "rounds",
                "benchmarks"):
        assert key in data
    assert data["rounds"] == 2 and data["geomean_trm"] is None
    assert data["geomean_baseline"] > 0
    assert set(data["noise_floor"]) == {"geomean", "max_deviation"}
    assert [b["name"] for b in data["benchmarks"]] == ["tiny_sum", "tiny_words"]
    for bench in data["benchmarks"]:
        for key in ("name", "speedup_baseline", "speedup_trm", "noise", "identical"):
            assert key in bench
        assert bench["identical"] is True
        assert bench["speedup_baseline"] > 0 and bench["speedup_trm"] is None
        assert {v: len(t["rounds"]) for v, t in bench["times"].items()} == {
            "original": 2, "noise": 2, "baseline": 2}
        assert bench["decisions"]["baseline"]["functions"] >= 1
    assert plot.read_bytes().startswith(b"\x89PNG")
    assert data["plot"] == str(plot)


@pytest.mark.benchmark
def test_speedup_in_fresh_processes_reports_each_process(
    tiny_bench: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = tmp_path / "speedup.json"
    code, out, err = call(capsys, "speedup", "--bench", str(tiny_bench), "--rounds", "2",
                          "--processes", "2", "--json", str(report), "--no-plot")
    assert code == 0, err
    assert "median of 2 processes" in out
    data = json.loads(report.read_text(encoding="utf-8"))
    assert data["processes"] == 2
    for bench in data["benchmarks"]:
        ratios = bench["process_ratios"]["baseline"]
        assert len(ratios) == 2
        assert bench["speedup_baseline"] == pytest.approx(sum(ratios) / 2)  # median of two
        assert {v: len(t["rounds"]) for v, t in bench["times"].items()} == {
            "original": 4, "noise": 4, "baseline": 4}
        assert bench["identical"] is True
        assert bench["decisions"]["baseline"]["functions"] >= 1


@pytest.mark.benchmark
def test_a_variant_with_a_different_result_is_a_miscompile(
    tiny_bench: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A correct compiler cannot miscompile on demand, so the baseline module is swapped."""
    real_load = sp.load_variants

    def load_with_a_wrong_baseline(bench: sp.Benchmark, levels: Any) -> dict[str, Any]:
        modules = real_load(bench, levels)
        if bench.name == "tiny_sum":
            wrong = types.ModuleType("wrong")
            wrong.run = lambda scale=1: 2646701  # type: ignore[attr-defined]
            modules["baseline"] = wrong
        return modules

    monkeypatch.setattr(sp, "load_variants", load_with_a_wrong_baseline)
    report = tmp_path / "speedup.json"
    code, out, err = call(capsys, "speedup", "--bench", str(tiny_bench), "--rounds", "1",
                          "--json", str(report), "--no-plot")
    assert code == 1
    assert "MISCOMPILE tiny_sum [baseline]" in out
    assert "miscompile" in err
    data = json.loads(report.read_text(encoding="utf-8"))
    by_name = {b["name"]: b for b in data["benchmarks"]}
    assert by_name["tiny_sum"]["identical"] is False
    assert by_name["tiny_sum"]["speedup_baseline"] is None  # never timed
    assert by_name["tiny_sum"]["mismatches"][0]["got"] == "2646701"
    assert by_name["tiny_words"]["identical"] is True
    assert data["identical"] is False and data["exit_code"] == 1 and data["plot"] is None


def test_a_compiler_crash_is_reported_not_raised(
    tiny_bench: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import trm_agent.loader

    real_load = trm_agent.loader.load

    def exploding_load(source: str, filename: str, mode: str, **kwargs: Any) -> types.ModuleType:
        if mode == "compiled":
            raise RuntimeError("codegen exploded")
        return real_load(source, filename, mode, **kwargs)

    monkeypatch.setattr(trm_agent.loader, "load", exploding_load)
    code, out, err = call(capsys, "speedup", "--bench", str(tiny_bench), "--rounds", "1",
                          "--no-plot", "-k", "tiny_sum")
    assert code == 1
    assert "Traceback" not in err
    assert "MISCOMPILE tiny_sum [baseline]" in out and "codegen exploded" in out


def test_missing_bench_directory_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = call(capsys, "speedup", "--bench", str(tmp_path / "nope"), "--no-plot")
    assert code == 2
    assert_one_line_error(err, "no such benchmark directory")


def test_directory_without_benchmarks_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "helper.py").write_text("def f():\n    return 1\n", encoding="utf-8")
    code, _, err = call(capsys, "speedup", "--bench", str(tmp_path), "--no-plot")
    assert code == 2
    assert_one_line_error(err, "no benchmarks found")


def test_pattern_matching_nothing_is_an_input_error(
    tiny_bench: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = call(capsys, "speedup", "--bench", str(tiny_bench), "-k", "zzz", "--no-plot")
    assert code == 2
    assert_one_line_error(err, "no benchmark matches -k 'zzz'")


def test_unknown_level_is_an_input_error(
    tiny_bench: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = call(capsys, "speedup", "--bench", str(tiny_bench), "--levels", "turbo",
                        "--no-plot")
    assert code == 2
    assert_one_line_error(err, "unknown optimization level 'turbo'", "--levels")


def test_unavailable_level_is_an_input_error(
    tiny_bench: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def not_yet(self: TRMAgent, source: Any, filename: str = "", opt: str = "none",
                skip: frozenset[str] = frozenset()) -> Any:
        raise NotImplementedError(f"optimization level {opt!r} is not available yet")

    monkeypatch.setattr(TRMAgent, "compile_source", not_yet)
    code, _, err = call(capsys, "speedup", "--bench", str(tiny_bench), "--levels", "trm",
                        "--no-plot")
    assert code == 2
    assert_one_line_error(err, "'trm' is not available yet")


def test_nondeterministic_benchmark_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "flaky.py").write_text(
        "import random\n\n\ndef run(scale=1):\n    return random.random()\n", encoding="utf-8")
    code, _, err = call(capsys, "speedup", "--bench", str(tmp_path), "--no-plot")
    assert code == 2
    assert_one_line_error(err, "not deterministic", "flaky.py")


def test_benchmark_whose_check_rejects_cpython_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "wrong.py").write_text(
        "def run(scale=1):\n    return 1\n\n\ndef check(result):\n    assert result == 2\n",
        encoding="utf-8")
    code, _, err = call(capsys, "speedup", "--bench", str(tmp_path), "--no-plot")
    assert code == 2
    assert_one_line_error(err, "check() rejects CPython's own result", "wrong.py")


def test_json_directory_must_exist_before_timing(
    tiny_bench: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = call(capsys, "speedup", "--bench", str(tiny_bench), "--no-plot",
                        "--json", str(tmp_path / "missing" / "out.json"))
    assert code == 2
    assert_one_line_error(err, "JSON report's directory does not exist")


@pytest.mark.slow
@pytest.mark.benchmark
def test_speedup_over_the_whole_corpus(tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "speedup.json"
    code, _, err = call(capsys, "speedup", "--bench", str(BENCH_DIR), "--rounds", "3",
                        "--json", str(report), "--plot", str(tmp_path / "speedup.png"))
    assert code == 0, err
    data = json.loads(report.read_text(encoding="utf-8"))
    assert len(data["benchmarks"]) == len(BENCH_FILES)
    assert all(b["identical"] for b in data["benchmarks"])
    assert data["geomean_baseline"] is not None


# --------------------------------------------------------------------------- guard ceiling


def test_unguard_takes_every_identity_guard_and_nothing_else() -> None:
    text = ("def f(a, b):\n"
            "    if g is __trm_F_g__:\n        x = 1\n    else:\n        x = g()\n"
            "    if a is b:\n        x = 2\n"
            "    if _t_1 is __trm_range__:\n        pass\n"
            "    if a is __trm_F_g__ and b:\n        x = 3\n"
            "    return x\n")
    unguarded, count = guard_ceiling.unguard(text)
    assert count == 2
    assert unguarded.count("if True:") == 2
    assert "    if a is b:\n" in unguarded  # not a guard
    assert "if a is __trm_F_g__ and b:" in unguarded  # not the guard shape codegen writes
    compile(unguarded, "f.py", "exec")


def test_guard_ceiling_times_the_three_variants_of_a_guarded_benchmark(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    report = tmp_path / "ceiling.json"
    assert guard_ceiling.main(["-k", "spectral_norm", "--rounds", "1",
                               "--json", str(report)]) == 0
    data = json.loads(report.read_text(encoding="utf-8"))
    (row,) = data["benchmarks"]
    assert row["name"] == "spectral_norm" and row["guards"] > 10
    assert row["baseline"] > 0 and row["unguarded"] > 0
    assert data["geomean_unguarded"] == pytest.approx(row["unguarded"])
    # spectral_norm's calls are all inlined but for run, dot, and the generator dot's zip feeds
    assert row["calls"]["module function"] >= 2 and row["calls"]["__init__"] == 0
    assert row["unguarded"] <= row["function_free"] <= row["call_free"]
    assert set(data["call_price_seconds"]) == set(guard_ceiling.CALL_KINDS)
    out = capsys.readouterr().out
    assert "unguarded" in out and "function-free" in out and "one call costs" in out
    assert data["call_cost_seconds"]["method guard"] >= 0.0


CALL_MIX = '''\
class Box:
    def __init__(self, v):
        self.v = v

    def get(self):
        return self.v


def double(x):
    return 2 * x


def evens(n):
    for i in range(n):
        yield 2 * i


def run(scale=1):
    def inner(x):
        return x
    total = sum(evens(3))
    for i in range(4):
        total += double(i) + Box(i).get() + inner(i)
    return total
'''


def test_count_calls_sorts_each_call_by_kind(tmp_path: Path) -> None:
    path = tmp_path / "mix.py"
    module = load(CALL_MIX, str(path), "original", name="mix")
    counts = guard_ceiling.count_calls(module, str(path))
    # run + 4 double; 4 get + 4 inner; 4 __init__; evens: start, 3 resumptions, the last one
    assert counts == {"module function": 5, "other call": 8, "__init__": 4, "generator": 4}
    other_file = guard_ceiling.count_calls(module, str(tmp_path / "elsewhere.py"))
    assert other_file["module function"] == 0 and other_file["other call"] == 13


def test_guard_ceiling_combines_processes_by_their_median() -> None:
    costs = {"function": 1.0, "method": 1.0, "__init__": 1.0, "generator": 1.0}

    def report(ratio: float, cost: float) -> dict[str, object]:
        row = {"name": "b", "guards": 1, "calls": {}} | dict.fromkeys(guard_ceiling.RATIOS, ratio)
        return guard_ceiling.summarise([row], 5, dict.fromkeys(costs, cost), 1)

    combined = guard_ceiling.combine([report(1.0, 3.0), report(9.0, 1.0), report(1.2, 2.0)])
    (row,) = combined["benchmarks"]
    assert row["unguarded"] == 1.2 and row["process_unguarded"] == [1.0, 9.0, 1.2]
    assert combined["geomean_call_free"] == pytest.approx(1.2)
    assert combined["processes"] == 3 and combined["call_cost_seconds"]["method"] == 2.0


def test_call_free_takes_each_kind_at_its_price() -> None:
    price = {"module function": 2.0, "other call": 3.0, "__init__": 5.0, "generator": 7.0}
    calls = {"module function": 1, "other call": 1, "__init__": 1, "generator": 1}
    assert guard_ceiling.call_free(40.0, 30.0, calls, price) == pytest.approx(40.0 / 13.0)
    assert guard_ceiling.call_free(40.0, 30.0, {"generator": 1}, price) == pytest.approx(40 / 23)
    assert guard_ceiling.call_free(40.0, 30.0, {"__init__": 6}, price) == float("inf")
    assert guard_ceiling.prices({"function": 1.0, "method": 4.0, "__init__": 2.0,
                                 "generator": 3.0}) == {
        "module function": 4.0, "other call": 4.0, "__init__": 2.0, "generator": 3.0}


def test_guard_ceiling_rejects_bad_input(tmp_path: Path,
                                         capsys: pytest.CaptureFixture[str]) -> None:
    assert guard_ceiling.main(["--bench", str(tmp_path / "nope")]) == 2
    assert "no such benchmark directory" in capsys.readouterr().err
    assert guard_ceiling.main(["--rounds", "0"]) == 2
    assert guard_ceiling.main(["--processes", "0"]) == 2
    assert "--processes must be at least 1" in capsys.readouterr().err


def test_guard_ceiling_reports_a_failing_benchmark_as_input(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "broken.py").write_text("def run(scale=1):\n    return 1 / 0\n", encoding="utf-8")
    assert guard_ceiling.main(["--bench", str(tmp_path), "--rounds", "1"]) == 2
    err = capsys.readouterr().err
    assert "ZeroDivisionError" in err and "broken.py" in err and "Traceback" not in err
