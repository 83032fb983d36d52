"""The baseline passes: each applies where it is sound and, for every pass, a case where applying
it naively would be wrong shows that it is not applied there (or is guarded, and the guard takes
the original code at run time).  Behaviour is always checked by running the compiled module
against the original one.
"""

from __future__ import annotations

import textwrap
import types
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from trm_agent.agent import CompileResult, TRMAgent
from trm_agent.loader import load
from trm_agent.runtime import prelude


def compile_baseline(source: str) -> CompileResult:
    result = TRMAgent.load().compile_source(textwrap.dedent(source), "prog.py", opt="baseline")
    assert result.source is not None
    return result


def rules_applied(result: CompileResult, qualname: str | None = None) -> Counter[str]:
    found: Counter[str] = Counter()
    for outcome in result.outcomes:
        if qualname is None or outcome.qualname == qualname:
            found.update(outcome.rules)
    return found


def both(source: str) -> tuple[types.ModuleType, types.ModuleType, CompileResult]:
    text = textwrap.dedent(source)
    result = compile_baseline(text)
    original = load(text, "prog.py", "original", name="prog_original")
    compiled = load(text, "prog.py", "compiled", name="prog_compiled", opt="baseline")
    return original, compiled, result


class Fresh:
    """An argument built anew for each module (objects with state must not be shared)."""

    def __init__(self, make: Any) -> None:
        self.make = make


def same(original: types.ModuleType, compiled: types.ModuleType, name: str, *args: Any) -> Any:
    def outcome(module: types.ModuleType) -> tuple[str, Any]:
        actual = [a.make(module) if isinstance(a, Fresh) else a for a in args]
        try:
            return "ok", getattr(module, name)(*actual)
        except Exception as exc:  # noqa: BLE001 - the exception type is the observable
            return "raised", type(exc).__name__

    a, b = outcome(original), outcome(compiled)
    assert repr(a) == repr(b), (name, args, a, b)
    return a


# --- inlining -------------------------------------------------------------------------------------
INLINE = """
def area(w, h):
    return w * h

def total(rects):
    s = 0
    for w, h in rects:
        s += area(w, h)
    return s
"""


def test_inlining_applies_and_keeps_results() -> None:
    original, compiled, result = both(INLINE)
    assert rules_applied(result, "total")["inline-identity-guarded"] == 1
    assert "__trm_F_area__ = __trm_pin__(area" in result.source  # type: ignore[operator]
    same(original, compiled, "total", [(1, 2), (3, 4), ("ab", 2)])


SPLIT = """
def clamp(v):
    return 0 if v < 0 else v

def collect(xs, out):
    for x in xs:
        out.append(clamp(x))
    return out

def collect_named(xs, out):
    for x in xs:
        y = clamp(x)
        out.append(y)
    return out

def wrapped(x):
    return str(clamp(x))
"""


def test_inlining_skips_calls_that_would_split_a_method_lookup_from_its_call() -> None:
    """``out.append(clamp(x))`` inlined would become ``_t = out.append; ...; _t(r)``, losing
    CPython's specialized method call: slower than the call it saves.  A plain call around
    the site (``str(...)``) or the value named first does not split anything."""
    original, compiled, result = both(SPLIT)
    assert rules_applied(result, "collect")["inline-identity-guarded"] == 0
    assert rules_applied(result, "collect_named")["inline-identity-guarded"] == 1
    assert rules_applied(result, "wrapped")["inline-identity-guarded"] == 1
    for name in ("collect", "collect_named"):
        same(original, compiled, name, [3, -1, 0], Fresh(lambda m: []))
    same(original, compiled, "wrapped", -1)


def test_rebinding_an_inlined_global_takes_the_original_call() -> None:
    original, compiled, _ = both(INLINE)
    before = sum(prelude.GUARD_FAILURES.values())
    for module in (original, compiled):
        module.area = lambda w, h: -1  # e.g. mock.patch from outside the module
    assert same(original, compiled, "total", [(1, 2), (3, 4)]) == ("ok", -2)
    assert sum(prelude.GUARD_FAILURES.values()) == before + 2


def test_reassigning_the_code_of_an_inlined_function_takes_the_original_call() -> None:
    original, compiled, _ = both(INLINE)
    replacement = types.FunctionType((lambda w, h: w + h).__code__, {})
    for module in (original, compiled):
        module.area.__code__ = replacement.__code__
    assert same(original, compiled, "total", [(1, 2), (3, 4)]) == ("ok", 10)


