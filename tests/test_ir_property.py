"""Property tests: generated programs translate, verify, round-trip, and behave identically.

The generator draws small functions from the grammar of constructs the translator lowers (typed,
so most programs run to completion rather than dying on the first TypeError).  Every loop is
bounded by construction: ``while`` loops carry a fresh counter tested first, ``for`` loops run
over short literals, ``range`` of a small constant, or a *copy* of a list, and values only grow
linearly (no ``var * var``, no ``s + s``), so no example can hang or exhaust memory.

Everything is drawn from one Hypothesis choice sequence, so a failing program shrinks and
replays.  The default profile runs 150 examples per property; another active profile (e.g. a
``ci`` profile registered by a conftest) keeps its own ``max_examples``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.equivalence.outcome import capture, compare
from trm_agent.agent import TRMAgent
from trm_agent.ir import parse_ir, print_module, verify
from trm_agent.loader import load

PATTERNS_DIR = Path(__file__).resolve().parent.parent / "corpora" / "patterns"
MODES = ("original", "compiled", "interpreted")
INT_VARS = ("a", "b", "i", "j")
STR_VARS = ("s", "t")
LIST_VARS = ("xs", "ys")
PARAMS = ("a", "b", "s", "xs")
MAX_LOOP_DEPTH = 2


def _property_settings() -> settings:
    examples = (150 if settings.get_current_profile_name() == "default"
                else settings().max_examples)
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


Draw = Callable[..., Any]


class _Gen:
    """Draws one function's source text; ``depth`` bounds expression and statement nesting."""

    def __init__(self, draw: Draw) -> None:
        self.draw = draw
        self.counters = 0
        self.loop_depth = 0
        self.in_loop = False

    def pick(self, options: tuple[str, ...] | list[str]) -> str:
        return str(self.draw(st.sampled_from(options)))

    def chance(self) -> bool:
        return bool(self.draw(st.booleans()))

    # --- expressions ---------------------------------------------------------------------------
    def int_expr(self, depth: int) -> str:
        leaves = ["lit", "var", "var"]
        nodes = ["binop", "mul", "pow", "shift", "unary", "len", "builtin", "ifexp", "index",
                 "andor", "dict", "set"]
        kind = self.pick(leaves + (nodes if depth > 0 else []))
        d = depth - 1
        if kind == "lit":
            return str(self.draw(st.one_of(st.integers(-5, 20), st.just(10**20))))
        if kind == "var":
            return self.pick(INT_VARS)
        if kind == "binop":
            op = self.pick(("+", "-", "//", "%", "&", "|", "^"))
            return f"({self.int_expr(d)} {op} {self.int_expr(d)})"
        if kind == "mul":  # one side literal: values grow linearly with the trip count
            return f"({self.int_expr(d)} * {self.draw(st.integers(-3, 3))})"
        if kind == "pow":
            return f"({self.int_expr(d)} ** {self.draw(st.integers(0, 2))})"
        if kind == "shift":
            return f"({self.int_expr(d)} {self.pick(('<<', '>>'))} {self.draw(st.integers(0, 3))})"
        if kind == "unary":
            return f"({self.pick(('-', '~', '+'))}{self.int_expr(d)})"
        if kind == "len":
            return f"len({self.str_expr(d) if self.chance() else self.list_expr(d)})"
        if kind == "builtin":
            name = self.pick(("abs", "min", "max"))
            if name == "abs":
                return f"abs({self.int_expr(d)})"
            args = ", ".join(self.int_expr(d) for _ in range(self.draw(st.integers(1, 3))))
            return f"{name}({args})" if "," in args else f"{name}([{args}])"
        if kind == "ifexp":
            return f"({self.int_expr(d)} if {self.bool_expr(d)} else {self.int_expr(d)})"
        if kind == "index":
            return f"{self.list_expr(d)}[{self.int_expr(d)}]"
        if kind == "andor":
            return f"({self.int_expr(d)} {self.pick(('and', 'or'))} {self.int_expr(d)})"
        if kind == "dict":
            return (f"{{0: {self.int_expr(d)}, 1: {self.int_expr(d)}, **{{2: {self.int_expr(d)}}}}}"
                    f".get({self.int_expr(d)}, {self.int_expr(d)})")
        return f"len({{{self.int_expr(d)}, {self.int_expr(d)}, *{self.list_expr(d)}}})"

    def str_expr(self, depth: int) -> str:
        """At most one variable per string expression, so strings grow linearly."""
        kind = self.pick(["lit", "var"] + (["concat", "slice", "index", "ifexp"] if depth else []))
        d = depth - 1
        if kind == "lit":
            return repr(self.draw(st.text(alphabet="ab'\"\\é", max_size=3)))
        if kind == "var":
            return self.pick(STR_VARS)
        if kind == "concat":
            lit = repr(self.draw(st.text(alphabet="xy", max_size=2)))
            if self.chance():
                return f"({self.str_expr(d)} + {lit})"
            return f"({lit} + {self.str_expr(d)})"
        if kind == "slice":
            parts = [self.int_expr(d) if self.chance() else "" for _ in range(2)]
            step = f":{self.draw(st.integers(-2, 2))}" if self.chance() else ""
            return f"{self.str_expr(d)}[{parts[0]}:{parts[1]}{step}]"
        if kind == "index":
            return f"{self.str_expr(d)}[{self.int_expr(d)}]"
        return f"({self.str_expr(d)} if {self.bool_expr(d)} else {self.str_expr(d)})"

    def list_expr(self, depth: int) -> str:
        """At most one list variable per expression, so lists grow linearly."""
        kind = self.pick(["var", "display"] + (["starred", "append", "slice"] if depth else []))
        d = depth - 1
        if kind == "var":
            return self.pick(LIST_VARS)
        if kind == "display":
            size = self.draw(st.integers(0, 3))
            return "[" + ", ".join(self.int_expr(d) for _ in range(size)) + "]"
        if kind == "starred":
            return f"[{self.int_expr(d)}, *{self.list_expr(d)}]"
        if kind == "append":
            return f"({self.list_expr(d)} + [{self.int_expr(d)}])"
        lo = self.int_expr(d) if self.chance() else ""
        return f"{self.list_expr(d)}[{lo}:{self.int_expr(d) if self.chance() else ''}]"

    def bool_expr(self, depth: int) -> str:
        kind = self.pick(["cmp", "truth"] + (["chain", "in", "not", "andor"] if depth else []))
        d = depth - 1
        if kind == "cmp":
            op = self.pick(("<", "<=", ">", ">=", "==", "!="))
            return f"{self.int_expr(max(d, 0))} {op} {self.int_expr(max(d, 0))}"
        if kind == "truth":
            return self.int_expr(max(d, 0)) if self.chance() else self.str_expr(max(d, 0))
        if kind == "chain":
            ops = [self.pick(("<", "<=", "==", "!=")) for _ in range(self.draw(st.integers(2, 3)))]
            parts = [self.int_expr(d)]
            for op in ops:
                parts += [op, self.int_expr(d)]
            return "(" + " ".join(parts) + ")"
        if kind == "in":
            op = self.pick(("in", "not in"))
            if self.chance():
                return f"({self.int_expr(d)} {op} {self.list_expr(d)})"
            return f"({self.str_expr(d)} {op} {self.str_expr(d)})"
        if kind == "not":
            return f"(not {self.bool_expr(d)})"
        return f"({self.bool_expr(d)} {self.pick(('and', 'or'))} {self.bool_expr(d)})"

    # --- statements ----------------------------------------------------------------------------
    def block(self, indent: str, depth: int, size: int = 3) -> list[str]:
        count = self.draw(st.integers(1, size))
        return [line for _ in range(count) for line in self.stmt(indent, depth)]

    def stmt(self, indent: str, depth: int) -> list[str]:
        kinds = ["assign", "assign", "aug", "unpack", "append", "store"]
        if depth > 0:
            kinds += ["if", "if"]
            if self.loop_depth < MAX_LOOP_DEPTH:
                kinds += ["while", "for"]
        if self.in_loop:
            kinds += ["exit"]
        kinds += ["return"]
        kind = self.pick(kinds)
        e = 2
        if kind == "assign":
            typ = self.pick(("int", "str", "list"))
            if typ == "int":
                return [f"{indent}{self.pick(INT_VARS)} = {self.int_expr(e)}"]
            if typ == "str":
                return [f"{indent}{self.pick(STR_VARS)} = {self.str_expr(e)}"]
            return [f"{indent}{self.pick(LIST_VARS)} = {self.list_expr(e)}"]
        if kind == "aug":
            typ = self.pick(("int", "str", "list"))
            if typ == "int":
                op = self.pick(("+=", "-=", "|=", "^=", "&=", "//=", "%="))
                return [f"{indent}{self.pick(INT_VARS)} {op} {self.int_expr(e)}"]
            if typ == "str":
                suffix = self.draw(st.sampled_from(["x", "é"]))
                return [f"{indent}{self.pick(STR_VARS)} += {suffix!r}"]
            return [f"{indent}{self.pick(LIST_VARS)} += [{self.int_expr(e)}]"]
        if kind == "unpack":
            form = self.pick(("swap", "star", "nested"))
            x, y = self.draw(st.permutations(INT_VARS))[:2]
            if form == "swap":
                return [f"{indent}{x}, {y} = {y}, {self.int_expr(e)}"]
            if form == "star":
                return [f"{indent}{x}, *{self.pick(LIST_VARS)} = {self.list_expr(e)}"]
            return [f"{indent}({x}, {self.pick(STR_VARS)}), {y} = "
                    f"({self.int_expr(e)}, {self.str_expr(e)}), {self.int_expr(e)}"]
        if kind == "append":
            return [f"{indent}{self.pick(LIST_VARS)}.append({self.int_expr(e)})"]
        if kind == "store":
            target = self.pick(LIST_VARS)
            if self.chance():
                return [f"{indent}{target}[{self.int_expr(e)}] = {self.int_expr(e)}"]
            bounds = f"{self.int_expr(1)}:{self.int_expr(1)}"
            return [f"{indent}{target}[{bounds}] = {self.list_expr(1)}"]
        if kind == "if":
            lines = [f"{indent}if {self.bool_expr(e)}:", *self.block(indent + "    ", depth - 1)]
            for _ in range(self.draw(st.integers(0, 2))):
                lines += [f"{indent}elif {self.bool_expr(e)}:",
                          *self.block(indent + "    ", depth - 1)]
            if self.chance():
                lines += [f"{indent}else:", *self.block(indent + "    ", depth - 1)]
            return lines
        if kind in ("while", "for"):
            return self.loop(kind, indent, depth)
        if kind == "exit":
            word = self.pick(("break", "continue"))
            return [f"{indent}if {self.bool_expr(1)}:", f"{indent}    {word}"]
        return [f"{indent}if {self.bool_expr(1)}:", f"{indent}    return {self.result_expr()}"]

    def loop(self, kind: str, indent: str, depth: int) -> list[str]:
        inner = indent + "    "
        if kind == "while":
            counter = f"_c{self.counters}"
            self.counters += 1
            bound = self.draw(st.integers(0, 3))
            head = [f"{indent}{counter} = 0",
                    f"{indent}while {counter} < {bound} and {self.bool_expr(1)}:",
                    f"{inner}{counter} += 1"]
        else:
            source = self.pick(("range", "copy", "tuple", "str", "pairs"))
            target = self.pick(INT_VARS)
            if source == "range":
                iterable = f"range({self.draw(st.integers(0, 3))})"
            elif source == "copy":
                iterable = f"{self.pick(LIST_VARS)}[:3]"
            elif source == "tuple":
                iterable = "(" + ", ".join(self.int_expr(1) for _ in range(2)) + ",)"
            elif source == "str":
                target = self.pick(STR_VARS)
                iterable = f"{self.str_expr(1)}[:3]"
            else:
                x, y = self.draw(st.permutations(INT_VARS))[:2]
                target = f"{x}, {y}"
                iterable = f"[({self.int_expr(1)}, {self.int_expr(1)}), (1, 2)]"
            head = [f"{indent}for {target} in {iterable}:"]
        saved = self.in_loop
        self.in_loop = True
        self.loop_depth += 1
        body = self.block(inner, depth - 1)
        self.loop_depth -= 1
        self.in_loop = saved
        return head + body

    def result_expr(self) -> str:
        return f"({self.int_expr(1)}, {self.str_expr(1)}, {self.list_expr(1)})"


