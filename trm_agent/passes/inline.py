"""Inlining of small module-level functions at their call sites, under an identity guard.

``f(a, b)`` where ``f`` is a global naming a small, plain function defined once at the top level of
this module becomes::

    f(a, b) if f is __trm_F_f__ else (deopt; f(a, b))     # the then-arm is f's body

``__trm_F_f__`` is a snapshot of the function object taken right after its ``def`` runs
(``__trm_pin__``); the runtime's audit hook replaces the snapshot with a sentinel when anyone
assigns ``f.__code__`` (or ``__defaults__``/``__kwdefaults__``), so rebinding ``f`` *and* patching
its code both take the original call.  Only sites passing exactly the positional parameters are
inlined (defaults never matter), and only bodies that keep every Python-visible behaviour when run
in the caller's frame: no slots, cells, nested scopes, yields, global stores, or names the caller
has as locals; a return inside a loop only in the shape ``_loop_with_exit`` describes.  What
inlining does change is the frame stack (one frame fewer for code that walks it, e.g.
``warnings.warn(stacklevel=2)`` in the callee): recorded in docs/decisions.md.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass

from trm_agent.ir.core import Function, Module, Op, Region, Value, clone_op
from trm_agent.ir.opdefs import OPS
from trm_agent.ir.types import BOOL, type_of_constant
from trm_agent.passes.analysis import replace_uses
from trm_agent.passes.guards import deopt_ops, on_slow_path, region_of
from trm_agent.passes.manager import PassContext

RULE = "inline-identity-guarded"
SOUNDNESS = {RULE: "the then-arm runs the callee's own IR with the arguments bound, only while "
                   "the global is the pinned function object whose code was never reassigned; "
                   "otherwise the original call runs"}
MAX_CALLEE_OPS = 40
MAX_INLINES_PER_FUNCTION = 24
_FORBIDDEN = frozenset({
    "local.load", "local.store", "local.del", "cell.load", "cell.store", "cell.del",
    "py.func", "py.lambda", "py.comp", "py.class", "py.yield", "py.yield.from", "py.await",
    "py.global.store", "py.global.del", "py.opaque", "py.import", "py.import.from",
    "cf.try", "cf.with", "cf.async_with", "cf.async_for", "cf.match",
})


@dataclass(slots=True)
class Callee:
    fn: Function
    global_reads: frozenset[str]


def snapshot_name(name: str) -> str:
    return f"__trm_F_{name}__"


def module_bindings(tree: ast.Module) -> dict[str, int]:
    """How many times each name is bound anywhere in the module's top-level code, plus names
    any function declares ``global`` (it may rebind them)."""
    counts: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Global):
            for name in node.names:
                counts[name] = counts.get(name, 0) + 2
    for stmt in tree.body:
        for node in _top_level_nodes(stmt):
            names: list[str] = []
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                names = [node.name]
            elif isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                names = [node.id]
            elif isinstance(node, ast.alias):
                names = [node.asname or node.name.split(".")[0]] if node.name != "*" else ["*"]
            for name in names:
                counts[name] = counts.get(name, 0) + 1
    return counts


def _top_level_nodes(stmt: ast.stmt) -> list[ast.AST]:
    """Nodes of a module-level statement, not descending into function or class bodies."""
    out: list[ast.AST] = [stmt]
    stack: list[ast.AST] = [stmt] if not isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef,
                                            ast.ClassDef)) else []
    while stack:
        for child in ast.iter_child_nodes(stack.pop()):
            out.append(child)
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                      ast.Lambda)):
                stack.append(child)
    return out


def candidates(module: Module) -> dict[str, Callee]:
    """Module-level functions that may be inlined, by name."""
    cached = module._inline_candidates
    if cached is not None:
        return cached
    found: dict[str, Callee] = {}
    parsed = module.parsed
    if parsed is not None:
        top = {id(s) for s in parsed.tree.body}
        bindings = module_bindings(parsed.tree)
        if "*" not in bindings:
            for fn in module.functions:
                callee = _candidate(fn, top, bindings, parsed)
                if callee is not None:
                    found[fn.name] = callee
    module._inline_candidates = found
    return found


def _candidate(fn: Function, top: set[int], bindings: dict[str, int],
               parsed: object) -> Callee | None:
    node = fn.node
    if (not fn.lowered or fn.is_generator or fn.is_async or fn.slots or node is None
            or id(node) not in top or not isinstance(node, ast.FunctionDef)
            or node.decorator_list or bindings.get(fn.name) != 1):
        return None
    args = node.args
    if args.vararg or args.kwarg or args.kwonlyargs:
        return None
    scope = parsed.scopes.get(node)  # type: ignore[attr-defined]
    if scope is None or scope.cells or scope.frees:
        return None
    ops = list(fn.walk())
    if len(ops) > MAX_CALLEE_OPS or any(op.opdef.name in _FORBIDDEN for op in ops):
        return None
    mapping: dict[Value, Value] = {}
    try:
        _lower_returns([clone_op(op, mapping) for op in fn.body.ops])
    except ValueError:
        return None
    reads = frozenset(op.attrs["name"] for op in ops if op.opdef.name == "py.global.load")
    if fn.name in reads:
        return None  # recursive: one level would gain little and grow code
    return Callee(fn, reads)


def _returns_inside(op: Op) -> bool:
    return any(inner.opdef.name == "cf.return" for r in op.regions for inner in r.walk())


def _lower_returns(ops: list[Op]) -> list[Op]:
    """Rewrite a body so that it ends in ``cf.yield v`` (or a raise) instead of returning.

    ``if c: return a`` followed by more code becomes an if with one result whose falling-through
    arm holds (a copy of) the rest, so the regions stay structured.  Raises ValueError for shapes
    it does not handle (the function is then not an inlining candidate)."""
    for index, op in enumerate(ops):
        name = op.opdef.name
        if name == "cf.return":
            return [*ops[:index], Op(OPS["cf.yield"], list(op.operands), [], {}, [], op.loc)]
        if name in ("cf.raise", "cf.unreachable"):
            if name == "cf.unreachable":
                raise ValueError("unreachable end outside an if")
            return ops[:index + 1]
        if name in _LOOPS and _returns_inside(op):
            return [*ops[:index], *_loop_with_exit(op, ops[index + 1:])]
        if name == "cf.if" and _returns_inside(op):
            if op.results:
                raise ValueError("an if with results and a return inside")
            rest = ops[index + 1:]
            leaves = len(rest) == 1 and rest[0].opdef.name == "cf.unreachable"
            arms, rest_used = [], False
            for arm in op.regions:
                if not arm.ops:
                    raise ValueError("empty arm")
                last = arm.ops[-1]
                body = list(arm.ops)
                if last.opdef.name == "cf.yield":
                    if leaves or not rest:
                        raise ValueError("an arm falls through to nothing")
                    mapping: dict[Value, Value] = {}
                    tail = rest if not rest_used else [clone_op(o, mapping) for o in rest]
                    rest_used = True
                    body = body[:-1] + tail
                arms.append(region_of(_lower_returns(body)))
            result = Value(hint="")
            new_if = Op(OPS["cf.if"], list(op.operands), [result], dict(op.attrs), arms, op.loc)
            return [*ops[:index], new_if, Op(OPS["cf.yield"], [result], [], {}, [], op.loc)]
    raise ValueError("body does not end in a return")


_LOOPS = ("cf.for", "cf.while")


def _loop_with_exit(original: Op, rest: list[Op]) -> list[Op]:
    """``for ...: ... return v ...`` followed by ``rest`` becomes a loop that carries one more
    value, the result: each ``return v`` becomes ``break`` with ``v``, and ``rest`` moves into
    the loop's ``else`` clause (it runs exactly when the loop ends without a return), yielding
    its result there.  So ``for c in cs: if p(c): return False`` + ``return True`` reads
    ``for c in cs: if p(c): r = False; break`` / ``else: r = True``.

    Only when each return belongs to this loop (through ifs alone), the loop has no ``else``
    and no ``break`` of its own (both would send control past ``rest``); anything else raises
    ValueError and the function is not inlined.  ``original`` is left as it was: an if's
    other arm may copy the same ``rest`` (loop included) after this one took it."""
    loop = clone_op(original, {})
    is_while = loop.opdef.name == "cf.while"
    if len(loop.regions) != (2 if is_while else 1):
        raise ValueError("a loop with an else clause and a return inside")
    body = loop.regions[-1]
    exits: list[Op] = []
    continues: list[Op] = []
    for inner in body.walk():
        name = inner.opdef.name
        if name == "cf.return":
            if not _only_ifs_between(inner, loop):
                raise ValueError("a return nested in another construct inside a loop")
            exits.append(inner)
        elif name in ("cf.break", "cf.continue") and _owning_loop(inner) is loop:
            if name == "cf.break":
                raise ValueError("a loop with both a break and a return")
            continues.append(inner)
    placeholder = Op(OPS["py.const"], [], [Value(type_of_constant(None))], {"value": None}, [],
                     loop.loc)
    carried = list(body.args[0 if is_while else 1:])
    ret_arg = body.add_arg(Value(hint=""))
    if is_while:
        loop.regions[0].add_arg(Value(hint=""))
    for cont in continues:
        cont.operands.append(ret_arg)
    for ret in exits:
        region = ret.parent
        assert region is not None
        brk = Op(OPS["cf.break"], [*carried, ret.operands[0]], [], {}, [], ret.loc)
        brk.parent = region
        region.ops[region.ops.index(ret)] = brk
    orelse = Region([Value(r.type, r.hint) for r in loop.results] + [Value(hint="")])
    mapping = dict(zip(original.results, orelse.args, strict=False))
    tail = _lower_returns([clone_op(op, mapping) for op in rest])
    if tail and tail[-1].opdef.name == "cf.yield":
        last = tail[-1]
        tail[-1] = Op(OPS["cf.yield"], [*orelse.args[:-1], *last.operands], [], {}, [],
                      last.loc)
    for op in tail:
        orelse.append(op)
    result = Value(hint="")
    new_loop = Op(loop.opdef, [*loop.operands, placeholder.result],
                  [*(Value(r.type, r.hint) for r in loop.results), result], dict(loop.attrs),
                  [*loop.regions, orelse], loop.loc)
    return [placeholder, new_loop, Op(OPS["cf.yield"], [result], [], {}, [], loop.loc)]


def _owning_loop(op: Op) -> Op | None:
    region = op.parent
    while region is not None and region.parent is not None:
        if region.parent.opdef.name in (*_LOOPS, "cf.async_for"):
            return region.parent
        region = region.parent.parent
    return None


def _only_ifs_between(op: Op, loop: Op) -> bool:
    region = op.parent
    while region is not None and region.parent is not None and region.parent is not loop:
        if region.parent.opdef.name != "cf.if":
            return False
        region = region.parent.parent
    return region is not None and region.parent is loop


class Inline:
    """See the module docstring."""

    name = "inline"
    rules = (RULE,)

    def run(self, fn: Function, ctx: PassContext) -> int:
        module = ctx.module
        if module is None or module.parsed is None:
            return 0
        table = candidates(module)
        if not table:
            return 0
        caller_locals = _caller_locals(fn, module)
        done = 0
        for op in [op for op in fn.walk() if op.opdef.name == "py.call"]:
            callee = _site_callee(op, table, fn, caller_locals)
            if callee is None:
                continue
            if done >= MAX_INLINES_PER_FUNCTION:
                break
            if not _inline_site(fn, op, callee, module.filename):
                continue
            ctx.applied(RULE)
            ctx.pins.add(callee.fn.name)
            done += 1
        return done


def _caller_locals(fn: Function, module: Module) -> set[str]:
    scope = module.parsed.scopes.get(fn.node) if module.parsed is not None else None
    names = set(fn.params) | set(fn.slots)
    if scope is not None:
        names |= set(scope.locals) | set(scope.cells) | set(scope.frees) | set(scope.params)
    else:
        names.add("*")
    return names


def _site_callee(op: Op, table: dict[str, Callee], caller: Function,
                 caller_locals: set[str]) -> Callee | None:
    target = op.operands[0].owner
    if not isinstance(target, Op) or target.opdef.name != "py.global.load":
        return None
    callee = table.get(target.attrs["name"])
    if callee is None or callee.fn is caller or "*" in caller_locals:
        return None
    if op.attrs["kinds"] != ("p",) * len(callee.fn.params) or len(op.operands) - 1 != len(
            callee.fn.params):
        return None
    if callee.global_reads & caller_locals or on_slow_path(op) or _in_expression_region(op):
        return None
    if _splits_method_call(op) or _splits_incremental_build(op):
        return None
    return callee


def _splits_method_call(op: Op) -> bool:
    """Would inlining here put statements between ``obj.m`` and its call, as in
    ``out.append(f(x))``?  Python looks ``out.append`` up before evaluating ``f(x)``, so codegen
    must then write ``_t = out.append; ...; _t(r)``, which costs CPython 3.11 its specialized
    method call and a bound-method object per call: measured 10% slower on raytrace's pixel
    loop, more than the inlined call saves (docs/decisions.md)."""
    for region, at in _enclosing_positions(op):
        ops = region.ops
        before = {o.results[0] for o in ops[:at]
                  if o.opdef.name == "py.attr.get" and o.results}
        if before and any(o.opdef.name == "py.call" and o.operands[0] in before
                          for o in ops[at + 1:]):
            return True
    return False


def _enclosing_positions(op: Op) -> Iterator[tuple[Region, int]]:
    """``op``'s region and index, then its enclosing op's, and so on out to the body: what
    runs before and after the site at each level."""
    anchor: Op | None = op
    while anchor is not None and anchor.parent is not None:
        yield anchor.parent, anchor.parent.ops.index(anchor)
        parent = anchor.parent.parent
        anchor = parent if isinstance(parent, Op) else None


def _splits_incremental_build(op: Op) -> bool:
    """Would inlining here put statements inside a display or call that CPython builds
    piece by piece?  In ``{**g, 'h': f(x)}`` CPython copies ``g``'s items *before* it calls
    ``f``; the IR's ``py.dict`` takes all its operands at once, which only codegen's writing the
    display back as written makes right.  Inlined statements before the display would run
    ``f``'s body before the copy (a miscompile a swarm campaign found).  The same holds for
    ``*x`` in list/tuple/set displays and calls, and for big dict and set displays, which
    CPython builds (hashing keys) one entry at a time."""
    for region, at in _enclosing_positions(op):
        ops = region.ops
        before = {r for o in ops[:at] for r in o.results} | set(region.args)
        if any(_builds_incrementally(o) and any(v in before for v in o.operands)
               for o in ops[at + 1:]):
            return True
    return False


def _builds_incrementally(op: Op) -> bool:
    name = op.opdef.name
    if name in ("py.list", "py.tuple", "py.set"):
        return bool(op.attrs["starred"]) or (name == "py.set" and len(op.operands) > 16)
    if name == "py.dict":
        return "*" in op.attrs["layout"] or len(op.attrs["layout"]) > 8
    if name == "py.call":
        return any(kind in ("*", "**") for kind in op.attrs["kinds"])
    return False


def _in_expression_region(op: Op) -> bool:
    """Inside an assert, a match guard or the condition of a while with an else clause: code
    there must stay an expression, and the guarded body is statements.  (A plain while's
    condition may hold statements: codegen writes it as ``while True: ...; if not c: break``.)"""
    region = op.parent
    while region is not None and region.parent is not None:
        parent = region.parent
        if parent.opdef.name in ("cf.assert", "cf.match") or (
                parent.opdef.name == "cf.while" and region is parent.regions[0]
                and len(parent.regions) > 2) or _is_except_type(parent, region):
            return True
        region = parent.parent
    return False


def _is_except_type(op: Op, region: Region) -> bool:
    """Is ``region`` the type expression of one of ``op``'s except clauses?  (cf.try regions:
    the body, then a (type, handler) pair per clause, then else/finally.)"""
    if op.opdef.name != "cf.try":
        return False
    index = op.regions.index(region)
    return 1 <= index <= 2 * len(op.attrs["names"]) and index % 2 == 1


def _inline_site(fn: Function, call: Op, callee: Callee, filename: str) -> bool:
    """Inline one site; False (nothing changed) when the callee's body, as earlier passes
    left it, has a shape ``_lower_returns`` does not take (e.g. its range loop with a return
    inside is now versioned under a guard)."""
    loc = call.loc
    mapping: dict[Value, Value] = dict(zip(callee.fn.body.args, call.operands[1:], strict=True))
    cloned = [clone_op(op, mapping) for op in callee.fn.body.ops]
    try:
        lowered = _lower_returns(cloned)
    except ValueError:
        return False
    for op in lowered:
        _relocate(op, loc)
    fast = region_of(lowered)
    snap = Op(OPS["py.global.load"], [], [Value()], {"name": snapshot_name(callee.fn.name)},
              [], loc)
    cond = Op(OPS["py.cmp"], [call.operands[0], snap.result], [Value(BOOL)], {"op": "is"},
              [], loc)
    reload = _reload(fn, call)
    callee_value = reload.result if reload is not None else call.operands[0]
    original = Op(OPS["py.call"], [callee_value, *call.operands[1:]],
                  [Value(hint=call.result.hint)], dict(call.attrs), [], loc)
    slow = region_of([*deopt_ops(filename, loc, "inline"), *([reload] if reload else []),
                      original, Op(OPS["cf.yield"], [original.result], [], {}, [], loc)])
    result = Value(hint=call.result.hint)  # object: the two arms need not agree on a type
    guard_if = Op(OPS["cf.if"], [cond.result], [result], {"guard": "inline"}, [fast, slow], loc)
    region = call.parent
    assert region is not None
    index = region.ops.index(call)
    for op in (snap, cond, guard_if):
        op.parent = region
    region.ops[index:index + 1] = [snap, cond, guard_if]
    replace_uses(fn, call.result, result)
    return True


def _reload(fn: Function, call: Op) -> Op | None:
    """A fresh load of the callee's global for the failure path, when nothing that could rebind
    it runs between the original load and the call (then codegen needs no temporary to keep
    the loaded function alive across the guard: ``if f is F: ... else: f(x)``)."""
    load = call.operands[0].owner
    region = call.parent
    if not isinstance(load, Op) or load.parent is not region or region is None \
            or sum(1 for op in fn.walk() for v in op.operands if v is load.result) != 1:
        return None
    between = region.ops[region.ops.index(load) + 1:region.ops.index(call)]
    if any(not op.opdef.pure or op.regions for op in between):
        return None
    return Op(load.opdef, [], [Value(hint=load.result.hint)], dict(load.attrs), [], call.loc)


def _relocate(op: Op, loc: tuple[int, int]) -> None:
    op.loc = loc
    for region in op.regions:
        for inner in region.ops:
            _relocate(inner, loc)