@pytest.mark.parametrize("source, why", [
    ("def f(x, y=2):\n    return x * y\n\ndef g(a):\n    return f(a)\n", "default used"),
    ("def f(x):\n    return x + k\n\ndef g(a):\n    k = 5\n    return f(a) + k\n\nk = 1\n",
     "callee reads a global the caller has as a local"),
    ("import functools\n@functools.lru_cache\ndef f(x):\n    return x\n\ndef g(a):\n"
     "    return f(a)\n", "decorated"),
    ("def f(x):\n    return x\n\ndef f(x):\n    return -x\n\ndef g(a):\n    return f(a)\n",
     "defined twice"),
    ("def f(x):\n    return f(x - 1) if x else 0\n\ndef g(a):\n    return f(a)\n", "recursive"),
    ("def f(x):\n    def inner():\n        return x\n    return inner()\n\ndef g(a):\n"
     "    return f(a)\n", "nested scope"),
    ("def f(*xs):\n    return len(xs)\n\ndef g(a):\n    return f(a)\n", "varargs"),
    ("def f(x):\n    return x\n\ndef g(a):\n    return f(a)\n\ndef h():\n    global f\n"
     "    f = abs\n", "a function of the module rebinds it"),
    ("def f(x):\n    return x\n\ndef g(a):\n    return f(x=a)\n", "keyword call"),
])
def test_inlining_is_not_applied_where_it_would_be_wrong(source: str, why: str) -> None:
    original, compiled, result = both(source)
    assert "inline-identity-guarded" not in rules_applied(result, "g"), why
    same(original, compiled, "g", 3)


LOOP_RETURN = """
def is_safe(columns, col):
    row = len(columns)
    for r, c in enumerate(columns):
        if c == col or abs(c - col) == row - r:
            return False
    return True

def first_index(xs, target):
    i = 0
    while i < len(xs):
        if xs[i] == target:
            return i
        i += 1
        if i > 100:
            continue
    return -1

def find_pair(xs, total):
    seen = 0
    for x in xs:
        seen += 1
        if x < 0:
            continue
        if x == total:
            if seen > 1:
                return ("late", x)
            return ("first", x)
    return (None, seen)

def count_loop(n, columns):
    found = 0
    for col in range(n):
        if is_safe(columns, col):
            found += 1
    return found

def where(xs, t):
    out = first_index(xs, t)
    return out

def pairs(rows, total):
    out = []
    for xs in rows:
        r = find_pair(xs, total)
        out.append(r)
    return out
"""


def test_inlining_turns_returns_inside_a_loop_into_break_and_else() -> None:
    """``for ...: if p: return a`` + ``return b`` inlines as a loop whose ``else`` clause holds
    the code after it: for loops, while loops, ``continue`` in the body, returns under ifs."""
    original, compiled, result = both(LOOP_RETURN)
    for caller in ("count_loop", "where", "pairs"):
        assert rules_applied(result, caller)["inline-identity-guarded"] == 1, caller
    assert "else:" in result.source and "break" in result.source  # type: ignore[operator]
    for columns in ([], [0], [1, 3], [0, 2, 4, 1], [True, 2.0]):
        same(original, compiled, "count_loop", 6, list(columns))
    for xs, t in (([], 1), ([1, 2, 3], 3), ([5] * 120, 6), ([5] * 120 + [6], 6), ("abc", "b")):
        same(original, compiled, "where", list(xs) if isinstance(xs, list) else xs, t)
    same(original, compiled, "pairs", [[1, -2, 3], [3], [], [-3, -3], [0.0, 3.0]], 3)
    same(original, compiled, "pairs", [[1, "x"]], 3)  # raises TypeError inside the loop


@pytest.mark.parametrize("callee, why", [
    ("def f(xs):\n    for x in xs:\n        if x:\n            break\n        if x is None:\n"
     "            return 1\n    return 0\n", "break and return in one loop"),
    ("def f(xs):\n    for x in xs:\n        for y in x:\n            if y:\n"
     "                return y\n    return 0\n", "return in a nested loop"),
    ("def f(xs):\n    for x in xs:\n        if x:\n            return x\n    else:\n"
     "        xs = 5\n    return xs\n", "loop with an else clause"),
])
def test_returns_inside_loops_are_not_inlined_in_other_shapes(callee: str, why: str) -> None:
    """The else clause would be skipped by the loop's own break, and a nested loop's return
    would need a break out of two loops: those callees stay calls."""
    source = callee + "\ndef g(a):\n    r = f(a)\n    return r\n"
    original, compiled, result = both(source)
    assert "inline-identity-guarded" not in rules_applied(result, "g"), why
    for arg in ([], [0, 0], [0, 3], [[0], [0, 2]], [[], [0]]):
        same(original, compiled, "g", arg)


INCREMENTAL = """
def grow(xs, d):
    xs.append(1)
    d["g"] = len(xs)
    return 7

def merged(xs, d):
    return {**d, "h": grow(xs, d)}

def spread(xs, d):
    return [*xs, grow(xs, d)]

def called(xs, d):
    return max(*xs, grow(xs, d))

def plain(xs, d):
    return {"h": grow(xs, d), "n": len(xs)}

def big(xs, d):
    k = len(d)
    return {k: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, 8: grow(xs, d)}
"""


