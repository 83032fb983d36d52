"""Property tests for the constructs lowered after the foundation: generated programs agree.

``tests/test_ir_property.py`` draws functions of assignments, branches and loops; this file
extends its generator (by subclassing, so both keep one expression grammar) with try/except/
else/finally, ``with`` over a recording context manager, closures and ``nonlocal``, lambdas,
the four comprehensions and walrus targets, generators (``list``/``next``/``send``/``close``,
``yield from``), f-strings, ``match``, loop ``else`` clauses, ``del``, decorated nested defs
and a few ``async def`` driven by ``asyncio.run``.  Each program is run as written, compiled
and interpreted, and the three outcomes must compare equal; every function must be lowered,
since a blocked function is kept verbatim and would make "compiled" trivially agree.

Termination is by construction: loops are the foundation's bounded loops or ``range`` of a
small constant, generators are consumed a bounded number of times, nothing recurses, and
strings entering f-strings are sliced so no value grows faster than linearly.
"""

from __future__ import annotations

import textwrap
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harness.equivalence.outcome import capture, compare
from tests.test_ir_property import MODES, Draw, _Gen
from trm_agent.agent import TRMAgent
from trm_agent.loader import load

# Names every nested def may rebind through ``nonlocal``: all of f's foundation variables.
SHARED = ("a", "b", "i", "j", "s", "t", "xs", "ys")

# Helpers the generated bodies call; each is itself a lowered function of the program.
PRELUDE = '''\
import contextlib


class Rec:
    """Records enter/exit in the caller's log; optionally suppresses the exception."""

    def __init__(self, log, tag, suppress):
        self.log = log
        self.tag = tag
        self.suppress = suppress

    def __enter__(self):
        self.log.append(("enter", self.tag))
        return self.tag

    def __exit__(self, kind, value, tb):
        self.log.append(("exit", self.tag, None if kind is None else kind.__name__))
        return self.suppress


@contextlib.contextmanager
def managed(log, tag):
    log.append(("in", tag))
    try:
        yield tag * 2
    except ZeroDivisionError as e:
        log.append(("swallow", type(e).__name__))
    finally:
        log.append(("out", tag))


def logged(fn):
    def wrapper(*args, **kwargs):
        out = fn(*args, **kwargs)
        return (fn.__qualname__, out)
    return wrapper


def shift(k):
    def deco(fn):
        def wrapper(x, *rest, **kw):
            return fn(x + k, *rest, **kw)
        return wrapper
    return deco


def counter(start, step=1):
    total = start

    def bump(k=step):
        nonlocal total
        total += k
        return total
    return bump


def numbers(n, log):
    acc = 0
    try:
        for k in range(n):
            got = yield k + acc
            if got is not None:
                acc += got
    finally:
        log.append(("closed", n, acc))
    return acc


def relay(n, log):
    first = yield from numbers(n, log)
    second = yield from [first, -first]
    return (first, second)
'''

ASYNC_PRELUDE = '''
import asyncio


async def twice(x):
    await asyncio.sleep(0)
    return x * 2


class ARec:
    def __init__(self, log):
        self.log = log

    async def __aenter__(self):
        self.log.append("aenter")
        return len(self.log)

    async def __aexit__(self, kind, value, tb):
        self.log.append(("aexit", None if kind is None else kind.__name__))
        return False
'''

RAISERS = (
    "i = {i} // ({v} % 3)",
    "j = {{0: a, 1: b, 2: {i}}}[{i}]",
    "i = {l}[{i}]",
    "del ys[{i}]",
    "if {b}: raise KeyError({s})",  # conditional: code after an unconditional raise is
    "if {b}: raise ValueError({i})",  # dead, and dead bindings are a known bug (see below)
    "i = int({s})",
    "t = {s}[{i}]",
)
HANDLED = ("ZeroDivisionError", "(KeyError, IndexError)", "LookupError", "ValueError",
           "ArithmeticError", "Exception", "(TypeError, NameError)")