@st.composite
def programs(draw: Draw) -> tuple[str, tuple[Any, ...]]:
    """A function ``f(a, b, s, xs)`` plus arguments to call it with."""
    gen = _Gen(draw)
    lines = [f"def f({', '.join(PARAMS)}):"]
    for name, init in (("i", "0"), ("j", "b"), ("t", "s[:1]"), ("ys", "[]")):
        if draw(st.integers(0, 9)) < 8:  # sometimes bound on one path only, or never
            lines.append(f"    {name} = {init}")
    lines += gen.block("    ", depth=3, size=5)
    lines.append(f"    return {gen.result_expr()}")
    small = st.integers(-10, 10)
    args = (draw(st.one_of(small, st.integers())), draw(small),
            draw(st.text(alphabet="ab'é", max_size=4)), draw(st.lists(small, max_size=4)))
    return "\n".join(lines) + "\n", args


def _translate(source: str, filename: str) -> Any:
    agent = TRMAgent.load()
    parsed = agent.parse_module(source, filename)
    assert parsed.ok, [d.format() for d in parsed.diagnostics]
    return agent.translate_ast(parsed)


def _assert_round_trip(module: Any) -> None:
    verify(module)
    text = print_module(module)
    again = parse_ir(text)
    verify(again)
    assert print_module(again) == text