def test_inlining_skips_calls_inside_displays_cpython_builds_piece_by_piece() -> None:
    """CPython copies ``d`` into ``{**d, 'h': grow(...)}`` (and iterates ``xs`` in
    ``[*xs, ...]``, ``max(*xs, ...)``) before it calls ``grow``; inlined statements would run
    first and the copy would see ``grow``'s writes (found by a swarm campaign)."""
    original, compiled, result = both(INCREMENTAL)
    for name in ("merged", "spread", "called", "big"):
        assert rules_applied(result, name)["inline-identity-guarded"] == 0, name
        assert same(original, compiled, name, Fresh(lambda m: [3]),
                    Fresh(lambda m: {"a": 1}))[0] == "ok"
    assert rules_applied(result, "plain")["inline-identity-guarded"] == 1
    same(original, compiled, "plain", Fresh(lambda m: [3]), Fresh(lambda m: {}))


# --- unrolling ------------------------------------------------------------------------------------
UNROLL = """
def norm2(v):
    s = 0
    for k in range(3):
        s += v[k] * v[k]
    return s
"""


def test_small_range_loops_are_unrolled_under_a_range_guard() -> None:
    original, compiled, result = both(UNROLL)
    assert rules_applied(result, "norm2")["unroll-range-guarded"] == 1
    same(original, compiled, "norm2", [1, 2, 3])
    same(original, compiled, "norm2", [1, 2])  # IndexError on the third element, in both


def test_a_shadowed_range_takes_the_original_loop() -> None:
    original, compiled, _ = both(UNROLL)
    for module in (original, compiled):
        module.range = lambda n: [0, 0]  # a module global shadowing the builtin
    assert same(original, compiled, "norm2", [5, 6, 7]) == ("ok", 50)


def test_loops_with_break_or_large_counts_are_not_unrolled() -> None:
    source = """
    def f(v):
        s = 0
        for k in range(3):
            if v[k] < 0:
                break
            s += v[k]
        for k in range(100):
            s += k
        return s
    """
    original, compiled, result = both(source)
    assert "unroll-range-guarded" not in rules_applied(result)
    same(original, compiled, "f", [1, -1, 3])


# --- constant folding -----------------------------------------------------------------------------
def test_folding_leaves_raising_huge_and_identity_dependent_expressions_alone() -> None:
    source = """
    def f():
        a = 1 / 0
        return a

    def g():
        return 2 ** 100000 > 0

    def h():
        return "abc" is "abc"

    def double(x):
        return x * 2

    def k():
        return double(7)  # folded once inlining exposes the literal
    """
    original, compiled, result = both(source)
    for name in "fgh":
        assert "fold-constant-expression" not in rules_applied(result, name), name
        same(original, compiled, name)
    assert rules_applied(result, "k")["fold-constant-expression"] >= 1
    same(original, compiled, "k")


# --- copy propagation -----------------------------------------------------------------------------
def test_truth_of_a_value_not_proven_bool_is_kept() -> None:
    source = """
    class Flag:
        calls = 0
        def __bool__(self):
            Flag.calls += 1
            return True

    def f(x, y):
        ok = x == y
        if ok:
            return Flag.calls
        return -1

    def g(a):
        b = a < 3
        return 1 if b else 2
    """
    original, compiled, result = both(source)
    assert "copyprop-truth-of-bool" not in rules_applied(result, "f")
    assert rules_applied(result, "g")["copyprop-truth-of-bool"] >= 0
    same(original, compiled, "f", Fresh(lambda m: m.Flag()), Fresh(lambda m: m.Flag()))


# --- strength reduction ---------------------------------------------------------------------------
class Weird:
    def __pow__(self, other: object) -> str:
        return "pow"

    def __mul__(self, other: object) -> str:
        return "mul"

    def __floordiv__(self, other: object) -> str:
        return "floordiv"

    def __add__(self, other: object) -> str:
        return "add"


def test_strength_reduction_needs_a_proven_int() -> None:
    source = """
    def unknown(x):
        return x ** 2, x // 4, x % 8, x + 0

    def proven(n):
        t = 0
        y = (n * 0 + 7) * 3
        return y ** 2 + y // 4 + y % 8 + (y + 0)
    """
    original, compiled, result = both(source)
    assert not {"int-square", "int-floordiv-pow2", "int-mod-pow2", "int-add-zero"} & set(
        rules_applied(result, "unknown"))
    for value in (3, -7, 2.5, 1e200, "s", Weird()):
        same(original, compiled, "unknown", value) if not isinstance(value, str) else None
    same(original, compiled, "unknown", 1e200)  # float ** 2 raises OverflowError; x*x would not
    same(original, compiled, "proven", 5)


