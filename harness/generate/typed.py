"""The typed program generator (Csmith/YARPGen style) for differential testing.

``generate(seed)`` builds an executable, deterministic, terminating Python module: module
globals, a value class with operator overloading (``Box``), a recording context manager,
several interacting functions of different shapes (plain, small helpers called in loops,
generators, depth-bounded recursion, coroutines driven without an event loop, methods),
``CASES`` in the ``corpora/patterns`` format and a ``main()`` that runs them and prints a
checksum.  Every decision is drawn from one recorded choice sequence (choices.Choices), so
``(GENERATOR_VERSION, seed)`` regenerates a program exactly and ``replay(choices)`` rebuilds
it from the sequence alone, which is what a reducer shrinks.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass, field

from harness.generate.choices import Choices
from harness.generate.policy import Policy
from harness.generate.scope import Ctx, Fn, Var
from harness.generate.shapes import ShapeGen
from harness.generate.values import (
    BOX,
    CAPS,
    DICT,
    FLOAT,
    HUGE_BITS,
    INT,
    LIST,
    PLAIN_TYPES,
    SET,
    STR,
    Abs,
    literal,
)

__all__ = ["GENERATOR_VERSION", "GeneratedProgram", "generate", "replay"]

GENERATOR_VERSION = "typed-4"

PREFIX = {"plain": "f", "helper": "h", "generator": "gen", "recursive": "rec", "async": "co",
          "method": "m"}

SUPPORT = '''
class GenError(Exception):
    """The generated program's own exception."""


class Ctx:
    """A context manager that records what happened and may suppress exceptions."""

    def __init__(self, tag, suppress):
        self.tag = tag
        self.suppress = suppress
        self.events = []

    def __enter__(self):
        self.events.append(f"enter{self.tag}")
        return self

    def __exit__(self, exc_type, exc, tb):
        self.events.append("exit" if exc_type is None else exc_type.__name__)
        return self.suppress and exc_type is not None and issubclass(exc_type, Exception)


def keep(fn):
    """An identity decorator."""
    return fn


def twice(fn):
    """A decorator that calls the function twice and returns the second result."""

    def wrapper(*args, **kwargs):
        fn(*args, **kwargs)
        return fn(*args, **kwargs)
    return wrapper