@_property_settings()
@given(programs())
def test_generated_functions_verify_and_round_trip(program: tuple[str, tuple[Any, ...]]) -> None:
    source, _ = program
    module = _translate(source, "<gen>")
    blocked = [(f.qualname, [b.format() for b in f.blockers]) for f in module.functions
               if not f.lowered]
    assert not blocked, f"{blocked}\n{source}"
    _assert_round_trip(module)


@_property_settings()
@given(programs())
def test_generated_functions_behave_the_same_in_every_mode(
        program: tuple[str, tuple[Any, ...]]) -> None:
    source, args = program
    outcomes = {}
    for mode in MODES:
        module = load(source, "<gen>", mode)
        outcomes[mode] = capture(module.f, args, {})
    for mode in MODES[1:]:
        difference = compare(outcomes["original"], outcomes[mode])
        assert difference is None, f"{mode}: {difference}\nargs={args!r}\n{source}"


def test_generator_covers_the_grammar() -> None:
    """The strategy really reaches loops, exits, unpacking and displays (not only leaves)."""
    seen: set[str] = set()

    @settings(max_examples=60, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(programs())
    def collect(program: tuple[str, tuple[Any, ...]]) -> None:
        text = program[0]
        for marker in ("while ", "for ", "break", "continue", "elif ", "*", "{", " and ",
                       " or ", "not ", " if ", "len(", "[:"):
            if marker in text:
                seen.add(marker)

    collect()
    assert len(seen) >= 11, seen


PATTERN_FILES = sorted(PATTERNS_DIR.glob("*.py"))


@pytest.mark.parametrize("path", PATTERN_FILES, ids=[p.name for p in PATTERN_FILES])
def test_pattern_corpus_lowered_functions_round_trip(path: Path) -> None:
    module = _translate(path.read_text(), str(path))
    lowered = module.lowered
    module.functions = lowered  # blocked functions may hold partial bodies
    _assert_round_trip(module)
