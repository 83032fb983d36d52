"""The IR interpreter: deterministic cost, and CPython's semantics on edge cases.

Cost is the noise-free training signal (DESIGN §3), so it must not depend on anything but the
program and its input.  Each edge case runs the same source natively and in the interpreter and
compares the observable outcome (value, or exception type and, where CPython's wording is
stable, its message).
"""

from __future__ import annotations

import types
from typing import Any

import pytest

from harness.equivalence.outcome import capture, compare
from trm_agent.agent import TRMAgent
from trm_agent.ir.interpreter import Interpreter
from trm_agent.loader import load

LOOP_SOURCE = '''
def work(n):
    total = 0
    i = 0
    while i < n:
        if i % 3 == 0:
            total += i * 2
        else:
            total -= 1
        i += 1
    for x in range(n):
        total = total + len([x, x])
    return total
'''


def _interpreter_run(source: str, name: str, *args: Any) -> tuple[Any, int, dict[str, int]]:
    """Run ``name`` in a fresh interpreter; the value, the cost and the per-kind op counts."""
    agent = TRMAgent.load()
    module = agent.translate_ast(agent.parse_module(source, "cost.py"))
    fn = next(f for f in module.functions if f.qualname == name)
    assert fn.lowered
    namespace: dict[str, Any] = {"__builtins__": __builtins__}
    interpreter = Interpreter(namespace)
    value = interpreter.call(fn, args)
    return value, interpreter.cost, dict(interpreter.op_counts)


def test_cost_is_deterministic() -> None:
    first = _interpreter_run(LOOP_SOURCE, "work", 12)
    second = _interpreter_run(LOOP_SOURCE, "work", 12)
    assert first == second
    assert first[1] > 0 and sum(first[2].values()) > 0


def test_cost_grows_with_trip_count() -> None:
    costs = [_interpreter_run(LOOP_SOURCE, "work", n)[1] for n in (0, 5, 10, 20)]
    assert costs == sorted(set(costs)), costs
    # Each trip executes the same ops, so cost is affine in n (up to the if arm taken).
    step_small = (costs[2] - costs[1]) / 5
    step_large = (costs[3] - costs[2]) / 10
    assert abs(step_small - step_large) <= 2


def test_op_counts_count_executed_ops_not_static_ones() -> None:
    _, _, counts = _interpreter_run(LOOP_SOURCE, "work", 6)
    assert counts["py.call"] == 6 + 1  # len() once per for-trip, plus range()
    assert counts["cf.while"] == 1 and counts["cf.for"] == 1


def test_loader_interpreter_accumulates_cost_in_its_module() -> None:
    module = load(LOOP_SOURCE, "cost.py", "interpreted")
    interpreter = module.__dict__["__trm_interpreter__"]
    assert module.work(4) == load(LOOP_SOURCE, "cost.py", "original").work(4)
    once = interpreter.cost
    module.work(4)
    assert interpreter.cost == 2 * once


EDGE_SOURCE = '''
def floordiv(a, b):
    return a // b, a % b, divmod(a, b)


def float_pow(a, b):
    return a ** b


def int_pow(a, b):
    return a ** b


def unpack2(v):
    x, y = v
    return x, y


def unpack_star(v):
    x, *rest, y = v
    return x, rest, y


def kw_twice(f):
    return f(**{"a": 1}, a=2)


def star_not_iterable(f):
    return f(*5)


def dstar_not_mapping(f):
    return f(**5)


def undefined_global():
    return not_defined_anywhere + 1


def bare_raise():
    raise


def reraise_in_handler():
    try:
        raise KeyError("inner")
    except KeyError:
        return helper_raise()


def helper_raise():
    raise


def checked(x):
    assert x > 0, ("bad", x)
    return x


def raise_from(x):
    raise ValueError(x) from KeyError(x)


def shifts(a, b):
    return a << b, a >> b


def compare_mixed(a, b):
    return a < b


def sink(*args, **kwargs):
    return args, kwargs
'''

