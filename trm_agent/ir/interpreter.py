"""The IR interpreter: executes lowered functions with Python semantics and counts cost.

Each op kind's meaning is a small rule registered on its declaration (``rule("interp", ...)``).
The deterministic weighted cost (``OpDef.cost`` per executed op) is the noise-free training signal
of DESIGN §3; wall-clock time is measured elsewhere.
"""

from __future__ import annotations

import ast
import builtins
import copy
import operator
import sys
import types
from collections import Counter
from typing import Any

from trm_agent.ir import incremental
from trm_agent.ir.core import Function, Module, Op, Region, Value
from trm_agent.ir.generators import Bridge, awaitable_iterator, coroutine, relay, yield_from
from trm_agent.ir.opdefs import rule
from trm_agent.linemap import indent_text

_BINARY = {
    "+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv,
    "//": operator.floordiv, "%": operator.mod, "**": operator.pow, "<<": operator.lshift,
    ">>": operator.rshift, "&": operator.and_, "|": operator.or_, "^": operator.xor,
    "@": operator.matmul,
}
_INPLACE = {
    "+": operator.iadd, "-": operator.isub, "*": operator.imul, "/": operator.itruediv,
    "//": operator.ifloordiv, "%": operator.imod, "**": operator.ipow, "<<": operator.ilshift,
    ">>": operator.irshift, "&": operator.iand, "|": operator.ior, "^": operator.ixor,
    "@": operator.imatmul,
}
_UNARY: dict[str, Any] = {"-": operator.neg, "+": operator.pos, "~": operator.invert,
                          "not": operator.not_}
_COMPARE = {
    "==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le,
    ">": operator.gt, ">=": operator.ge, "is": operator.is_, "is not": operator.is_not,
    "in": lambda a, b: a in b,
    "not in": lambda a, b: a not in b,
}


class InterpreterError(RuntimeError):
    """The IR reached a state valid IR cannot reach (a compiler bug, never a user error)."""


class Frame:
    """The values, slots and cells of one function activation."""

    __slots__ = ("bridge", "cells", "consumed", "fn", "frees", "slots", "values")

    def __init__(self, fn: Function | None = None) -> None:
        self.fn = fn
        self.bridge: Bridge | None = None  # set while running a generator/coroutine body
        self.values: dict[Value, Any] = {}
        self.slots: dict[str, Any] = {}
        self.cells: dict[str, types.CellType] = {}
        self.frees: frozenset[str] = frozenset()
        # ``*x``/``**m`` operands already taken where CPython takes them (ir/incremental.py)
        self.consumed: dict[tuple[Op, int], Any] = {}

    def cell(self, name: str) -> types.CellType:
        found = self.cells.get(name)
        if found is None:  # our own cell variable: created empty, as CPython does at entry
            found = self.cells[name] = types.CellType()
        return found


INTERP_HOOK = "__trm_interp__"


def trampoline(fn: Function, index: int, frees: list[str]) -> ast.stmt:
    """``return __trm_interp__(index, (params...), lambda: (frees...))``: a function body that
    enters the interpreter.  The lambda closes over the function's free variables, so its
    ``__closure__`` hands the interpreter the very cells the function was created with."""
    params = ast.Tuple([ast.Name(p, ast.Load()) for p in fn.params], ast.Load())
    call_args: list[ast.expr] = [ast.Constant(index), params]
    if frees:
        no_args = ast.arguments([], [], None, [], [], None, [])
        call_args.append(ast.Lambda(no_args, ast.Tuple([ast.Name(n, ast.Load()) for n in frees],
                                                       ast.Load())))
    call: ast.expr = ast.Call(ast.Name(INTERP_HOOK, ast.Load()), call_args, [])
    if fn.is_async:  # the native coroutine awaits the interpreted one
        call = ast.Await(call)
    stmt = ast.Return(call)
    stmt.lineno, stmt.col_offset = fn.lineno, 0
    return stmt


def free_names(module: Module | None, fn: Function) -> list[str]:
    scope = module.parsed.scopes.get(fn.node) if module is not None and module.parsed else None
    return sorted(scope.frees) if scope is not None else []