PATTERNS = (
    "0 | 1", "int(n) if n > {i}", "(p, q)", "[p, *rest] if len(rest) < 2", "[i, j]",
    "{{'k': p, **rest}}", "{{'k': 0}}", "str() as w if w", "(p, 'a' | 'b') | [p, 'é']",
    "[]", "{i} | {i2}", "_ if {bool}",
)
SUBJECTS = ("a", "b % 4", "(a, b)", "xs", "xs[:2]", "{{'k': a, 'z': b}}", "s", "(a, s[:1])",
            "{{'k': {i}}}", "[{i}, 'é']")
FORMATS = ("{a!r:>6}", "{s[:3]!a}", "{s[:3]!r:^7}", "{b:+d}", "{a:#x}", "{b:03}",
           "{s[:2]:^{abs(b) % 6}}", "{len(xs):_<4}", "{b / 4:.2f}", "{a=}", "{xs[:2]!s}",
           "{{braces}}", "{t[:3]=!s:>5}", "{b:,}", "{-b!s:>{1 + abs(b) % 3}}")


class _ExtGen(_Gen):
    """The foundation generator plus the newer statement kinds, nestable in one another."""

    def __init__(self, draw: Draw) -> None:
        super().__init__(draw)
        self.uid = 0
        self.in_generator = False
        self.in_async = False
        self.nested = 0  # depth of nested defs (bounded so programs stay small)
        self.uses_async = False

    def fresh(self, stem: str) -> str:
        self.uid += 1
        return f"{stem}{self.uid}"

    def small(self, lo: int = 0, hi: int = 3) -> int:
        return int(self.draw(st.integers(lo, hi)))

    def result_expr(self) -> str:
        """f also returns its log; a nested def does not (its result is logged: no cycles)."""
        log = "" if self.nested else ", log"
        return f"({self.int_expr(1)}, {self.str_expr(1)}, {self.list_expr(1)}{log}, cnt)"

    def stmt(self, indent: str, depth: int) -> list[str]:
        kinds = ["base", "base", "base", "fstring", "comp", "lambda", "del", "walrus"]
        if depth > 0:
            kinds += ["try", "try", "with", "match", "loop_else", "closure", "generator",
                      "decorated", "counter"]
            if self.nested < 2:
                kinds += ["nested", "gen_def"]
        if self.in_generator:
            kinds += ["yield", "yield"]
        if self.in_async:
            kinds += ["await"]
        kind = self.pick(kinds)
        if kind == "base":
            return super().stmt(indent, depth)
        return list(getattr(self, "k_" + kind)(indent, depth))

    def loop(self, kind: str, indent: str, depth: int) -> list[str]:
        """The foundation's loops; a ``for`` sometimes with an ``else`` clause."""
        lines = super().loop(kind, indent, depth)
        if kind == "for" and self.draw(st.integers(0, 3)) == 0:
            lines += self.loop_else(indent, depth)
        return lines

    def loop_else(self, indent: str, depth: int) -> list[str]:
        return [f"{indent}else:", f"{indent}    log.append('else')",
                *self.block(indent + "    ", depth - 1, 2)]

    def sub_block(self, indent: str, depth: int, size: int = 2, raiser: bool = False) -> list[str]:
        """A nested block; with ``raiser``, one statement in it raises from a real operation."""
        count = self.small(1, size)
        stmts = [self.stmt(indent, max(depth - 1, 0)) for _ in range(count)]
        if raiser:
            stmts.insert(self.small(0, count), [indent + self.raiser()])
        return [line for stmt in stmts for line in stmt]

    # --- exceptions ---------------------------------------------------------------------------
    def raiser(self) -> str:
        template = self.pick(RAISERS)
        return template.format(i=self.int_expr(1), v=self.pick(("a", "b", "i", "j")),
                               l=self.list_expr(1), s=self.str_expr(1), b=self.bool_expr(0))

    def k_try(self, indent: str, depth: int) -> list[str]:
        inner = indent + "    "
        lines = [f"{indent}try:", *self.sub_block(inner, depth, raiser=True)]
        handlers = self.small(0, 3)
        for _ in range(handlers):
            name = self.pick(("e", "err"))
            lines.append(f"{indent}except {self.pick(HANDLED)} as {name}:")
            lines.append(f"{inner}log.append(type({name}).__name__)")
            form = self.small(0, 5)
            if form == 0:
                lines.append(f"{inner}log.append((lambda: type({name}).__name__)())")
            elif form == 1:
                lines += [f"{inner}if {self.bool_expr(1)}:",
                          f"{inner}    raise RuntimeError('again') from {name}"]
            elif form == 2:
                lines += [f"{inner}if {self.bool_expr(1)}:", f"{inner}    raise"]
            lines += self.sub_block(inner, depth, 2)
        if handlers and self.chance():
            lines += [f"{indent}except:", f"{inner}log.append('bare')"]
        if handlers and self.chance():
            lines += [f"{indent}else:", f"{inner}log.append('else')",
                      *self.sub_block(inner, depth, 2)]
        if not handlers or self.chance():
            lines += [f"{indent}finally:", f"{inner}log.append('finally')",
                      *self.sub_block(inner, depth, 2)]
        if handlers and self.draw(st.integers(0, 9)) == 0:
            lines.append(f"{indent}log.append(repr(e))")  # the handler unbound its name
        return lines

    def k_with(self, indent: str, depth: int) -> list[str]:
        inner = indent + "    "
        items = []
        for _ in range(self.small(1, 2)):
            tag = self.pick(("'p'", "'q'", "s[:2]"))
            if self.draw(st.integers(0, 3)) == 0:
                manager = f"managed(log, {tag})"
            else:
                manager = f"Rec(log, {tag}, {self.pick(('True', 'False', 'a > b'))})"
            items.append(manager + (f" as {self.fresh('v')}" if self.chance() else ""))
        body = self.sub_block(inner, depth, raiser=self.chance())
        return [f"{indent}with {', '.join(items)}:", *body]

    # --- closures and nested defs -------------------------------------------------------------
    def nested_def(self, indent: str, depth: int, header: str, generator: bool,
                   is_async: bool = False) -> list[str]:
        """A def sharing f's variables through ``nonlocal``; its own loop context starts afresh."""
        inner = indent + "    "
        saved = (self.in_loop, self.loop_depth, self.in_generator, self.in_async)
        self.in_loop, self.loop_depth = False, 0
        self.in_generator, self.in_async = generator, is_async
        self.nested += 1
        everything = self.draw(st.integers(0, 4)) > 0  # else a subset: the rest are local
        shared = [n for n in SHARED if everything or self.chance()]
        lines = [f"{indent}{header}"]
        if shared:
            lines.append(f"{inner}nonlocal {', '.join(shared)}")
        lines += self.block(inner, max(depth - 1, 0), 3)
        if generator:
            lines.append(f"{inner}yield {self.int_expr(1)}")
        lines.append(f"{inner}return {self.result_expr()}")
        self.nested -= 1
        self.in_loop, self.loop_depth, self.in_generator, self.in_async = saved
        return lines

    def k_nested(self, indent: str, depth: int) -> list[str]:
        name = self.fresh("inner")
        default = self.int_expr(1)
        lines = self.nested_def(indent, depth, f"def {name}(x, y={default}):", False)
        argument = self.int_expr(1)
        call = f"{name}({argument})" if self.chance() else f"{name}(y=2, x={argument})"
        return [*lines, f"{indent}log.append({call})"]

    def k_gen_def(self, indent: str, depth: int) -> list[str]:
        name = self.fresh("gen")
        lines = self.nested_def(indent, depth, f"def {name}(m):", True)
        g = self.fresh("g")
        use = self.small(0, 3)
        start = f"{indent}{g} = {name}({self.small()})"
        step = f"{indent}log.append(next({g}, 'done'))"
        if use == 0:
            return [*lines, f"{indent}log.append(list({name}({self.small()})))"]
        if use == 1:
            return [*lines, start, step, step]
        if use == 2:
            return [*lines, f"{indent}log.append([v for v in {name}({self.small()})][:4])"]
        return [*lines, start, step, f"{indent}{g}.close()"]

    def k_yield(self, indent: str, depth: int) -> list[str]:
        form = self.small(0, 3)
        if form == 0:
            return [f"{indent}log.append((yield {self.int_expr(1)}))"]
        if form == 1:
            return [f"{indent}i = yield {self.int_expr(1)}",
                    f"{indent}i = 0 if i is None else i"]
        if form == 2:
            return [f"{indent}log.append((yield from numbers({self.small()}, log)))"]
        return [f"{indent}yield from {self.list_expr(1)}[:3]"]

    def k_closure(self, indent: str, depth: int) -> list[str]:
        fs, k = self.fresh("fs"), self.fresh("k")
        body = self.pick((f"lambda: {k}", f"lambda m={k}: m + {k}",
                          f"lambda m={k}, *, n={self.int_expr(1)}: (m, n, {k})"))
        lines = [f"{indent}{fs} = []",
                 f"{indent}for {k} in range({self.small(1, 3)}):",
                 f"{indent}    {fs}.append({body})"]
        if self.chance():
            lines.append(f"{indent}    {k} += 10")  # visible to every late-binding lambda
        return [*lines, f"{indent}log.append([h() for h in {fs}])"]

    def k_counter(self, indent: str, depth: int) -> list[str]:
        name = self.fresh("bump")
        lines = [f"{indent}def {name}(k=1):", f"{indent}    nonlocal cnt",
                 f"{indent}    cnt += k", f"{indent}    return cnt"]
        calls = [f"{indent}log.append({name}({self.int_expr(1)}))"
                 for _ in range(self.small(1, 2))]
        if self.chance():
            c = self.fresh("c")
            calls += [f"{indent}{c} = counter({self.int_expr(1)}, {self.small(-2, 2)})",
                      f"{indent}log.append(({c}(), {c}({self.small()}), {c}()))"]
        return lines + calls

    def k_lambda(self, indent: str, depth: int) -> list[str]:
        name = self.fresh("g")
        form = self.small(0, 2)
        if form == 0:
            lam = f"lambda x, y={self.int_expr(1)}: x * 2 + y"
            call = f"{name}({self.int_expr(1)})"
        elif form == 1:
            lam = f"lambda *xs2, **kw: (len(xs2), sorted(kw), {self.int_expr(1)})"
            call = f"{name}(1, 2, z={self.int_expr(1)})"
        else:
            lam = f"lambda: ({self.int_expr(1)}, {self.str_expr(1)})"
            call = f"{name}()"
        return [f"{indent}{name} = {lam}", f"{indent}log.append({call})"]

    def k_decorated(self, indent: str, depth: int) -> list[str]:
        name = self.fresh("h")
        decorators = [f"{indent}@{self.pick(('logged', f'shift({self.small(-2, 2)})'))}"
                      for _ in range(self.small(0, 2))]
        header = f"def {name}(x, y={self.int_expr(1)}, *, z={self.str_expr(1)}):"
        inner = indent + "    "
        body = [f"{inner}return (x + y, z[:2], {self.int_expr(1)})"]
        if self.chance():
            body.insert(0, f"{inner}\"\"\"A docstring.\"\"\"")
        call = self.pick((f"{name}({self.int_expr(1)})", f"{name}(1, z='é')",
                          f"{name}(y=3, x={self.int_expr(1)})"))
        return [*decorators, f"{indent}{header}", *body,
                f"{indent}log.append(({call}, {name}.__name__))"]

    def generator(self, indent: str, depth: int) -> list[str]:
        g = self.fresh("g")
        n = self.small(0, 4)
        form = self.small(0, 4)
        if form == 0:
            return [f"{indent}log.append(list(numbers({n}, log)))"]
        if form == 1:
            return [f"{indent}{g} = numbers({n}, log)",
                    f"{indent}log.append(next({g}, None))",
                    f"{indent}log.append({g}.send({self.int_expr(1)}))"]
        if form == 2:
            return [f"{indent}log.append(list(relay({n}, log)))"]
        if form == 3:
            return [f"{indent}{g} = relay({n}, log)",
                    f"{indent}log.append(next({g}, 'x'))",
                    f"{indent}{g}.close()"]
        return [f"{indent}log.append(sum(numbers({n}, log)))"]

    k_generator = generator

    # --- expressions with scopes of their own -------------------------------------------------
    def k_comp(self, indent: str, depth: int) -> list[str]:
        x = self.fresh("x")
        cond = f" if {x} {self.pick(('>', '<', '!='))} {self.int_expr(1)}" if self.chance() else ""
        src = self.pick((f"{self.list_expr(1)}[:4]", f"range({self.small()})",
                         f"{self.str_expr(1)}[:3]"))
        elt = f"{x}" if "str" in src or "'" in src else f"{x} * 2 + {self.pick(('a', 'b', 'i'))}"
        if src.endswith("[:3]") and not src.startswith("["):
            elt, cond = f"{x} + t[:1]", ""  # a string source: string elements
        kind = self.small(0, 5)
        if kind == 0:
            expr = f"[{elt} for {x} in {src}{cond}]"
        elif kind == 1:
            expr = f"sorted({{{elt} for {x} in {src}{cond}}}, key=repr)"
        elif kind == 2:
            expr = f"{{repr({x}): {elt} for {x} in {src}{cond}}}"
        elif kind == 3:
            expr = f"list({elt} for {x} in {src}{cond})"
        elif kind == 4:
            y = self.fresh("y")
            expr = f"[({x}, {y}) for {x} in {src} for {y} in range(2){cond}]"
        else:
            expr = f"next(({elt} for {x} in {src}{cond}), 'none')"
        if "t[:1]" in elt and kind == 4:
            expr = f"[{x} for {x} in {src}]"
        if self.chance() and "list" not in src:
            return [f"{indent}ys = [len(repr(v)) for v in {expr}][:4]"]
        return [f"{indent}log.append({expr})"]

    def k_walrus(self, indent: str, depth: int) -> list[str]:
        w, x = self.fresh("w"), self.fresh("x")
        if self.chance():
            test = f"({w} := {x} + {self.int_expr(1)}) > a"
            return [f"{indent}log.append([{w} for {x} in xs[:4] if {test}])",
                    f"{indent}log.append({w})"]
        return [f"{indent}if ({w} := {self.int_expr(1)}) > {self.int_expr(1)}:",
                f"{indent}    log.append({w})",
                f"{indent}log.append({w} if {self.bool_expr(1)} else -1)"]

    def k_fstring(self, indent: str, depth: int) -> list[str]:
        parts = [self.pick(FORMATS) for _ in range(self.small(1, 4))]
        text = self.pick(("|", "", "é", "'"))
        literal = "f" + repr(text.join(parts))
        if "\\" in literal:
            literal = 'f"' + "|".join(parts) + '"'
        return [f"{indent}{self.pick(('t', 's'))} = {literal}[:12]"]

    def k_del(self, indent: str, depth: int) -> list[str]:
        form = self.small(0, 3)
        if form == 0:
            return [f"{indent}del t", f"{indent}t = {self.str_expr(1)}"] if self.chance() \
                else [f"{indent}del t"]
        if form == 1:
            return [f"{indent}del ys[{self.int_expr(1)}]"]
        if form == 2:
            return [f"{indent}del xs[:{self.small()}]"]
        return [f"{indent}del i, ys[:1]"]

    # --- statements ----------------------------------------------------------------------------
    def k_match(self, indent: str, depth: int) -> list[str]:
        inner = indent + "    "
        subject = self.pick(SUBJECTS).format(i=self.int_expr(1))
        lines = [f"{indent}match {subject}:"]
        patterns = self.draw(st.lists(st.sampled_from(PATTERNS), min_size=1, max_size=4,
                                      unique=True))
        for pattern in patterns:
            text = pattern.format(i=self.draw(st.integers(-2, 5)),
                                  i2=self.draw(st.integers(-2, 5)), bool=self.guard())
            lines += [f"{inner}case {text}:", f"{inner}    log.append({pattern[:6]!r})",
                      *self.sub_block(inner + "    ", depth, 2)]
        if self.chance():
            lines += [f"{inner}case _:", f"{inner}    log.append('default')"]
        return lines

    def guard(self) -> str:
        """Leaves only: a chain or an ``or`` value in a guard or while-else condition is a known
        codegen gap (see the regression tests below), which would otherwise mask deeper bugs."""
        if self.chance():
            return self.bool_expr(0)
        op = self.pick(("<", "<=", ">", "!="))
        return f"{self.int_expr(0)} {op} {self.int_expr(0)}"

    def k_loop_else(self, indent: str, depth: int) -> list[str]:
        """A while-else whose condition has no chained comparison (see ``guard``)."""
        if self.loop_depth >= 2:
            return [f"{indent}log.append('flat')"]
        counter = self.fresh("_w")
        head = [f"{indent}{counter} = 0",
                f"{indent}while {counter} < {self.small()} and {self.guard()}:",
                f"{indent}    {counter} += 1"]
        saved = self.in_loop
        self.in_loop = True
        self.loop_depth += 1
        body = self.block(indent + "    ", depth - 1, 2)
        self.loop_depth -= 1
        self.in_loop = saved
        return head + body + self.loop_else(indent, depth)

    def k_await(self, indent: str, depth: int) -> list[str]:
        self.uses_async = True
        if self.chance():
            return [f"{indent}log.append(await twice({self.int_expr(1)}))"]
        return [f"{indent}async with ARec(log) as {self.fresh('v')}:",
                f"{indent}    log.append(await twice(len(log)))"]


