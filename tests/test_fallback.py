"""The fallback contract (DESIGN §5): every reason code is triggered here, and each test checks
the decision, the incident log entry and that the program still behaves exactly as written."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from trm_agent import fallback
from trm_agent.agent import CompileResult, TRMAgent
from trm_agent.ir.core import Function, Op, Value
from trm_agent.ir.opdefs import OPS
from trm_agent.optimize import Options, TrustingVerifier, Verdict
from trm_agent.passes import PassManager, baseline_passes
from trm_agent.passes.manager import PassContext

PROGRAM = textwrap.dedent("""
    def square(x):
        return x * x

    def total(n):
        s = 0
        for i in range(n):
            s += square(i)
        return s
""")


def run(source: str, name: str, *args: Any) -> Any:
    namespace: dict[str, Any] = {"__name__": "prog"}
    exec(compile(source, "prog.py", "exec"), namespace)
    return namespace[name](*args)


def compile_with(tmp_path: Path, options: Options, source: str = PROGRAM,
                 level: str = "baseline", skip: frozenset[str] = frozenset()) -> CompileResult:
    options.incidents = tmp_path / "incidents.jsonl"
    result = TRMAgent.load().compile_source(source, "prog.py", opt=level, skip=skip,
                                            options=options)
    assert result.source is not None
    assert run(result.source, "total", 7) == run(source, "total", 7) == 91
    return result


def decision(result: CompileResult, qualname: str) -> fallback.Decision:
    return next(d for d in result.decisions if d.qualname == qualname)


def incidents(tmp_path: Path) -> list[dict[str, Any]]:
    path = tmp_path / "incidents.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def assert_fell_back(tmp_path: Path, result: CompileResult, qualname: str, reason: str,
                     level: str) -> None:
    d = decision(result, qualname)
    assert (d.reason, d.level_used) == (reason, level), d
    logged = [i for i in incidents(tmp_path) if i["qualname"] == qualname]
    assert logged and logged[-1]["reason"] == reason and logged[-1]["level_used"] == level


class AddsWork:
    """A correct but useless pass: it makes the code more expensive."""

    name = "adds-work"
    rules = ("adds-work",)

    def run(self, fn: Function, ctx: PassContext) -> int:
        ret = fn.body.ops[-1]
        for _ in range(5):
            const = Op(OPS["py.const"], [], [Value()], {"value": 1}, [], ret.loc)
            load = Op(OPS["py.global.load"], [], [Value()], {"name": "len"}, [], ret.loc)
            fn.body.ops[-1:-1] = [const, load]
            const.parent = load.parent = fn.body
        ctx.applied("adds-work")
        return 1


class Explodes:
    name = "explodes"
    rules = ()

    def run(self, fn: Function, ctx: PassContext) -> int:
        raise RuntimeError("a bug in a pass")


class Breaks:
    """Leaves IR the verifier rejects (a use of a value defined nowhere)."""

    name = "breaks"
    rules = ("breaks",)

    def run(self, fn: Function, ctx: PassContext) -> int:
        ret = fn.body.ops[-1]
        ret.operands = [Value()]
        ctx.applied("breaks")
        return 1


class Refuter:
    def check(self, original: Function, optimized: Function, rules: Any) -> Verdict:
        return Verdict("REFUTED", False, "counterexample: x = 3")


def test_unsupported_construct_keeps_the_original_function(tmp_path: Path) -> None:
    source = PROGRAM + "\nasync def agen():\n    yield 1\n"
    result = compile_with(tmp_path, Options(), source)
    assert_fell_back(tmp_path, result, "agen", fallback.UNSUPPORTED_CONSTRUCT, "original")
    assert "async def agen():\n    yield 1" in result.source  # type: ignore[operator]


def test_codegen_error_keeps_the_original_function(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from trm_agent import codegen

    real = OPS["py.binop"].codegen

    def failing(e: Any, op: Op) -> None:
        if op.attrs["op"] == "*":  # only square's body multiplies
            raise codegen.CodegenError("cannot express this shape")
        assert real is not None
        real(e, op)

    monkeypatch.setattr(OPS["py.binop"], "codegen", failing)
    result = compile_with(tmp_path, Options(), level="none")
    assert_fell_back(tmp_path, result, "square", fallback.CODEGEN_ERROR, "original")
    assert "return x * x" in (result.source or "")


def test_verify_refuted_falls_back_to_the_level_below(tmp_path: Path) -> None:
    result = compile_with(tmp_path, Options(verifier=Refuter()))
    assert_fell_back(tmp_path, result, "total", fallback.VERIFY_REFUTED, "none")


def test_an_unproven_rewrite_is_verify_unknown(tmp_path: Path) -> None:
    manager = PassManager([*baseline_passes(), AddsWork()])
    result = compile_with(tmp_path, Options(manager=manager))
    assert_fell_back(tmp_path, result, "total", fallback.VERIFY_UNKNOWN, "none")
    assert "adds-work" in incidents(tmp_path)[-1]["detail"]


def test_a_version_the_cost_model_prices_higher_is_slower_than_baseline(tmp_path: Path) -> None:
    manager = PassManager([AddsWork()])
    result = compile_with(tmp_path, Options(manager=manager, verifier=TrustingVerifier()))
    assert_fell_back(tmp_path, result, "total", fallback.SLOWER_THAN_BASELINE, "none")


def test_a_pipeline_over_its_budget_times_out(tmp_path: Path) -> None:
    result = compile_with(tmp_path, Options(budget_s=0.0))
    assert_fell_back(tmp_path, result, "total", fallback.TIMEOUT, "none")


def test_a_crashing_pass_is_an_internal_error(tmp_path: Path) -> None:
    result = compile_with(tmp_path, Options(manager=PassManager([Explodes()])))
    assert_fell_back(tmp_path, result, "total", fallback.INTERNAL_ERROR, "none")
    assert "a bug in a pass" in incidents(tmp_path)[-1]["detail"]


def test_invalid_ir_from_a_pass_is_an_internal_error(tmp_path: Path) -> None:
    manager = PassManager([Breaks()])
    result = compile_with(tmp_path, Options(manager=manager, verifier=TrustingVerifier()))
    assert_fell_back(tmp_path, result, "total", fallback.INTERNAL_ERROR, "none")
    assert "invalid" in incidents(tmp_path)[-1]["detail"]


def test_the_trm_level_without_a_model_is_a_model_error_using_the_baseline(
        tmp_path: Path) -> None:
    result = compile_with(tmp_path, Options(), level="trm")
    assert_fell_back(tmp_path, result, "total", fallback.MODEL_ERROR, "baseline")


def test_functions_the_runtime_switched_back_are_skipped(tmp_path: Path) -> None:
    result = compile_with(tmp_path, Options(), skip=frozenset({"total"}))
    assert_fell_back(tmp_path, result, "total", fallback.SKIPPED_BY_REQUEST, "none")
    assert decision(result, "square").reason is None


def test_every_reason_code_has_a_test_here() -> None:
    codes = {value for name, value in vars(fallback).items()
             if name.isupper() and isinstance(value, str) and name != "LEVELS"}
    source = Path(__file__).read_text()
    tested = {code for code in codes if any(
        f"fallback.{name}" in source for name, value in vars(fallback).items() if value == code)}
    # guard-failure-rate is the runtime's: tests/test_runtime.py triggers it through real
    # counters and checks the incident and the next compile's skip list.
    assert codes - tested <= {fallback.GUARD_FAILURE_RATE}, codes - tested
