"""Translation and codegen: golden text files plus targeted semantic checks.

Golden tests (DESIGN §10): each ``tests/golden/NAME.py`` is compiled and its IR text and
regenerated Python are compared exactly with ``NAME.ir`` and ``NAME.out.py``.  After an
intended change, rewrite the expected files with::

    TRM_UPDATE_GOLDEN=1 .venv/bin/pytest tests/test_translate_codegen.py -k golden

then review the diff like code: the files are the specification of what the compiler emits.

The semantic tests run each snippet as written and as compiled (and, where it says something
about the IR itself, in the IR interpreter) and compare what CPython can observe: ``__bool__``
call counts, evaluation order, aliasing, exceptions, tracebacks and function metadata.
"""

from __future__ import annotations

import ast
import os
import traceback
import types
import warnings
from pathlib import Path
from typing import Any

import pytest

from trm_agent.agent import TRMAgent
from trm_agent.ir import print_module, verify
from trm_agent.loader import load

GOLDEN_DIR = Path(__file__).resolve().parent / "golden"
GOLDEN_INPUTS = sorted(p for p in GOLDEN_DIR.glob("*.py") if not p.name.endswith(".out.py"))
MODES = ("original", "compiled", "interpreted")


# --- golden files ----------------------------------------------------------------------------
def _check_golden(path: Path, actual: str) -> None:
    if os.environ.get("TRM_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
        return
    assert path.exists(), f"{path.name} missing: run with TRM_UPDATE_GOLDEN=1 and review it"
    assert actual == path.read_text(encoding="utf-8"), f"{path.name} differs from the output"


@pytest.mark.parametrize("source", GOLDEN_INPUTS, ids=[p.stem for p in GOLDEN_INPUTS])
def test_golden(source: Path) -> None:
    result = TRMAgent.load().compile_source(source.read_text(encoding="utf-8"), source.name)
    assert result.module is not None and result.source is not None
    assert all(fn.lowered for fn in result.module.functions), "golden inputs must be lowered"
    verify(result.module)
    _check_golden(source.with_suffix(".ir"), print_module(result.module))
    _check_golden(source.with_name(source.stem + ".out.py"), result.source)


def test_golden_inputs_exist() -> None:
    assert {p.stem for p in GOLDEN_INPUTS} >= {"boolops", "loops", "slots", "mangling"}


# --- helpers ---------------------------------------------------------------------------------
def _modules(source: str, modes: tuple[str, ...] = MODES) -> dict[str, types.ModuleType]:
    return {mode: load(source, "snippet.py", mode) for mode in modes}


def _outcome(fn: Any, *args: Any) -> tuple[str, Any]:
    try:
        return "return", fn(*args)
    except Exception as exc:  # noqa: BLE001 - the exception type is the observable outcome
        return "raise", type(exc).__name__


COUNTING = '''
log = []


class B:
    def __init__(self, name, value):
        self.name = name
        self.value = value

    def __bool__(self):
        log.append("bool " + self.name)
        return self.value

    def __lt__(self, other):
        log.append("lt " + self.name)
        return B("r" + self.name, self.value)

    def __le__(self, other):
        log.append("le " + self.name)
        return B("q" + self.name, self.value)
'''

BOOL_SNIPPETS = {
    "if-and": "def f(a, b, c):\n    if a and b:\n        return 1\n    return 0\n",
    "if-or-not": "def f(a, b, c):\n    if not a or b:\n        return 1\n    return 0\n",
    "if-chain": "def f(a, b, c):\n    if a < b <= c:\n        return 1\n    return 0\n",
    "assign-and": "def f(a, b, c):\n    x = a and b\n    return x.name\n",
    "assign-or": "def f(a, b, c):\n    x = a or b or c\n    return x.name\n",
    "while-and": "def f(a, b, c):\n    while a and b:\n        return 1\n    return 0\n",
    "ifexp": "def f(a, b, c):\n    return 1 if a and b else 0\n",
    "value-chain": "def f(a, b, c):\n    x = a < b <= c\n    return x.name\n",
    "not-value": "def f(a, b, c):\n    return not a\n",
}
# ``not (a and b)`` as a value: CPython calls bool() on ``a and b``'s result again; the IR
# lowers the operand as a test (one call).  ``a and b or c``: CPython's jump threading tests a
# falsy ``a`` once; the IR (and so the generated code) tests it twice.
BOOL_XFAIL: dict[tuple[str, str], str] = {}  # (snippet, mode) -> reason, for known bugs
BOOL_SNIPPETS.update({
    "not-and-value": "def f(a, b, c):\n    return not (a and b)\n",
    "not-chain-value": "def f(a, b, c):\n    return not (a < b < c)\n",
    "and-or": "def f(a, b, c):\n    x = a and b or c\n    return x.name\n",
    "ifexp-test": "def f(a, b, c):\n    if (a and b) if c else a:\n        return 1\n"
                  "    return 0\n",
})


def _bool_params() -> list[Any]:
    params = []
    for name in sorted(BOOL_SNIPPETS):
        for mode in MODES[1:]:
            reason = BOOL_XFAIL.get((name, mode))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            params.append(pytest.param(name, mode, marks=marks, id=f"{name}-{mode}"))
    return params


def _bool_trace(module: types.ModuleType) -> list[Any]:
    trace = []
    for bits in range(8):
        values = [bool(bits & (1 << i)) for i in range(3)]
        module.log.clear()
        args = [module.B(n, v) for n, v in zip("abc", values, strict=True)]
        trace.append((values, _outcome(module.f, *args), list(module.log)))
    return trace


@pytest.mark.parametrize(("name", "mode"), _bool_params())
def test_bool_calls_match_cpython(name: str, mode: str) -> None:
    source = COUNTING + BOOL_SNIPPETS[name]
    modules = _modules(source, ("original", mode))
    assert _bool_trace(modules[mode]) == _bool_trace(modules["original"])


ORDER_SOURCE = '''
log = []


def t(tag, value=None):
    log.append(tag)
    return tag if value is None else value


class O:
    pass


def call_args(f):
    return f(t("a"), t("b"), *t("s", [1]), k=t("k"), **t("kw", {"m": 1}))


def kw_order(f):
    return f(x=t("x"), y=t("y"), *t("s", ()))


def attr_store():
    t("obj", O()).a = t("rhs")


def item_store():
    d = {}
    t("d", d)[t("key")] = t("value")
    return d


def aug_item(d):
    t("d", d)[t("key", 0)] += t("rhs", 1)
    return d


def binops():
    return t("l", 1) + t("r", 2) * t("rr", 3) - (t("x", 4) < t("y", 5))


def displays():
    return [t("l1"), *t("s", [2])], {t("k1"): t("v1"), **t("m", {})}, {t("e1"), t("e2")}


def unpack_targets(o):
    t("o", o).a, t("d", {})[t("k")] = t("v", (1, 2))
    return o.a


def sink(*args, **kwargs):
    return args, kwargs
'''
ORDER_CALLS = {
    "call_args": lambda m: m.call_args(m.sink),
    "kw_order": lambda m: m.kw_order(m.sink),
    "attr_store": lambda m: m.attr_store(),
    "item_store": lambda m: m.item_store(),
    "aug_item": lambda m: m.aug_item([5]),
    "binops": lambda m: m.binops(),
    "displays": lambda m: m.displays(),
    "unpack_targets": lambda m: m.unpack_targets(m.O()),
}


@pytest.mark.parametrize("mode", MODES[1:])
@pytest.mark.parametrize("case", sorted(ORDER_CALLS))
def test_evaluation_order_matches_cpython(case: str, mode: str) -> None:
    modules = _modules(ORDER_SOURCE, ("original", mode))
    seen = {}
    for name, module in modules.items():
        module.log.clear()
        outcome = _outcome(lambda m=module: ORDER_CALLS[case](m))
        seen[name] = (repr(outcome), list(module.log))
    assert seen[mode] == seen["original"]
    assert seen["original"][1], "the case must log something to be meaningful"


def test_lowered_order_functions_are_really_lowered() -> None:
    module = TRMAgent.load().compile_source(ORDER_SOURCE).module
    assert module is not None
    assert [f.qualname for f in module.functions if not f.lowered] == []


ALIAS_SOURCE = '''
def extend(xs):
    xs += [1]
    return xs


def extend_copy(xs):
    ys = xs
    ys += [2]
    ys = ys + [3]
    return ys


def bump(t):
    t += (2,)
    return t


def in_loop(xs, n):
    acc = xs
    for _ in range(n):
        acc += [0]
    return acc
'''


@pytest.mark.parametrize("mode", MODES)
def test_augmented_assignment_mutates_the_callers_list(mode: str) -> None:
    module = load(ALIAS_SOURCE, "alias.py", mode)
    xs: list[int] = []
    assert module.extend(xs) is xs and xs == [1]
    ys: list[int] = []
    assert module.extend_copy(ys) == [2, 3] and ys == [2]
    zs: list[int] = [9]
    assert module.in_loop(zs, 3) is zs and zs == [9, 0, 0, 0]
    t = (1,)
    assert module.bump(t) == (1, 2) and t == (1,)


LOOP_EXIT_CASES = [
    ("first_over", ([3, 9, 4, 12, 1], 20)), ("first_over", ([], 5)),
    ("first_over", ([5, 1, 2], 100)), ("first_over", ([2.5, 7, -1], 8)),
    ("stale_on_continue", ({3, 7},)), ("stale_on_continue", (set(),)),
    ("stale_on_continue", ({1},)), ("stale_on_continue", ({10},)),
    ("search", ([[1], [2, 3], [4]], 3)), ("search", ([[1], [2]], 9)), ("search", ([], 1)),
]


@pytest.mark.parametrize("opt", ["none", "baseline"])
def test_values_handed_on_by_loop_exits_match_cpython(opt: str) -> None:
    """The golden ``loop_exits`` functions: a loop-carried variable written where its new value
    is computed (no copy at each exit) must still hold the old value on a path that keeps it."""
    source = (GOLDEN_DIR / "loop_exits.py").read_text(encoding="utf-8")
    original = load(source, "loop_exits.py", "original")
    for mode in ("compiled", "interpreted"):
        module = load(source, "loop_exits.py", mode, opt=opt)
        for name, args in LOOP_EXIT_CASES:
            assert _outcome(getattr(module, name), *args) == \
                _outcome(getattr(original, name), *args), (mode, name, args)


UNBOUND_SOURCE = '''
def branch(flag):
    if flag:
        value = 1
    return value


def loop(items):
    for item in items:
        last = item
    return last


def deleted(flag):
    x = 1
    if flag:
        del x
    return x
'''


@pytest.mark.parametrize("mode", MODES)
def test_unbound_local_on_the_untaken_branch(mode: str) -> None:
    module = load(UNBOUND_SOURCE, "unbound.py", mode)
    assert module.branch(True) == 1
    assert module.loop([1, 2]) == 2
    assert module.deleted(False) == 1
    for call in (lambda: module.branch(False), lambda: module.loop([]),
                 lambda: module.deleted(True)):
        with pytest.raises(UnboundLocalError):
            call()


BLOCKED = {

    "async-generator": "async def f(x):\n    yield x\n",
    "frame-introspection": "def f(x):\n    y = x + 1\n    return locals()\n",
}


@pytest.mark.parametrize("construct", sorted(BLOCKED))
def test_blocked_function_kept_verbatim_and_reported(construct: str) -> None:
    body = BLOCKED[construct]
    source = "import os\n\n\ndef ok(a):\n    return a + 1\n\n\n" + body
    result = TRMAgent.load().compile_source(source, "prog.py")
    assert result.module is not None and result.source is not None
    functions = {fn.qualname: fn for fn in result.module.functions}
    assert functions["ok"].lowered
    blocked = functions["f"]
    assert not blocked.lowered
    first_line = source.count("\n", 0, source.index("def f")) + 1
    diagnostics = [d for d in blocked.blockers if d.construct == construct]
    assert diagnostics, [getattr(d, "construct", d) for d in blocked.blockers]
    located = diagnostics[0]
    assert located.filename == "prog.py"
    assert first_line <= located.line <= first_line + body.count("\n")
    assert located.col >= 1
    assert f"prog.py:{located.line}:{located.col}" in located.format()
    decision = next(d for d in result.decisions if d.qualname == "f")
    assert decision.level_used == "original" and not decision.lowered
    assert construct in decision.detail
    tree = ast.parse(result.source)
    defs = (ast.FunctionDef, ast.AsyncFunctionDef)
    out_f = next(n for n in tree.body if isinstance(n, defs) and n.name == "f")
    assert ast.get_source_segment(result.source, out_f) == body.rstrip("\n")
    assert out_f.lineno == first_line


def test_is_against_literal_compiles_without_syntax_warning() -> None:
    source = ("def f(x):\n    if x is 'abc':\n        return 1\n    return x is not 2\n")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", SyntaxWarning)
        expected = [load(source, "is.py", "original").f(v) for v in ("abc", 2, 3)]
    result = TRMAgent.load().compile_source(source, "is.py")
    assert result.source is not None and result.module is not None
    assert result.module.functions[0].lowered
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        code = compile(result.source, "is.py", "exec", dont_inherit=True)
    namespace: dict[str, Any] = {}
    exec(code, namespace)
    assert [namespace["f"](v) for v in ("abc", 2, 3)] == expected


TRACEBACK_SOURCE = '''def helper(x):
    """Docstring lines shift nothing."""
    y = x + 1
    if y > 3:
        z = [y,
             y * 2]
        return z[5]
    return y


def looping(items):
    total = 0
    for item in items:
        total = total + item
    return total
'''


def _failing_line(source: str, call: str, *args: Any) -> int:
    result = TRMAgent.load().compile_source(source, "tb.py")
    assert result.source is not None
    namespace: dict[str, Any] = {}
    exec(compile(result.source, "tb.py", "exec", dont_inherit=True), namespace)
    with pytest.raises(Exception) as info:  # any error: we check where
        namespace[call](*args)
    return traceback.extract_tb(info.value.__traceback__)[-1].lineno or 0


def test_traceback_points_at_the_users_line() -> None:
    assert _failing_line(TRACEBACK_SOURCE, "helper", 10) == 7
    assert _failing_line(TRACEBACK_SOURCE, "helper", None) == 3
    assert _failing_line(TRACEBACK_SOURCE, "looping", [1, "x"]) == 14


# Loop-carried initial values are emitted at the loop's line; with two of them the writer pads
# a blank line and every later line of the function shifts by one.
LOOP_INIT_SOURCE = '''def f(xs):
    a = 0
    b = 0
    for x in xs:
        a = a + x
        b = b + 1
    return a, b
'''


def test_traceback_line_after_two_loop_carried_initialisations() -> None:
    assert _failing_line(LOOP_INIT_SOURCE, "f", ["x"]) == 5


# A value folded into a later use is flushed, when a statement intervenes, at that statement's
# line; the writer then pushes the following ``if`` down a line.
FLUSH_SOURCE = ("def f(a, c):\n    x = -a\n    y = a or c\n    if a < c:\n        return x\n"
                "    return y\n")


def test_traceback_line_after_flushed_value() -> None:
    assert _failing_line(FLUSH_SOURCE, "f", 1, "x") == 4


METADATA_SOURCE = '''
def deco(fn):
    fn.decorated = True
    return fn


class Shape:
    """A shape."""

    @deco
    def area(self, scale: float = 2.0, *, unit: str = "m") -> float:
        """Area in units."""
        return scale * 3

    @staticmethod
    def make(n: int = 1) -> "Shape":
        return Shape()

    def __private(self):
        return 1


@deco
def top(a, b=[1], *args, c={"k": 1}, **kw) -> list:
    """Top-level doc."""
    return [a, b, args, c, kw]


def nodoc(x: "int"):
    return x
'''


def _metadata(fn: Any) -> dict[str, Any]:
    return {key: getattr(fn, key) for key in (
        "__name__", "__qualname__", "__doc__", "__defaults__", "__kwdefaults__",
        "__annotations__", "__module__")} | {"decorated": getattr(fn, "decorated", None),
                                            "params": fn.__code__.co_varnames[
                                                :fn.__code__.co_argcount]}


def test_function_metadata_identical_between_original_and_compiled() -> None:
    original = load(METADATA_SOURCE, "meta.py", "original")
    compiled = load(METADATA_SOURCE, "meta.py", "compiled")
    functions = TRMAgent.load().compile_source(METADATA_SOURCE, "meta.py").module
    assert functions is not None and all(fn.lowered for fn in functions.functions)

    def pick(module: types.ModuleType) -> list[Any]:
        return [module.top, module.nodoc, module.deco, module.Shape.area, module.Shape.make,
                module.Shape._Shape__private]

    for before, after in zip(pick(original), pick(compiled), strict=True):
        assert _metadata(after) == _metadata(before)
    assert original.Shape.__doc__ == compiled.Shape.__doc__
    assert compiled.top(0) == original.top(0)
    assert compiled.Shape().area() == original.Shape().area() == 6.0


def test_generated_module_honours_python_O() -> None:
    source = ('def f(x):\n    assert x > 0, "must be positive"\n    return x\n\n\n'
              'def g(x):\n    if __debug__:\n        x = x + 1\n    return x\n')
    result = TRMAgent.load().compile_source(source, "opt.py")
    assert result.source is not None and result.module is not None
    assert all(fn.lowered for fn in result.module.functions)
    normal: dict[str, Any] = {}
    exec(compile(result.source, "opt.py", "exec", dont_inherit=True), normal)
    with pytest.raises(AssertionError, match="must be positive"):
        normal["f"](-1)
    optimized: dict[str, Any] = {}
    exec(compile(result.source, "opt.py", "exec", dont_inherit=True, optimize=2), optimized)
    assert optimized["f"](-1) == -1
    original: dict[str, Any] = {}
    exec(compile(source, "opt.py", "exec", dont_inherit=True, optimize=2), original)
    assert optimized["g"](1) == original["g"](1) == 1
    assert normal["g"](1) == 2


def test_compile_levels_equals_one_compile_per_level() -> None:
    """Sharing the parse and the unoptimized IR between levels must change nothing."""
    from harness.generate.policy import Policy
    from harness.generate.typed import generate

    agent = TRMAgent.load()
    sources = [generate(seed, Policy.preset("inliner")).source for seed in range(6)]
    sources += [p.read_text() for p in sorted(Path("corpora/benchmarks").glob("*.py"))[:4]]
    for source in sources:
        shared = agent.compile_levels(source, "x.py", ("none", "baseline", "trm"))
        for level, result in shared.items():
            alone = agent.compile_source(source, "x.py", opt=level)
            assert result.source == alone.source, level
            assert result.decisions == alone.decisions, level
    bad = agent.compile_levels("def f(:\n", "bad.py")
    assert all(r.source is None and r.diagnostics for r in bad.values())