class Interpreter:
    """Runs functions of one module against that module's globals dict."""

    def __init__(self, globals_: dict[str, Any], module: Module | None = None,
                 functions: list[Function] | None = None) -> None:
        self.globals = globals_
        self.module = module
        self.functions: list[Function] = functions or []
        self.index = {fn: i for i, fn in enumerate(self.functions)}
        self.factories: dict[Op, types.CodeType] = {}
        self.annotations: dict[Op, Any] = {}
        self._cell_names: dict[Function, frozenset[str]] = {}
        self.matchers: dict[tuple[Op, int], Any] = {}
        self.cost = 0
        self.op_counts: Counter[str] = Counter()
        self._schedules: dict[Region, incremental.Schedule] = {}

    def cell_names(self, fn: Function | None) -> frozenset[str]:
        """Names this function keeps in cells (its own and free ones), from its cell ops."""
        if fn is None:
            return frozenset()
        found = self._cell_names.get(fn)
        if found is None:
            scope = self.module.parsed.scopes.get(fn.node) if self.module is not None \
                and self.module.parsed is not None else None
            found = frozenset(op.attrs["name"] for op in fn.walk()
                              if op.opdef.name.startswith("cell.")) | frozenset(
                scope.cells | scope.frees if scope is not None else ())
            self._cell_names[fn] = found
        return found

    def hook(self, index: int, args: tuple[Any, ...], closure: Any = None) -> Any:
        """The ``__trm_interp__`` entry point of trampolines."""
        return self.call(self.functions[index], args, closure)

    @property
    def builtins(self) -> dict[str, Any]:
        found = self.globals.get("__builtins__", builtins)
        return found if isinstance(found, dict) else found.__dict__

    def call(self, fn: Function, args: tuple[Any, ...], closure: Any = None) -> Any:
        if fn.is_generator or fn.is_async:
            if fn.is_generator and fn.is_async:
                raise InterpreterError("async generators are not interpreted")

            def body(bridge: Bridge) -> Any:
                return self.run(fn, args, closure, bridge)

            bridge = Bridge(body)
            return coroutine(bridge) if fn.is_async else relay(bridge)
        return self.run(fn, args, closure, None)

    def run(self, fn: Function, args: tuple[Any, ...], closure: Any,
            bridge: Bridge | None) -> Any:
        frame = Frame(fn)
        frame.bridge = bridge
        if closure is not None:
            names = closure.__code__.co_freevars
            frame.cells.update(zip(names, closure.__closure__ or (), strict=True))
            frame.frees = frozenset(names)
        for arg, value in zip(fn.body.args, args, strict=True):
            frame.values[arg] = value
        term = self.region(fn.body, frame)
        if term.opdef.name != "cf.return":
            raise InterpreterError(f"{fn.qualname}: body ended in {term.opdef.name}")
        return self.get(frame, term.operands[0])

    @staticmethod
    def get(frame: Frame, value: Value) -> Any:
        try:
            return frame.values[value]
        except KeyError:
            owner = value.owner
            if isinstance(owner, Op) and owner.opdef.name == "py.const":
                return owner.attrs["value"]
            raise InterpreterError(f"value {value!r} used before its definition") from None

    def region(self, region: Region, frame: Frame) -> Op:
        """Run a region; returns the terminator that ended it (possibly from a nested region)."""
        plan = self._schedules.get(region)
        if plan is None:
            plan = self._schedules[region] = incremental.schedule(region)
        if plan:
            return self.planned_region(region, frame, plan)
        for op in region.ops:  # ``step`` written out: this is the interpreter's hottest loop
            self.cost += op.opdef.cost
            self.op_counts[op.opdef.name] += 1
            interp = op.opdef.interp
            if interp is None:
                raise InterpreterError(f"no interpreter rule for {op.opdef.name}")
            leaving = interp(self, frame, op)
            if leaving is not None:
                return leaving
        raise InterpreterError("region without terminator")

    def planned_region(self, region: Region, frame: Frame, plan: incremental.Schedule) -> Op:
        """``region`` for a region holding a display or call that takes a ``*x``/``**m``
        operand early: the operand is consumed before the op the plan names, then the op runs
        through ``region``'s own step."""
        for index, op in enumerate(region.ops):
            for build, operand in plan.get(index, ()):
                value = self.get(frame, build.operands[operand])
                frame.consumed[build, operand] = incremental.consume(build, operand, value)
            leaving = self.step(frame, op)
            if leaving is not None:
                return leaving
        raise InterpreterError("region without terminator")

    def step(self, frame: Frame, op: Op) -> Op | None:
        self.cost += op.opdef.cost
        self.op_counts[op.opdef.name] += 1
        interp = op.opdef.interp
        if interp is None:
            raise InterpreterError(f"no interpreter rule for {op.opdef.name}")
        return interp(self, frame, op)

    def args(self, frame: Frame, op: Op) -> list[Any]:
        get = self.get
        return [get(frame, v) for v in op.operands]


def _set(frame: Frame, op: Op, value: Any) -> None:
    frame.values[op.results[0]] = value


@rule("interp", "py.const")
def _const(it: Interpreter, frame: Frame, op: Op) -> None:
    _set(frame, op, op.attrs["value"])


@rule("interp", "py.typeis")
def _typeis(it: Interpreter, frame: Frame, op: Op) -> None:
    _set(frame, op, type(it.get(frame, op.operands[0])) is getattr(builtins, op.attrs["type"]))


@rule("interp", "py.global.load")
def _global_load(it: Interpreter, frame: Frame, op: Op) -> None:
    # Errors are raised outside any ``except`` block, so they carry no __context__ (CPython's
    # exceptions from LOAD_GLOBAL have none either).
    name = op.attrs["name"]
    value = it.globals.get(name, _MISSING)
    if value is _MISSING:
        value = it.builtins.get(name, _MISSING)
    if value is _MISSING:
        raise NameError(f"name '{name}' is not defined", name=name)
    _set(frame, op, value)


@rule("interp", "py.global.store")
def _global_store(it: Interpreter, frame: Frame, op: Op) -> None:
    it.globals[op.attrs["name"]] = it.get(frame, op.operands[0])


@rule("interp", "py.global.del")
def _global_del(it: Interpreter, frame: Frame, op: Op) -> None:
    name = op.attrs["name"]
    if it.globals.pop(name, _MISSING) is _MISSING:
        raise NameError(f"name '{name}' is not defined", name=name)


def _unbound(name: str) -> UnboundLocalError:
    return UnboundLocalError(
        f"cannot access local variable '{name}' where it is not associated with a value")