def _async_block(gen: _ExtGen) -> list[str]:
    """An ``async def`` inside f, run to completion by ``asyncio.run``."""
    gen.uses_async = True
    lines = gen.nested_def("    ", 2, "async def main(x):", False, is_async=True)
    return [*lines, f"    log.append(asyncio.run(main({gen.int_expr(1)})))"]


@st.composite
def programs(draw: Draw) -> tuple[str, tuple[Any, ...]]:
    """A module: the helpers, then ``f(a, b, s, xs)`` mixing old and new constructs."""
    gen = _ExtGen(draw)
    lines = ["def f(a, b, s, xs):", "    log = []", "    cnt = 0", "    i = 0", "    j = b",
             "    t = s[:1]", "    ys = []"]
    lines += gen.block("    ", depth=3, size=5)
    if draw(st.integers(0, 9)) == 0:
        lines += _async_block(gen)
    lines.append(f"    return {gen.result_expr()}")
    prelude = PRELUDE + (ASYNC_PRELUDE if gen.uses_async else "")
    source = prelude + "\n\n" + "\n".join(lines) + "\n"
    small = st.integers(-10, 10)
    args = (draw(small | small | st.integers()), draw(small),
            draw(st.text(alphabet="ab'é1", max_size=4)), draw(st.lists(small, max_size=4)))
    return source, args