# --- CSE ------------------------------------------------------------------------------------------
def test_cse_merges_only_deterministic_ops_on_proven_types() -> None:
    source = """
    class Counter:
        def __init__(self):
            self.n = 0
        def __add__(self, other):
            self.n += 1
            return self.n

    def objects(a, b):
        return (a + b, a + b)

    def displays():
        x = [1]
        y = [1]
        return x is y

    def ints(i):
        j = i * 0 + 3
        return (j + 1) * (j + 1)
    """
    original, compiled, result = both(source)
    assert "cse-deterministic" not in rules_applied(result, "objects")
    assert "cse-deterministic" not in rules_applied(result, "displays")
    same(original, compiled, "objects", Fresh(lambda m: m.Counter()), 1)
    same(original, compiled, "displays")
    same(original, compiled, "ints", 4)


# --- LICM -----------------------------------------------------------------------------------------
def test_licm_does_not_hoist_what_may_raise_out_of_a_zero_trip_loop() -> None:
    source = """
    def f(xs, d):
        out = []
        for x in xs:
            out.append(x + 10 // d)
        return out
    """
    original, compiled, result = both(source)
    assert "licm-pure" not in rules_applied(result, "f")
    same(original, compiled, "f", [], 0)  # no iteration: no ZeroDivisionError
    same(original, compiled, "f", [1], 0)


def test_licm_hoists_pure_int_arithmetic() -> None:
    source = """
    def f(xs):
        n = 3
        out = []
        for x in xs:
            m = n * 4 + 1
            out.append(m)
        return out
    """
    original, compiled, _ = both(source)
    same(original, compiled, "f", [1, 2])


# --- DCE ------------------------------------------------------------------------------------------
def test_dce_keeps_unused_ops_that_may_run_user_code_or_raise() -> None:
    source = """
    log = []

    class Loud:
        def __add__(self, other):
            log.append("add")
            return 0

    def f(a):
        a + 1
        missing_name
        return len(log)

    def g():
        unused = 3 * 4 + 5
        return 1
    """
    original, compiled, _ = both(source)
    same(original, compiled, "f", Fresh(lambda m: m.Loud()))  # NameError, after __add__ ran
    assert compiled.log == original.log == ["add"]
    same(original, compiled, "g")


def test_builtin_shadowed_at_run_time_is_respected() -> None:
    source = """
    def f(xs):
        return [len(x) for x in xs], sum(len(x) for x in xs)
    """
    original, compiled, _ = both(source)
    for module in (original, compiled):
        module.len = lambda x: 42
    same(original, compiled, "f", ["ab", "c"])


# --- the pipeline never breaks what compiles at level none ---------------------------------------
CORPUS = sorted((Path(__file__).resolve().parent.parent / "corpora").glob("*/*.py"))


@pytest.mark.parametrize("path", CORPUS, ids=[f"{p.parent.name}/{p.stem}" for p in CORPUS])
def test_baseline_adds_no_internal_or_codegen_errors(path: Path) -> None:
    agent = TRMAgent.load()
    source = path.read_text()
    plain = {d.qualname: d.reason for d in agent.compile_source(source, str(path)).decisions}
    optimized = agent.compile_source(source, str(path), opt="baseline").decisions
    bad = [(d.qualname, d.reason, d.detail) for d in optimized
           if d.reason in ("internal-error", "codegen-error") and plain.get(d.qualname) is None]
    assert not bad


# --- range specialisation -------------------------------------------------------------------------
SPECIALIZE = """
def kernel(n):
    t = 0
    for i in range(n):
        t += (i + 1) * (i + 1) + i // 4 + i % 8 + i ** 2
    return t
"""


def test_range_loops_are_specialised_and_int_rules_apply_inside() -> None:
    original, compiled, result = both(SPECIALIZE)
    applied = rules_applied(result, "kernel")
    assert applied["specialize-range-int"] >= 1
    assert {"int-square", "int-floordiv-pow2", "int-mod-pow2", "cse-deterministic"} <= set(applied)
    same(original, compiled, "kernel", 50)


def test_a_range_yielding_floats_takes_the_original_loop() -> None:
    # naive int rules on floats would be wrong: 2.5 // 4 is 0.0 but 2.5 >> 2 raises TypeError,
    # and (1e200) ** 2 raises OverflowError where 1e200 * 1e200 is inf
    original, compiled, _ = both(SPECIALIZE)
    for module in (original, compiled):
        module.range = lambda n: [2.5, -7.25, 1e200]
    assert same(original, compiled, "kernel", 3)[0] == "raised"
    for module in (original, compiled):
        module.range = lambda n: [2.5, -7.25]
    same(original, compiled, "kernel", 3)