@rule("interp", "local.load")
def _local_load(it: Interpreter, frame: Frame, op: Op) -> None:
    name = op.attrs["name"]
    value = frame.slots.get(name, _MISSING)
    if value is _MISSING:
        raise _unbound(name)
    _set(frame, op, value)


@rule("interp", "local.store")
def _local_store(it: Interpreter, frame: Frame, op: Op) -> None:
    frame.slots[op.attrs["name"]] = it.get(frame, op.operands[0])


@rule("interp", "local.del")
def _local_del(it: Interpreter, frame: Frame, op: Op) -> None:
    name = op.attrs["name"]
    if frame.slots.pop(name, _MISSING) is _MISSING:
        raise _unbound(name)


_MISSING = object()


def _bridge(frame: Frame) -> Bridge:
    if frame.bridge is None:
        raise InterpreterError("yield outside a generator body")
    return frame.bridge


@rule("interp", "py.yield")
def _yield_value(it: Interpreter, frame: Frame, op: Op) -> None:
    _set(frame, op, _bridge(frame).suspend(it.get(frame, op.operands[0])))


@rule("interp", "py.yield.from")
def _yield_from(it: Interpreter, frame: Frame, op: Op) -> None:
    _set(frame, op, yield_from(_bridge(frame), it.get(frame, op.operands[0])))


@rule("interp", "py.await")
def _await(it: Interpreter, frame: Frame, op: Op) -> None:
    iterator = awaitable_iterator(it.get(frame, op.operands[0]))
    _set(frame, op, yield_from(_bridge(frame), iterator))


@rule("interp", "cell.load")
def _cell_load(it: Interpreter, frame: Frame, op: Op) -> None:
    name = op.attrs["name"]
    cell = frame.cell(name)
    if not cell_is_set(cell):
        if name in frame.frees:
            raise NameError(f"cannot access free variable '{name}' where it is not associated "
                            f"with a value in enclosing scope", name=name)
        raise _unbound(name)
    _set(frame, op, cell.cell_contents)


@rule("interp", "cell.store")
def _cell_store(it: Interpreter, frame: Frame, op: Op) -> None:
    frame.cell(op.attrs["name"]).cell_contents = it.get(frame, op.operands[0])


@rule("interp", "cell.del")
def _cell_del(it: Interpreter, frame: Frame, op: Op) -> None:
    name = op.attrs["name"]
    cell = frame.cell(name)
    if not cell_is_set(cell):
        if name in frame.frees:
            raise NameError(f"cannot access free variable '{name}' where it is not associated "
                            f"with a value in enclosing scope", name=name)
        raise _unbound(name)
    del cell.cell_contents


def _factory_code(it: Interpreter, frame: Frame, op: Op, inner: str, name: str) -> types.CodeType:
    """Compile ``inner`` (a def or an expression) where the current function's cell variables
    are cells too, and return the code object of the function it makes: CPython builds its
    closure exactly as it would for the user's code."""
    cached = it.factories.get(op)
    if cached is not None:
        return cached
    captured = set(frame.cells) | set(frame.frees)
    fn = frame.fn
    scope = it.module.parsed.scopes.get(fn.node) if fn is not None and it.module is not None \
        and it.module.parsed is not None else None
    if scope is not None:
        captured |= set(scope.cells) | set(scope.frees)
    lines = ["def __trm_factory__():"]
    lines += [f"    {n} = None" for n in sorted(captured)]
    lines.append(indent_text(inner, "    "))
    lines.append(f"    return {name}.__code__, getattr({name}, '__annotations__', None)")
    source = "\n".join(lines)
    private = scope.private if scope is not None else None
    if private:  # private names in the user's class are mangled with its name
        source = f"class {private}:\n" + indent_text(source, "    ")
    namespace: dict[str, Any] = {}
    flags = _future_flags(it)
    exec(compile(source, "<trm-interpreter>", "exec", flags, dont_inherit=True), namespace)
    factory = namespace[private].__dict__["__trm_factory__"] if private \
        else namespace["__trm_factory__"]
    code, annotations = factory()
    it.factories[op] = code
    it.annotations[op] = annotations  # text, under ``from __future__ import annotations``
    return code


def _future_flags(it: Interpreter) -> int:
    """Compile factories under the user's module's ``from __future__ import annotations``."""
    from trm_agent.translate import has_future_annotations

    parsed = it.module.parsed if it.module is not None else None
    if parsed is not None and parsed.tree is not None and has_future_annotations(parsed.tree):
        import __future__

        return __future__.annotations.compiler_flag
    return 0


def _make_function(it: Interpreter, frame: Frame, code: types.CodeType, name: str,
                   qualname: str, defaults: list[Any], kwdefaults: dict[str, Any]) -> Any:
    closure = tuple(frame.cell(n) for n in code.co_freevars)
    function = types.FunctionType(code, it.globals, name, tuple(defaults) or None, closure)
    function.__kwdefaults__ = kwdefaults or None
    function.__qualname__ = qualname
    return function