def check_program(source: str, args: tuple[Any, ...]) -> None:
    """Every function is lowered, and f behaves the same in every mode."""
    result = TRMAgent.load().compile_source(source, "<gen>")
    assert result.module is not None, [d.format() for d in result.diagnostics]
    blocked = [(fn.qualname, [b.format() for b in fn.blockers])
               for fn in result.module.functions if not fn.lowered]
    assert not blocked, f"{blocked}\n{source}"
    outcomes = {mode: capture(load(source, "<gen>", mode).f, args, {}) for mode in MODES}
    for mode in MODES[1:]:
        difference = compare(outcomes["original"], outcomes[mode])
        assert difference is None, f"{mode}: {difference}\nargs={args!r}\n{source}"


def _settings() -> settings:
    examples = (100 if settings.get_current_profile_name() == "default"
                else settings().max_examples)
    return settings(max_examples=examples, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@_settings()
@given(programs())
# A generated generator may catch GeneratorExit (bare ``except:``) and yield again: when it is
# collected, CPython reports "generator ignored GeneratorExit" as unraisable, in every mode.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
# Interpreted generators raise the recursion limit on their threads (process-wide).
@pytest.mark.filterwarnings("ignore:The recursion limit will not be reset")
def test_extended_programs_are_lowered_and_agree(program: tuple[str, tuple[Any, ...]]) -> None:
    check_program(*program)


def test_generator_covers_the_new_constructs() -> None:
    """The strategy really reaches every construct this file is about (not only the leaves)."""
    seen: set[str] = set()
    markers = ("try:", "except ", "finally:", "with ", "nonlocal ", "lambda", " for x",
               "yield", "yield from", "f'", "match ", "case ", "else:", "del ", "@",
               ":= ", "async def", ".send(", ".close()", "raise")

    @settings(max_examples=80, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(programs())
    def collect(program: tuple[str, tuple[Any, ...]]) -> None:
        body = program[0].split("\ndef f(", 1)[1]
        seen.update(marker for marker in markers if marker in body)

    collect()
    assert len(seen) >= len(markers) - 2, sorted(set(markers) - seen)


# --- regressions: minimal programs shrunk from failures of the property above -----------------

def _regression(source: str, *args: Any) -> None:
    check_program(textwrap.dedent(source), args)


def test_dead_assignment_still_makes_a_name_local() -> None:
    _regression("""\
        i = 0


        def f():
            return i
            i = 1
        """)


def test_dead_assignment_in_a_nested_def_after_raise() -> None:
    _regression("""\
        def f(a):
            i = 0

            def g():
                try:
                    raise KeyError(i)
                    i = a
                except NameError as e:
                    return type(e).__name__
            return g()
        """, 1)


def test_chained_comparison_in_a_match_guard() -> None:
    _regression("""\
        def f(a):
            match a:
                case _ if 0 < a < 2:
                    a = 5
            return a
        """, 1)


def test_chained_comparison_in_a_while_else_condition() -> None:
    _regression("""\
        def f(a):
            try:
                pass
            except KeyError:
                a = 0
            while 0 < a < 3:
                a += 1
            else:
                a = -a
            return a
        """, 1)


def test_or_value_in_a_while_else_condition() -> None:
    _regression("""\
        def f(a, xs):
            w = 0
            while w < 2 and a <= (xs[0] or 1):
                w += 1
            else:
                w = 5
            return w
        """, 1, [2])


def test_deleting_an_unbound_nonlocal_twice() -> None:
    _regression("""\
        def f():
            i = 0

            def g():
                nonlocal i
                del i
                del i
            g()
        """)


def test_generator_abandoned_in_a_handler_is_closed_on_return() -> None:
    _regression("""\
        def numbers(n, log):
            try:
                for k in range(n):
                    yield k
            finally:
                log.append("closed")


        def f():
            log = []
            try:
                1 // 0
            except Exception as e:
                log.append(type(e).__name__)
                g = numbers(4, log)
                log.append(next(g))
            return log
        """)