class Box:
    """A small value object with operator overloading."""

    def __init__(self, val):
        self.val = val

    def __add__(self, other):
        if isinstance(other, Box):
            return Box((self.val + other.val) % 18446744073709551557)
        return Box((self.val + other) % 18446744073709551557)

    def __radd__(self, other):
        return Box((other + self.val) % 18446744073709551557)

    def __sub__(self, other):
        return Box((self.val - other.val) % 18446744073709551557)

    def __mul__(self, k):
        return Box(self.val * k % 18446744073709551557)

    def __floordiv__(self, k):
        return Box(self.val // k)

    def __mod__(self, k):
        return Box(self.val % k)

    def __pow__(self, k):
        return Box(pow(self.val, k, 18446744073709551557))

    def __neg__(self):
        return Box(-self.val)

    def __eq__(self, other):
        return isinstance(other, Box) and self.val == other.val

    def __lt__(self, other):
        return self.val < other.val

    def __repr__(self):
        return f"Box({self.val})"
'''

SUBCLASS = '''
class Tagged(Box):
    """A Box subclass: super(), a property, a classmethod and a staticmethod."""

    def __init__(self, val, label=0):
        super().__init__(val)
        self.label = label

    @property
    def double(self):
        return self.val * 2

    @classmethod
    def make(cls, val):
        return cls(val % 18446744073709551557, 1)

    @staticmethod
    def clip(x):
        return x % 1000003

    def __repr__(self):
        return f"Tagged({self.val}, {self.label})"
'''

ASYNC_SUPPORT = '''
class Aw:
    """An awaitable that is ready at once: ``await Aw(v)`` gives ``v``."""

    def __init__(self, value):
        self.value = value

    def __await__(self):
        yield from ()
        return self.value


class ARange:
    """``async for`` over 1..n without an event loop."""

    def __init__(self, n):
        self.i = 0
        self.n = n

    def __aiter__(self):
        return self

    async def __anext__(self):
        if self.i >= self.n:
            raise StopAsyncIteration
        self.i += 1
        return self.i


class ACtx:
    """An async context manager that records its events."""

    def __init__(self, tag):
        self.tag = tag
        self.events = []

    async def __aenter__(self):
        self.events.append(self.tag)
        return self

    async def __aexit__(self, exc_type, exc, tb):
        self.events.append(-self.tag)
        return False


def _run(coro):
    """Drive a coroutine that never suspends: no event loop, nothing nondeterministic."""
    for _ in range(1000):
        try:
            coro.send(None)
        except StopIteration as stop:
            return stop.value
    coro.close()
    raise GenError("coroutine did not finish")
'''

DRIVER = '''
def _stable(value):
    """A text form equal exactly when values are (nan, -0.0 and 1 vs True included)."""
    if isinstance(value, float):
        return "f" + value.hex()
    if isinstance(value, (list, tuple)):
        return type(value).__name__ + "[" + ",".join(_stable(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ",".join(_stable(k) + ":" + _stable(v) for k, v in value.items()) + "}"
    if isinstance(value, (set, frozenset)):
        return "set{" + ",".join(sorted(_stable(v) for v in value)) + "}"
    return type(value).__name__ + ":" + repr(value)


def main():
    """Run every case on fresh copies of its inputs and print one checksum of all results."""
    lines = []
    for name, args, kwargs in CASES:
        try:
            value = globals()[name](*copy.deepcopy(args), **copy.deepcopy(kwargs))
        except Exception as exc:
            lines.append(name + " raised " + type(exc).__name__)
        else:
            lines.append(name + " -> " + _stable(value))
    digest = hashlib.sha256("\\n".join(lines).encode()).hexdigest()
    print("checksum", digest, "cases", len(lines))
    return digest


if __name__ == "__main__":
    main()
'''


@dataclass(frozen=True, slots=True)
class GeneratedProgram:
    """A generated module and everything needed to regenerate or shrink it."""

    source: str
    seed: int | None
    version: str
    policy: str
    choices: tuple[int, ...]
    constructs: dict[str, int] = field(default_factory=dict)
    entries: tuple[str, ...] = ()


class ProgramGen(ShapeGen):
    """Module-level assembly: globals, functions of each kind, methods, CASES, driver."""

    def __init__(self, policy: Policy, ch: Choices) -> None:
        super().__init__(policy, ch)
        self.globals: list[Var] = []
        self.entries: list[Fn] = []

    # --- functions -------------------------------------------------------------------------
    def int_cap(self) -> Abs:
        return Abs(bits=HUGE_BITS) if self.ch.chance(self.p.huge_int * 2) else CAPS[INT]

    def cap_for(self, ty: str) -> Abs:
        return self.int_cap() if ty == INT else CAPS[ty]

    def pick_plain(self, allow_box: bool) -> str:
        names = [n for n in self.p.type_weights if n in PLAIN_TYPES or (allow_box and n == BOX)]
        return names[self.ch.weighted([self.p.type_weights[n] for n in names])]

    def budget_for(self, kind: str, entry: bool) -> int:
        base = self.p.budget
        if entry:
            return base * 2
        return {"helper": 60, "method": base // 4}.get(kind, base // 2 if kind != "plain"
                                                     else base)

    def new_function(self, kind: str, entry: bool = False) -> Fn:
        fn = Fn(self.fresh(PREFIX[kind]), kind, budget=self.budget_for(kind, entry),
                entry=entry)
        self.signature_for(fn)
        scope = tuple(self.globals) + tuple(fn.params)
        ctx = Ctx(fn, scope, indent=2 if kind == "method" else 1,
                  mult=7 if kind == "recursive" else 1)
        if kind == "recursive":
            self.recursive_body(ctx)
        else:
            self.body(ctx)
        self.note(f"fn.{kind}")
        if not entry:
            self.decorate(fn, allow_twice=kind in ("plain", "helper"))
        return fn

    def make_twin(self, fn: Fn) -> Fn:
        """Another body behind ``fn``'s exact signature (names, defaults, keyword-only), so
        that a ``patch`` statement may swap the two functions' ``__code__`` at run time.

        Made before ``fn`` joins the callee pool, so neither body can call ``fn`` (the call
        graph stays a DAG whichever code ``fn`` runs); both get the larger cost summary."""
        twin = Fn(self.fresh(PREFIX[fn.kind]), fn.kind, budget=fn.budget, ret=fn.ret,
                  ret_cap=fn.ret_cap, defaults=dict(fn.defaults), kwonly=list(fn.kwonly))
        twin.params = [Var(p.name, p.ty, p.cap, twin, readonly=p.readonly, kind=p.kind)
                       for p in fn.params]
        self.body(Ctx(twin, tuple(self.globals) + tuple(twin.params)))
        fn.cost = twin.cost = max(fn.cost, twin.cost)
        fn.mutates = twin.mutates = fn.mutates or twin.mutates
        fn.twin = twin
        self.note("fn.twin")
        return twin

    def signature_for(self, fn: Fn) -> None:
        kind = fn.kind
        if kind == "helper":
            types = [self.ch.pick((INT, INT, FLOAT)) for _ in range(self.ch.between(1, 2))]
            fn.ret = self.ch.pick((INT, INT, FLOAT, "bool"))
        elif kind == "generator":
            types = [self.pick_plain(True) for _ in range(self.ch.between(*self.p.params))]
            fn.ret = INT
        elif kind == "recursive":
            types = [INT]
            fn.ret = INT
        elif kind == "method":
            types = [INT for _ in range(self.ch.between(0, 2))]
            fn.ret = self.ch.pick((INT, BOX))
            fn.params.append(Var("self", BOX, CAPS[BOX], fn, readonly=True, kind="self"))
        else:
            types = [self.pick_plain(not fn.entry) for _ in range(self.ch.between(*self.p.params))]
            fn.ret = self.pick_plain(not fn.entry)
        fn.ret_cap = Abs(bits=40) if kind == "generator" else self.cap_for(fn.ret)
        for ty in types:
            fn.params.append(Var(self.fresh("p"), ty, self.cap_for(ty), fn, kind="param"))
        if kind == "recursive":
            fn.params.append(Var("depth", INT, Abs(bits=3, nonneg=True), fn, readonly=True,
                                 kind="depth"))
            return
        plain = [p for p in fn.params if p.kind == "param"]
        for p in reversed(plain):  # defaults on a suffix of the parameters
            if not self.ch.chance(0.3):
                break
            fn.defaults[p.name] = self.default_text(p)
        if plain and kind not in ("helper",) and self.ch.chance(0.15):
            fn.kwonly.append(plain[-1].name)

    def default_text(self, p: Var) -> str:
        if p.ty == BOX:
            return "Box(1)"
        return literal(p.ty, self.ch, self.p.huge_int, self.p.special_float,
                       p.cap.bits or 64).text

    def declare_locals(self, ctx: Ctx, count: int) -> Ctx:
        for _ in range(count):
            ty = self.pick_plain(ctx.fn.kind != "helper")
            var = Var(self.fresh("v"), ty, self.cap_for(ty), ctx.fn)
            value = self.fit(ty, ctx, 1, var.cap)
            self.emit(ctx, f"{var.name} = {value.text}")
            ctx = ctx.with_vars(var)
        return ctx

    def body(self, ctx: Ctx) -> None:
        fn = ctx.fn
        if fn.kind == "helper":
            ctx = self.declare_locals(ctx, self.ch.between(0, 1))
            if self.ch.chance(self.p.search_helpers) and self.search_body(ctx):
                return
            ended = self.block(ctx, self.ch.between(0, 2) or 1)
        else:
            ctx = self.declare_locals(ctx, self.ch.between(*self.p.locals))
            ended = self.block(ctx, self.ch.between(*self.p.stmts))
        if fn.kind == "generator":
            if fn.yields == 0 or self.ch.draw(3) != 0:
                fn.yields += 1
                self.emit(ctx, f"yield {self.fit(INT, ctx, 1, fn.ret_cap).text}")
        elif not ended:
            self.emit(ctx, f"return {self.fit(fn.ret, ctx, 0, fn.ret_cap).text}")

    def recursive_body(self, ctx: Ctx) -> None:
        fn = ctx.fn
        self.emit(ctx, "if depth <= 0:")
        self.emit(ctx, f"return {self.fit(INT, ctx.block(), 1, fn.ret_cap).text}", 1)
        ctx = self.declare_locals(ctx, self.ch.between(0, 2))
        self.block(ctx, self.ch.between(0, 3) or 1)
        result = Var(self.fresh("v"), INT, fn.ret_cap, fn)
        arg = self.fit(INT, ctx, 1)
        self.emit(ctx, f"{result.name} = {fn.name}({arg.text}, depth - 1)")
        ctx = ctx.with_vars(result)
        self.emit(ctx, f"return {self.fit(INT, ctx, 1, fn.ret_cap).text}")
        self.note("fn.recursion")

    def function_text(self, fn: Fn, indent: int = 0) -> str:
        pad = "    " * indent
        head = "async def" if fn.kind == "async" else "def"
        lines = [f"{pad}@{name}" for name in fn.decorators]
        lines.append(f"{pad}{head} {fn.name}({self.signature(fn)}):")
        if self.ch.draw(6) == 5:
            lines.append(f'{pad}    """Generated {fn.kind} function."""')
        if fn.globals_written:
            lines.append(f"{pad}    global {', '.join(fn.globals_written)}")
        return "\n".join(lines + fn.lines)

    # --- module ----------------------------------------------------------------------------
    def make_globals(self) -> list[str]:
        lines = []
        for _ in range(self.ch.between(1, 4)):
            ty = self.ch.pick((INT, INT, LIST, DICT, STR, FLOAT, SET))
            var = Var(self.fresh("g_"), ty, self.cap_for(ty), None, kind="global")
            value = literal(ty, self.ch, self.p.huge_int, self.p.special_float,
                            var.cap.bits or 64)
            lines.append(f"{var.name} = {value.text}")
            self.globals.append(var)
        return lines

    def build(self) -> str:
        # Drawn first: whether module-level code leaves every helper call to nested scopes.
        self.nested_helpers = self.ch.chance(self.p.nested_helpers)
        if self.nested_helpers:
            self.note("program.nested-helpers")
        global_lines = self.make_globals()
        kinds = list(self.p.fn_weights)
        weights = [self.p.fn_weights[k] for k in kinds]
        methods_left = self.ch.between(*self.p.methods)
        functions: list[Fn] = []
        for index in range(self.ch.between(*self.p.functions)):
            kind = kinds[self.ch.weighted(weights)]
            if index == 0 and self.nested_helpers and self.p.fn_weights.get("helper", 0) > 0:
                kind = "helper"  # the nested scopes' callee
            if kind == "method":
                if methods_left <= 0:
                    kind = "plain"
                else:
                    methods_left -= 1
            fn = self.new_function(kind)
            if kind in ("plain", "helper") and not fn.decorators and self.ch.chance(self.p.twins):
                functions.append(self.make_twin(fn))
            (self.methods if kind == "method" else self.functions).append(fn)
            if kind != "method":
                functions.append(fn)
        for _ in range(self.ch.between(*self.p.entries)):
            fn = self.new_function("plain", entry=True)
            self.functions.append(fn)
            self.entries.append(fn)
            functions.append(fn)
        parts = [
            "import copy\nimport hashlib\nimport math\n",
            "\n".join(global_lines) + "\n",
            SUPPORT.rstrip() + "\n" + "".join(
                "\n" + self.function_text(m, 1) + "\n" for m in self.methods),
            SUBCLASS,
        ]
        if self.async_used:
            parts.append(ASYNC_SUPPORT)
        parts += [self.function_text(fn) + "\n" for fn in functions]
        parts += [self.cases_text(), DRIVER]
        return "\n\n".join(part.strip("\n") for part in parts) + "\n"

    def cases_text(self) -> str:
        rows = []
        for fn in self.entries:
            for _ in range(self.ch.between(*self.p.cases)):
                args: list[str] = []
                kwargs: list[str] = []
                skipped = False
                for p in fn.params:
                    if p.name in fn.defaults and self.ch.draw(3) == 0:
                        skipped = True  # later parameters must go by keyword
                        continue
                    value = literal(p.ty, self.ch, self.p.huge_int, self.p.special_float,
                                    p.cap.bits or 64).text
                    if p.name in fn.kwonly or kwargs or skipped or (
                            p.name in fn.defaults and self.ch.draw(4) == 0):
                        kwargs.append(f"{p.name!r}: {value}")
                    else:
                        args.append(value)
                tup = "(" + ", ".join(args) + ("," if len(args) == 1 else "") + ")"
                rows.append(f"    ({fn.name!r}, {tup}, {{{', '.join(kwargs)}}}),")
        return "CASES = [\n" + "\n".join(rows) + "\n]\n"


def _seed_text(seed: int) -> str:
    return f"{GENERATOR_VERSION}:{seed}"


def _finish(gen: ProgramGen, ch: Choices, seed: int | None, policy: Policy) -> GeneratedProgram:
    text = gen.build()
    source = ast.unparse(ast.parse(text)) + "\n"  # normalise: drop redundant parentheses
    compile(source, "<generated>", "exec", dont_inherit=True)
    return GeneratedProgram(source, seed, GENERATOR_VERSION, policy.name, ch.sequence,
                            dict(sorted(gen.used.items())), tuple(f.name for f in gen.entries))


def generate(seed: int, policy: Policy | None = None) -> GeneratedProgram:
    """The program for ``(GENERATOR_VERSION, seed)`` under ``policy`` (default policy)."""
    policy = policy or Policy.default()
    ch = Choices(seed=_seed_text(seed))
    return _finish(ProgramGen(policy, ch), ch, seed, policy)


def replay(choices: Sequence[int], policy: Policy | None = None,
           seed: int | None = None) -> GeneratedProgram:
    """The program a recorded (or shrunk) choice sequence describes; draws past its end are 0."""
    policy = policy or Policy.default()
    ch = Choices(prefix=choices)
    return _finish(ProgramGen(policy, ch), ch, seed, policy)


def constructs_of(programs: Sequence[GeneratedProgram]) -> dict[str, int]:
    """How often each construct was drawn over ``programs`` (for coverage reports)."""
    total: dict[str, int] = {}
    for program in programs:
        for name, count in program.constructs.items():
            total[name] = total.get(name, 0) + count
    return dict(sorted(total.items()))