@rule("interp", "py.func")
def _func(it: Interpreter, frame: Frame, op: Op) -> None:
    inner = next((f for f in (it.module.functions if it.module else ())
                  if f.qualname == op.attrs["qualname"] and f.lineno == op.attrs["line"]), None)
    if inner is None or not isinstance(inner.node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise InterpreterError(f"nested function {op.attrs['qualname']} not found")
    node = copy.deepcopy(inner.node)
    node.decorator_list = []
    node.args.defaults = []
    node.args.kw_defaults = [None] * len(node.args.kwonlyargs)
    if op.attrs["annotations"]:  # evaluated by the IR: the factory must not evaluate them again
        for arg in (*node.args.posonlyargs, *node.args.args, node.args.vararg,
                    *node.args.kwonlyargs, node.args.kwarg):
            if arg is not None:
                arg.annotation = None
        node.returns = None
    if inner.lowered:
        if inner not in it.index:
            it.index[inner] = len(it.functions)
            it.functions.append(inner)
        doc = node.body[:1] if isinstance(node.body[0], ast.Expr) and isinstance(
            node.body[0].value, ast.Constant) and isinstance(node.body[0].value.value, str) else []
        node.body = [*doc, trampoline(inner, it.index[inner], free_names(it.module, inner))]
    code = _factory_code(it, frame, op, ast.unparse(ast.fix_missing_locations(node)), node.name)
    values = it.args(frame, op)
    ndec, ndef, nkw = op.attrs["ndecorators"], op.attrs["ndefaults"], len(op.attrs["kwdefaults"])
    decorators, defaults = values[:ndec], values[ndec:ndec + ndef]
    kw, notes = values[ndec + ndef:ndec + ndef + nkw], values[ndec + ndef + nkw:]
    function = _make_function(it, frame, code, node.name, op.attrs["qualname"], defaults,
                              dict(zip(op.attrs["kwdefaults"], kw, strict=True)))
    if op.attrs["annotations"]:
        function.__annotations__ = dict(zip(op.attrs["annotations"], notes, strict=True))
    elif it.annotations.get(op):
        function.__annotations__ = dict(it.annotations[op])
    for decorator in reversed(decorators):
        function = decorator(function)
    _set(frame, op, function)


@rule("interp", "py.class")
def _class(it: Interpreter, frame: Frame, op: Op) -> None:
    """The class statement runs natively (its body is a scope of its own), inside a function
    whose free variables are this frame's cells; bases/keywords come from the operands."""
    fn = frame.fn
    node = next((n for n in ast.walk(fn.node) if isinstance(n, ast.ClassDef)
                 and n.name == op.attrs["name"] and n.lineno == op.attrs["line"]),
                None) if fn is not None and fn.node is not None else None
    if node is None:
        raise InterpreterError(f"class {op.attrs['name']} not found")
    template = copy.deepcopy(node)
    template.decorator_list = []
    template.bases = [ast.Starred(ast.Name("__trm_bases__", ast.Load()), ast.Load())]
    template.keywords = [ast.keyword(None, ast.Name("__trm_keywords__", ast.Load()))]
    qualname = ast.Assign([ast.Name("__qualname__", ast.Store())],
                          ast.Constant(f"{fn.qualname}.<locals>.{node.name}"))  # type: ignore[union-attr]
    first = template.body[0]
    has_doc = isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
        and isinstance(first.value.value, str)
    template.body.insert(1 if has_doc else 0, qualname)
    source = (f"def __trm_class__(__trm_bases__, __trm_keywords__):\n"
              f"{indent_text(ast.unparse(ast.fix_missing_locations(template)), '    ')}\n"
              f"    return {node.name}")
    code = _factory_code(it, frame, op, source, "__trm_class__")
    maker = _make_function(it, frame, code, "__trm_class__", "__trm_class__", [], {})
    values = it.args(frame, op)
    ndec = op.attrs["ndecorators"]
    bases: list[Any] = []
    keywords: dict[str, Any] = {}
    for kind, value in zip(op.attrs["kinds"], values[ndec:], strict=True):
        if kind == "p":
            bases.append(value)
        elif kind == "*":
            bases.extend(value)
        elif kind == "**":
            keywords.update(value)
        else:
            keywords[kind[2:]] = value
    cls = maker(tuple(bases), keywords)
    for decorator in reversed(values[:ndec]):
        cls = decorator(cls)
    _set(frame, op, cls)


@rule("interp", "cf.match")
def _match(it: Interpreter, frame: Frame, op: Op) -> Op | None:
    from trm_agent.codegen import parse_pattern
    from trm_agent.translate import pattern_captures, pattern_reads

    subject = it.get(frame, op.operands[0])
    regions = iter(op.regions)
    cells = it.cell_names(frame.fn)
    for index, (source, guarded) in enumerate(zip(op.attrs["patterns"], op.attrs["guards"],
                                                  strict=True)):
        pattern = parse_pattern(source)
        captures, reads = pattern_captures(pattern), pattern_reads(pattern)
        matcher = _pattern_matcher(it, op, index, source, captures,
                                   [n for n in reads if n in frame.slots or n in cells])
        local_values = {n: (frame.cell(n).cell_contents if n in cells else frame.slots[n])
                        for n in matcher.__code__.co_varnames[1:matcher.__code__.co_argcount]}
        matched, bound = matcher(subject, **local_values)
        guard = next(regions) if guarded else None
        body = next(regions)
        if not matched:
            continue
        for name, value in bound.items():  # CPython binds captures once the pattern matched
            if name in cells:
                frame.cell(name).cell_contents = value
            else:
                frame.slots[name] = value
        if guard is not None:
            term = it.region(guard, frame)
            if term.opdef.name != "cf.condition":
                return term
            if not it.get(frame, term.operands[0]):
                continue
        term = it.region(body, frame)
        return None if term.opdef.name == "cf.yield" else term
    return None


def _pattern_matcher(it: Interpreter, op: Op, index: int, source: str, captures: list[str],
                     locals_read: list[str]) -> Any:
    """A native function matching one case's pattern: CPython's own matching semantics."""
    key = (op, index)
    cached = it.matchers.get(key)
    if cached is not None:
        return cached
    params = ", ".join(["__trm_subject__", *locals_read])
    bound = ", ".join(f"{n!r}: {n}" for n in captures)
    text = (f"def __trm_match__({params}):\n"
            f"    match __trm_subject__:\n"
            f"        case {source}:\n"
            f"            return True, {{{bound}}}\n"
            f"    return False, None\n")
    namespace: dict[str, Any] = {}
    exec(compile(text, "<trm-interpreter>", "exec", dont_inherit=True), namespace)
    matcher = types.FunctionType(namespace["__trm_match__"].__code__, it.globals)
    it.matchers[key] = matcher
    return matcher


@rule("interp", "py.lambda")
def _lambda(it: Interpreter, frame: Frame, op: Op) -> None:
    tree = ast.parse(op.attrs["source"], mode="eval").body
    assert isinstance(tree, ast.Lambda)
    count = len(tree.args.defaults)
    tree.args.defaults = []
    tree.args.kw_defaults = [None] * len(tree.args.kwonlyargs)
    code = _factory_code(it, frame, op, f"__trm_lambda__ = {ast.unparse(tree)}", "__trm_lambda__")
    values = it.args(frame, op)
    qualname = f"{frame.fn.qualname}.<locals>.<lambda>" if frame.fn else "<lambda>"
    _set(frame, op, _make_function(it, frame, code, "<lambda>", qualname, values[:count],
                                   dict(zip(op.attrs["kwdefaults"], values[count:],
                                            strict=True))))


@rule("interp", "py.comp")
def _comp(it: Interpreter, frame: Frame, op: Op) -> None:
    tree = ast.parse(op.attrs["source"], mode="eval")
    targets = sorted({n.target.id for n in ast.walk(tree) if isinstance(n, ast.NamedExpr)})
    declare = f"    nonlocal {', '.join(targets)}\n" if targets else ""  # walrus binds out here
    source = f"def __trm_comp__(__trm_iter__):\n{declare}    return {op.attrs['source']}"
    code = _factory_code(it, frame, op, source, "__trm_comp__")
    function = _make_function(it, frame, code, "<comprehension>", "<comprehension>", [], {})
    _set(frame, op, function(it.get(frame, op.operands[0])))


@rule("interp", "py.binop")
def _binop(it: Interpreter, frame: Frame, op: Op) -> None:
    a, b = it.args(frame, op)
    _set(frame, op, _BINARY[op.attrs["op"]](a, b))


@rule("interp", "py.inplace")
def _inplace(it: Interpreter, frame: Frame, op: Op) -> None:
    a, b = it.args(frame, op)
    _set(frame, op, _INPLACE[op.attrs["op"]](a, b))


@rule("interp", "py.unop")
def _unop(it: Interpreter, frame: Frame, op: Op) -> None:
    _set(frame, op, _UNARY[op.attrs["op"]](it.get(frame, op.operands[0])))


@rule("interp", "py.cmp")
def _cmp(it: Interpreter, frame: Frame, op: Op) -> None:
    a, b = it.args(frame, op)
    _set(frame, op, _COMPARE[op.attrs["op"]](a, b))


@rule("interp", "py.truth")
def _truth(it: Interpreter, frame: Frame, op: Op) -> None:
    _set(frame, op, operator.truth(it.get(frame, op.operands[0])))


@rule("interp", "py.call")
def _call(it: Interpreter, frame: Frame, op: Op) -> None:
    callee, *values = it.args(frame, op)
    if callee is builtins.globals and not values:
        _set(frame, op, it.globals)  # the calling function's globals, not the interpreter's
        return
    if callee is builtins.super and not values:  # zero-argument super(): __class__ + 1st arg
        _set(frame, op, _zero_arg_super(it, frame))
        return
    positional: list[Any] = []
    keywords: dict[str, Any] = {}
    for index, (kind, value) in enumerate(zip(op.attrs["kinds"], values, strict=True), 1):
        if kind == "p":
            positional.append(value)
        elif kind == "*":
            positional.extend(_taken(frame, op, index, value))
        else:
            pairs = _taken(frame, op, index, value) if kind == "**" else [(kind[2:], value)]
            for key, item in pairs:
                if key in keywords:
                    raise TypeError(f"got multiple values for keyword argument '{key}'")
                keywords[key] = item
    _set(frame, op, callee(*positional, **keywords))


def cell_is_set(cell: types.CellType) -> bool:
    try:
        cell.cell_contents  # noqa: B018 - probing
    except ValueError:
        return False
    return True


def _zero_arg_super(it: Interpreter, frame: Frame) -> Any:
    fn = frame.fn
    cell = frame.cells.get("__class__")
    if fn is None or cell is None or not cell_is_set(cell):
        raise RuntimeError("super(): __class__ cell not found")
    if not fn.body.args:
        raise RuntimeError("super(): no arguments")
    first = fn.params[0]
    if first in it.cell_names(fn):
        instance = frame.cell(first).cell_contents
    else:
        instance = frame.values[fn.body.args[0]]
    return super(cell.cell_contents, instance)


@rule("interp", "py.attr.get")
def _attr_get(it: Interpreter, frame: Frame, op: Op) -> None:
    _set(frame, op, getattr(it.get(frame, op.operands[0]), op.attrs["name"]))


@rule("interp", "py.attr.set")
def _attr_set(it: Interpreter, frame: Frame, op: Op) -> None:
    obj, value = it.args(frame, op)
    setattr(obj, op.attrs["name"], value)


@rule("interp", "py.attr.del")
def _attr_del(it: Interpreter, frame: Frame, op: Op) -> None:
    delattr(it.get(frame, op.operands[0]), op.attrs["name"])


@rule("interp", "py.item.get")
def _item_get(it: Interpreter, frame: Frame, op: Op) -> None:
    obj, key = it.args(frame, op)
    _set(frame, op, obj[key])


@rule("interp", "py.item.set")
def _item_set(it: Interpreter, frame: Frame, op: Op) -> None:
    obj, key, value = it.args(frame, op)
    obj[key] = value


@rule("interp", "py.item.del")
def _item_del(it: Interpreter, frame: Frame, op: Op) -> None:
    obj, key = it.args(frame, op)
    del obj[key]


@rule("interp", "py.slice")
def _slice(it: Interpreter, frame: Frame, op: Op) -> None:
    _set(frame, op, slice(*it.args(frame, op)))


_NOT_TAKEN = object()


def _taken(frame: Frame, op: Op, index: int, value: Any) -> Any:
    """The operand as already consumed where CPython reaches it, or consumed now."""
    found = frame.consumed.pop((op, index), _NOT_TAKEN)
    return incremental.consume(op, index, value) if found is _NOT_TAKEN else found


def _elements(it: Interpreter, frame: Frame, op: Op) -> list[Any]:
    starred = op.attrs["starred"]
    out: list[Any] = []
    for i, value in enumerate(it.args(frame, op)):
        if i in starred:
            out.extend(_taken(frame, op, i, value))
        else:
            out.append(value)
    return out


@rule("interp", "py.tuple")
def _tuple(it: Interpreter, frame: Frame, op: Op) -> None:
    _set(frame, op, tuple(_elements(it, frame, op)))


@rule("interp", "py.list")
def _list(it: Interpreter, frame: Frame, op: Op) -> None:
    _set(frame, op, _elements(it, frame, op))


@rule("interp", "py.set")
def _set_display(it: Interpreter, frame: Frame, op: Op) -> None:
    _set(frame, op, set(_elements(it, frame, op)))


@rule("interp", "py.dict")
def _dict(it: Interpreter, frame: Frame, op: Op) -> None:
    values = it.args(frame, op)
    out: dict[Any, Any] = {}
    index = 0
    for entry in op.attrs["layout"]:
        if entry == "k":
            out[values[index]] = values[index + 1]
            index += 2
        else:
            for key, item in _taken(frame, op, index, values[index]):
                out[key] = item
            index += 1
    _set(frame, op, out)


@rule("interp", "py.unpack")
def _unpack(it: Interpreter, frame: Frame, op: Op) -> None:
    value = it.get(frame, op.operands[0])
    count, star = op.attrs["count"], op.attrs["star"]
    try:
        iterator = iter(value)
    except TypeError:
        raise TypeError(f"cannot unpack non-iterable {type(value).__name__} object") from None
    if star < 0:
        items = []
        for _ in range(count):
            try:
                items.append(next(iterator))
            except StopIteration:
                raise ValueError(f"not enough values to unpack (expected {count}, "
                                 f"got {len(items)})") from None
        for _extra in iterator:
            raise ValueError(f"too many values to unpack (expected {count})")
    else:
        before = []
        for _ in range(star):
            try:
                before.append(next(iterator))
            except StopIteration:
                raise ValueError(f"not enough values to unpack (expected at least {count - 1}, "
                                 f"got {len(before)})") from None
        rest = list(iterator)
        after_count = count - star - 1
        if len(rest) < after_count:
            raise ValueError(f"not enough values to unpack (expected at least {count - 1}, "
                             f"got {star + len(rest)})")
        split = len(rest) - after_count
        items = [*before, rest[:split], *rest[split:]]
    for result, item in zip(op.results, items, strict=True):
        frame.values[result] = item


@rule("interp", "cf.if")
def _if(it: Interpreter, frame: Frame, op: Op) -> Op | None:
    region = op.regions[0] if it.get(frame, op.operands[0]) else op.regions[1]
    term = it.region(region, frame)
    if term.opdef.name != "cf.yield":
        return term
    for result, value in zip(op.results, term.operands, strict=True):
        frame.values[result] = it.get(frame, value)
    return None


def _loop_exit(it: Interpreter, frame: Frame, op: Op, values: list[Any]) -> None:
    for result, value in zip(op.results, values, strict=True):
        frame.values[result] = value


def _loop_else(it: Interpreter, frame: Frame, op: Op, carried: list[Any],
               orelse: Region | None) -> Op | None:
    """Normal loop exit: run the ``else`` clause (if any) and set the loop's results."""
    if orelse is None:
        _loop_exit(it, frame, op, carried)
        return None
    for arg, value in zip(orelse.args, carried, strict=True):
        frame.values[arg] = value
    term = it.region(orelse, frame)
    if term.opdef.name != "cf.yield":
        return term
    _loop_exit(it, frame, op, it.args(frame, term))
    return None


def _async_items(bridge: Bridge, iterable: Any) -> Any:
    """``async for``'s iteration, driven on the body thread: __aiter__, then awaited
    __anext__ until StopAsyncIteration."""
    aiter_ = getattr(type(iterable), "__aiter__", None)
    if aiter_ is None:
        raise TypeError(f"'async for' requires an object with __aiter__ method, got "
                        f"{type(iterable).__name__}")
    iterator = aiter_(iterable)
    anext_ = getattr(type(iterator), "__anext__", None)
    if anext_ is None:
        raise TypeError(f"'async for' received an object from __aiter__ that does not "
                        f"implement __anext__: {type(iterator).__name__}")
    while True:
        try:
            yield yield_from(bridge, awaitable_iterator(anext_(iterator)))
        except StopAsyncIteration:
            return


@rule("interp", "cf.async_with")
def _async_with(it: Interpreter, frame: Frame, op: Op) -> Op | None:
    bridge = _bridge(frame)
    manager = it.get(frame, op.operands[0])
    kind = type(manager)
    enter, exit_ = getattr(kind, "__aenter__", None), getattr(kind, "__aexit__", None)
    if enter is None or exit_ is None:
        raise TypeError(f"'{kind.__name__}' object does not support the asynchronous context "
                        f"manager protocol")
    entered = yield_from(bridge, awaitable_iterator(enter(manager)))
    region = op.regions[0]
    if op.attrs["has_as"]:
        frame.values[region.args[0]] = entered
    try:
        term = it.region(region, frame)
    except InterpreterError:
        raise
    except BaseException as exc:  # __aexit__ decides whether it is suppressed
        suppress = yield_from(bridge, awaitable_iterator(exit_(manager, type(exc), exc,
                                                               exc.__traceback__)))
        if not suppress:
            raise
        return None
    yield_from(bridge, awaitable_iterator(exit_(manager, None, None, None)))
    return None if term.opdef.name == "cf.yield" else term


@rule("interp", "cf.for", "cf.async_for")
def _for(it: Interpreter, frame: Frame, op: Op) -> Op | None:
    iterable, *carried = it.args(frame, op)
    if op.opdef.name == "cf.async_for":
        iterable = _async_items(_bridge(frame), iterable)
    body = op.regions[0]
    orelse = op.regions[1] if len(op.regions) == 2 else None
    item_arg, *carried_args = body.args
    for item in iterable:
        frame.values[item_arg] = item
        for arg, value in zip(carried_args, carried, strict=True):
            frame.values[arg] = value
        term = it.region(body, frame)
        name = term.opdef.name
        if name == "cf.continue":
            carried = it.args(frame, term)
        elif name == "cf.break":
            _loop_exit(it, frame, op, it.args(frame, term))
            return None
        else:
            return term
    return _loop_else(it, frame, op, carried, orelse)


@rule("interp", "cf.while")
def _while(it: Interpreter, frame: Frame, op: Op) -> Op | None:
    carried = it.args(frame, op)
    cond, body = op.regions[:2]
    orelse = op.regions[2] if len(op.regions) == 3 else None
    while True:
        for arg, value in zip(cond.args, carried, strict=True):
            frame.values[arg] = value
        term = it.region(cond, frame)
        if term.opdef.name != "cf.condition":
            return term
        if not it.get(frame, term.operands[0]):
            return _loop_else(it, frame, op, carried, orelse)
        for arg, value in zip(body.args, carried, strict=True):
            frame.values[arg] = value
        term = it.region(body, frame)
        name = term.opdef.name
        if name == "cf.continue":
            carried = it.args(frame, term)
        elif name == "cf.break":
            _loop_exit(it, frame, op, it.args(frame, term))
            return None
        else:
            return term


def _matches(exc: BaseException, kind: Any) -> bool:
    """CPython's except-clause test: an exact subclass check, no __instancecheck__ hooks."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    for k in kinds:
        if not (isinstance(k, type) and issubclass(k, BaseException)):
            raise TypeError("catching classes that do not inherit from BaseException is not "
                            "allowed")
    return any(k in type(exc).__mro__ for k in kinds)


@rule("interp", "cf.try")
def _try(it: Interpreter, frame: Frame, op: Op) -> Op | None:
    regions = op.regions
    handlers = op.attrs["handlers"]
    orelse = regions[1 + 2 * handlers] if op.attrs["has_else"] else None
    final = regions[-1] if op.attrs["has_finally"] else None
    try:
        return _try_body(it, frame, op, regions, handlers, orelse)
    finally:
        if final is not None:
            term = it.region(final, frame)
            if term.opdef.name != "cf.yield":
                return term  # noqa: B012  (return/break in finally overrides, as in Python)


def _try_body(it: Interpreter, frame: Frame, op: Op, regions: list[Region], handlers: int,
              orelse: Region | None) -> Op | None:
    try:
        term = it.region(regions[0], frame)
    except InterpreterError:
        raise
    except BaseException as exc:  # matched against the clauses below
        for index in range(handlers):
            match, handler = regions[1 + 2 * index], regions[2 + 2 * index]
            kind = it.region(match, frame)
            if kind.opdef.name != "cf.yield":
                return kind
            if kind.operands and not _matches(exc, it.get(frame, kind.operands[0])):
                continue
            name = op.attrs["names"][index]
            is_cell = name in it.cell_names(frame.fn)
            if name:
                if is_cell:
                    frame.cell(name).cell_contents = exc
                else:
                    frame.slots[name] = exc
            outcome: Op | None = None
            try:
                outcome = it.region(handler, frame)
            finally:
                # Values computed in the handler may hold the exception, whose traceback holds
                # this frame: drop them (all but what leaves the handler), or the frame and
                # everything in it (a suspended generator CPython would close now) lives on
                # until the next GC.
                leaving = set(outcome.operands) if outcome is not None else set()
                for handled in handler.walk():
                    for result in handled.results:
                        if result not in leaving:
                            frame.values.pop(result, None)
                if name and is_cell:  # ``except E as e`` ends with ``e = None; del e``
                    cell = frame.cell(name)
                    if cell_is_set(cell):
                        del cell.cell_contents
                elif name:
                    frame.slots.pop(name, None)
            assert outcome is not None  # the region returned normally
            return None if outcome.opdef.name == "cf.yield" else outcome
        raise
    if term.opdef.name != "cf.yield":
        return term
    if orelse is not None:
        term = it.region(orelse, frame)
        if term.opdef.name != "cf.yield":
            return term
    return None


@rule("interp", "cf.with")
def _with(it: Interpreter, frame: Frame, op: Op) -> Op | None:
    region = op.regions[0]
    term: Op | None = None  # stays None when __exit__ suppresses an exception
    with it.get(frame, op.operands[0]) as entered:
        if op.attrs["has_as"]:
            frame.values[region.args[0]] = entered
        term = it.region(region, frame)
    return None if term is None or term.opdef.name == "cf.yield" else term


def _import_from(module: Any, name: str) -> Any:
    """IMPORT_FROM: an attribute, or a submodule already in sys.modules (CPython's
    ``import_from``, including its message and the ImportError's ``name``/``path``)."""
    value = getattr(module, name, _MISSING)
    if value is not _MISSING:
        return value
    package = getattr(module, "__name__", None)
    if isinstance(package, str) and f"{package}.{name}" in sys.modules:
        return sys.modules[f"{package}.{name}"]
    path = getattr(module, "__file__", None)
    where = f"({path})" if isinstance(path, str) else "(unknown location)"
    raise ImportError(f"cannot import name {name!r} from {package!r} {where}",
                      name=package, path=path if isinstance(path, str) else None)


@rule("interp", "py.import")
def _import(it: Interpreter, frame: Frame, op: Op) -> None:
    name = op.attrs["name"]
    module = it.builtins["__import__"](name, it.globals, None, None, op.attrs["level"])
    if op.attrs["leaf"]:
        for part in name.split(".")[1:]:
            module = _import_from(module, part)
    _set(frame, op, module)


@rule("interp", "py.import.from")
def _import_names(it: Interpreter, frame: Frame, op: Op) -> None:
    names = op.attrs["names"]
    module = it.builtins["__import__"](op.attrs["module"], it.globals, None, names,
                                       op.attrs["level"])
    for result, name in zip(op.results, names, strict=True):
        frame.values[result] = _import_from(module, name)


_CONVERSIONS = {-1: None, ord("s"): str, ord("r"): repr, ord("a"): ascii}


@rule("interp", "py.format")
def _format(it: Interpreter, frame: Frame, op: Op) -> None:
    value, *spec = it.args(frame, op)
    convert = _CONVERSIONS[op.attrs["conv"]]
    if convert is not None:
        value = convert(value)
    if type(value) is str and not spec:
        _set(frame, op, value)  # FORMAT_VALUE leaves an exact str alone
    else:
        _set(frame, op, format(value, spec[0] if spec else ""))


@rule("interp", "py.concat")
def _concat(it: Interpreter, frame: Frame, op: Op) -> None:
    _set(frame, op, "".join(it.args(frame, op)))


@rule("interp", "cf.assert")
def _assert(it: Interpreter, frame: Frame, op: Op) -> Op | None:
    if not __debug__:
        return None
    term = it.region(op.regions[0], frame)
    if term.opdef.name != "cf.condition":
        return term
    if it.get(frame, term.operands[0]):
        return None
    term = it.region(op.regions[1], frame)
    if term.opdef.name != "cf.yield":
        return term
    raise AssertionError(*it.args(frame, term))


@rule("interp", "cf.yield", "cf.condition", "cf.break", "cf.continue", "cf.return")
def _leave(it: Interpreter, frame: Frame, op: Op) -> Op:
    return op


@rule("interp", "cf.unreachable")
def _unreachable(it: Interpreter, frame: Frame, op: Op) -> Op:
    raise InterpreterError("reached cf.unreachable")


@rule("interp", "cf.raise")
def _raise(it: Interpreter, frame: Frame, op: Op) -> Op:
    values = it.args(frame, op)
    if not values:
        active = sys.exc_info()[1]
        if active is None:
            raise RuntimeError("No active exception to reraise")
        raise active
    if op.attrs["has_cause"]:
        raise values[0] from values[1]
    raise values[0]


@rule("interp", "py.opaque")
def _opaque(it: Interpreter, frame: Frame, op: Op) -> None:
    raise InterpreterError(f"cannot interpret opaque {op.attrs['construct']}")