EDGE_CASES: list[tuple[str, tuple[Any, ...], bool]] = [
    # (function, args, compare messages too)
    ("floordiv", (-7, 2), True),
    ("floordiv", (7, -2), True),
    ("floordiv", (-7, -2), True),
    ("floordiv", (-7.5, 2), True),
    ("floordiv", (7, 0), True),
    ("floordiv", (-0.0, 1.0), True),
    ("floordiv", (5.0, float("inf")), True),
    ("float_pow", (10.0, 400), True),
    ("float_pow", (-8.0, 1 / 3), True),
    ("float_pow", (0.0, -1), False),
    ("int_pow", (2, -2), True),
    ("int_pow", (-2, 3), True),
    ("unpack2", ([1, 2, 3],), True),
    ("unpack2", ([1],), True),
    ("unpack2", (5,), True),
    ("unpack2", ("ab",), True),
    ("unpack2", ({"k": 1, "j": 2},), True),
    ("unpack_star", ([1],), True),
    ("unpack_star", ([1, 2],), True),
    ("unpack_star", ((1, 2, 3, 4),), True),
    ("unpack_star", (None,), True),
    ("undefined_global", (), True),
    ("bare_raise", (), True),
    ("reraise_in_handler", (), True),
    ("checked", (1,), True),
    ("checked", (-1,), True),
    ("raise_from", (3,), True),
    ("shifts", (1, -1), True),
    ("shifts", (-5, 1), True),
    ("compare_mixed", (1, "a"), True),
]
CALL_CASES = ["kw_twice", "star_not_iterable", "dstar_not_mapping"]


@pytest.fixture(scope="module")
def edge_modules() -> dict[str, types.ModuleType]:
    modules = {mode: load(EDGE_SOURCE, "edge.py", mode) for mode in ("original", "interpreted")}
    functions = TRMAgent.load().compile_source(EDGE_SOURCE, "edge.py").module
    assert functions is not None
    blocked = {f.qualname for f in functions.functions if not f.lowered}
    assert blocked == set()  # every edge-case function is lowered, try/except included
    return modules


@pytest.mark.parametrize(("name", "args", "strict"), EDGE_CASES,
                         ids=[f"{n}{a!r}"[:50] for n, a, _ in EDGE_CASES])
def test_interpreter_matches_cpython_on_edge_cases(
        edge_modules: dict[str, types.ModuleType], name: str, args: tuple[Any, ...],
        strict: bool) -> None:
    native = capture(getattr(edge_modules["original"], name), args, {})
    interpreted = capture(getattr(edge_modules["interpreted"], name), args, {})
    assert compare(native, interpreted, strict=strict) is None, (native, interpreted)


@pytest.mark.parametrize("name", CALL_CASES)
def test_call_argument_errors_are_type_errors(
        edge_modules: dict[str, types.ModuleType], name: str) -> None:
    outcomes = []
    for mode in ("original", "interpreted"):
        module = edge_modules[mode]
        with pytest.raises(TypeError) as info:
            getattr(module, name)(module.sink)
        outcomes.append(str(info.value))
    # CPython names the callee; the argument the message is about must be the same one.
    assert ("'a'" in outcomes[0]) == ("'a'" in outcomes[1])


def test_bare_raise_without_active_exception_is_runtime_error(
        edge_modules: dict[str, types.ModuleType]) -> None:
    with pytest.raises(RuntimeError, match="No active exception to reraise"):
        edge_modules["interpreted"].bare_raise()


def test_assert_runs_under_debug(edge_modules: dict[str, types.ModuleType]) -> None:
    assert __debug__, "the test suite itself must not run under python -O"
    with pytest.raises(AssertionError) as info:
        edge_modules["interpreted"].checked(0)
    assert info.value.args == (("bad", 0),)


def test_float_pow_overflow_is_overflow_error(
        edge_modules: dict[str, types.ModuleType]) -> None:
    with pytest.raises(OverflowError):
        edge_modules["interpreted"].float_pow(10.0, 400)


def test_interpreter_sees_later_global_rebinding() -> None:
    source = "def get():\n    return VALUE * 2\n\n\nVALUE = 1\n"
    module = load(source, "glob.py", "interpreted")
    assert module.get() == 2
    module.__dict__["VALUE"] = 21
    assert module.get() == 42
    shadow = load("def n(x):\n    return len(x)\n\n\nlen = lambda x: -1\n", "s.py",
                  "interpreted")
    assert shadow.n([1, 2]) == -1


def test_starred_operands_are_consumed_before_later_entries_run() -> None:
    """``[*xs, h()]``: CPython iterates ``xs`` before it calls ``h``, so the schedule takes the
    operand before the first op computing ``h()``; with nothing computed after it, the build
    op consumes it itself (no schedule entry)."""
    from trm_agent.ir import incremental

    agent = TRMAgent.load()
    source = "def h():\n    return 1\n\ndef f(xs):\n    return [*xs, h()]\n\n" \
             "def g(xs, y):\n    return [*xs, y]\n"
    module = agent.translate_ast(agent.parse_module(source, "m.py"))
    fns = {fn.name: fn for fn in module.functions}
    body = fns["f"].body
    plan = incremental.schedule(body)
    (index, [(build, operand)]), = plan.items()
    assert body.ops[index].opdef.name == "py.global.load" and build.opdef.name == "py.list"
    assert operand == 0 and body.ops.index(build) > index
    assert incremental.schedule(fns["g"].body) == {}
