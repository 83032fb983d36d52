"""IR -> Python: a drop-in replacement module.

Only the bodies of lowered functions are regenerated.  Everything the enclosing code evaluates
(decorators, defaults, annotations, class and module bodies) stays the user's own text, so the
module keeps its names, signatures, docstrings and ``__qualname__``s; blocked functions are kept
verbatim.  Generated statements are placed on the user's line numbers wherever the text allows
(simple statements of one source line share it, joined by ``;``), so tracebacks point at the
user's lines.

Expression trees are rebuilt from SSA with a strict evaluation-order discipline: a value is folded
into its single user only when no other evaluation would move across it (see ``_Emitter.take``).
"""

from __future__ import annotations

import ast
import copy
import math
from collections.abc import Callable

from trm_agent.ir.core import Function, Module, Op, Region, Value
from trm_agent.ir.opdefs import OPS, rule
from trm_agent.linemap import Splicer
from trm_agent.parse import Diagnostic

_BINOP_NODES: dict[str, type[ast.operator]] = {
    "+": ast.Add, "-": ast.Sub, "*": ast.Mult, "/": ast.Div, "//": ast.FloorDiv, "%": ast.Mod,
    "**": ast.Pow, "<<": ast.LShift, ">>": ast.RShift, "&": ast.BitAnd, "|": ast.BitOr,
    "^": ast.BitXor, "@": ast.MatMult,
}
_UNOP_NODES: dict[str, type[ast.unaryop]] = {"-": ast.USub, "+": ast.UAdd, "~": ast.Invert,
                                             "not": ast.Not}
_CMP_NODES: dict[str, type[ast.cmpop]] = {
    "==": ast.Eq, "!=": ast.NotEq, "<": ast.Lt, "<=": ast.LtE, ">": ast.Gt, ">=": ast.GtE,
    "is": ast.Is, "is not": ast.IsNot, "in": ast.In, "not in": ast.NotIn,
}
_EXPRESSION_OPS = frozenset({
    "py.const", "py.global.load", "local.load", "cell.load", "py.lambda", "py.comp",
    "py.binop", "py.unop", "py.cmp", "py.truth", "py.typeis",
    "py.call", "py.attr.get", "py.item.get", "py.slice", "py.tuple", "py.list", "py.set",
    "py.dict", "py.format", "py.concat", "py.yield", "py.yield.from", "py.await",
})
# Python evaluates an assignment's value before its target's parts.
_EVAL_ORDER: dict[str, tuple[int, ...]] = {"py.attr.set": (1, 0), "py.item.set": (2, 0, 1)}


class CodegenError(Exception):
    """The IR has a shape codegen cannot express; the function falls back to the original."""


def constant(value: object) -> ast.expr:
    """A literal; negative numbers as unary minus so ``(-2) ** 2`` keeps its parentheses."""
    if isinstance(value, (int, float)) and not isinstance(value, bool) and (
            value < 0 or (isinstance(value, float) and math.copysign(1.0, value) < 0)):
        return ast.UnaryOp(ast.USub(), ast.Constant(-value))
    if isinstance(value, complex) and value.real != 0:
        return ast.BinOp(constant(value.real), ast.Add(), ast.Constant(complex(0, value.imag)))
    return ast.Constant(value)  # type: ignore[arg-type]  # tuples/frozensets of constants too


class _Names:
    """Python identifiers for SSA values: unique, never shadowing a global the code uses."""

    def __init__(self, reserved: set[str]) -> None:
        self.used = set(reserved)
        self.counter = 0

    def fresh(self, hint: str) -> str:
        base = hint or "_t"
        if hint and base not in self.used:
            self.used.add(base)
            return base
        while True:
            self.counter += 1
            name = f"{base}_{self.counter}"
            if name not in self.used:
                self.used.add(name)
                return name


class _Emitter:
    """Emits one function body as a list of (line-annotated) ast.stmt."""

    def __init__(self, fn: Function, module: Module | None = None) -> None:
        self.fn = fn
        self.module = module
        self.uses: dict[Value, int] = {}
        self.use_region: dict[Value, Region] = {}
        self.def_region: dict[Value, Region] = {}
        reserved: set[str] = set(fn.params) | set(fn.slots) | _foreign_names(fn, module)
        self.globals_declared: list[str] = []
        self.prebound: set[Value] = set()  # bound to the user's name by their own statement
        for op in fn.walk():
            for v in op.operands:
                self.uses[v] = self.uses.get(v, 0) + 1
                self.use_region[v] = op.parent  # type: ignore[assignment]
            for r in op.results:
                self.def_region[r] = op.parent  # type: ignore[assignment]
            if op.opdef.name.startswith(("py.global.", "local.", "cell.")):
                reserved.add(op.attrs["name"])
                if op.opdef.name in ("py.global.store", "py.global.del") \
                        and op.attrs["name"] not in self.globals_declared:
                    self.globals_declared.append(op.attrs["name"])
        self.names = _Names(reserved)
        self.name_of: dict[Value, str] = {}
        self.named: dict[str, list[Value]] = {}  # Python name -> values sharing it
        self.pos: dict[Op, int] = {}
        self.use_pos: dict[Value, list[int]] = {}
        self.users: dict[Value, list[Op]] = {}
        for index, op in enumerate(fn.walk()):
            self.pos[op] = index
            for v in op.operands:
                self.use_pos.setdefault(v, []).append(index)
                self.users.setdefault(v, []).append(op)
        self.end: dict[Op, int] = {}
        for op in self.pos:
            last = op
            while last.regions and any(r.ops for r in last.regions):
                last = next(r for r in reversed(last.regions) if r.ops).ops[-1]
            self.end[op] = self.pos[last]
        self.boolops = self.find_boolops(fn)
        self.augmented: set[Op] = set()  # stores already written by an augmented assignment
        self.written: set[Op] = set()  # ops another statement already spells (a for target)
        for arg, param in zip(fn.body.args, fn.params, strict=True):
            self.bind(arg, param)
        self.out: list[ast.stmt] = []
        self.pending: list[tuple[Value, ast.expr, tuple[int, int]]] = []
        self.loop_names: list[list[str]] = []
        self.loc = (fn.lineno, 0)
        self.expression_only = False  # inside expression_region: no statement may be emitted
        self.bind_inline = False  # inside an expression_region that may bind names inline

    def find_boolops(self, fn: Function) -> dict[Op, tuple[Value, int]]:
        """``a or b`` / ``a and b`` as the translator lowers them: an if on ``truth(t)`` whose
        one arm only yields ``t``.  Such a ``t`` folds into the truth test (its second use is
        the yield, which the BoolOp spells implicitly); value: (t, index of the other arm)."""
        found: dict[Op, tuple[Value, int]] = {}
        for op in fn.walk():
            if op.opdef.name != "cf.if" or len(op.results) != 1 or "guard" in op.attrs:
                continue
            truth = op.operands[0].owner
            if not isinstance(truth, Op) or truth.opdef.name != "py.truth" \
                    or self.uses.get(op.operands[0]) != 1 or truth.parent is not op.parent:
                continue
            t = truth.operands[0]
            for index, arm in enumerate(op.regions):
                if len(arm.ops) == 1 and arm.ops[0].opdef.name == "cf.yield" \
                        and arm.ops[0].operands == [t] and self.uses.get(t) == 2:
                    found[op] = (t, 1 - index)
                    self.uses[t] = 1
                    self.use_region[t] = truth.parent  # type: ignore[assignment]
                    break
        return found

    def boolop(self, op: Op) -> bool:
        """Emit ``t or other`` / ``t and other``; False when the other arm needs statements
        (then ``t`` is given a name here, at the point Python evaluates it)."""
        t, other_index = self.boolops[op]
        other = self.expression_region(op.regions[other_index], test=False)
        (cond,) = self.take(op, [op.operands[0]])
        t_expr = cond.test if _is_truth(cond) else None  # type: ignore[attr-defined]
        if other is not None and t_expr is not None:
            kind = ast.Or() if other_index == 1 else ast.And()
            self.define(op, ast.BoolOp(kind, [t_expr, other]))
            return True
        if t_expr is not None and t not in self.name_of:
            name = self.names.fresh(t.hint)
            self.bind(t, name)
            self.stmt(ast.Assign([ast.Name(name, ast.Store())], t_expr))
        self.pending_cond = ast.Name(self.name_of[t], ast.Load()) if t in self.name_of \
            else cond
        return False

    # --- names and expressions -----------------------------------------------------------------
    def name(self, value: Value) -> str:
        found = self.name_of.get(value)
        if found is None:
            found = self.names.fresh(value.hint)
            self.bind(value, found)
        return found

    def bind(self, value: Value, name: str) -> None:
        self.name_of[value] = name
        self.named.setdefault(name, []).append(value)

    # --- coalescing: share one Python name where the SSA values' lifetimes do not overlap ---
    def dead_after(self, name: str, op: Op, at_end: bool = False) -> bool:
        """Writing ``name`` at ``op`` (``at_end``: where each of its arms ends) clobbers
        nothing still needed.

        Every value already named ``name`` must have no use after that point in program order,
        and none inside a loop around ``op`` that it was defined outside of (it would be read
        again on the next iteration: pre-order positions do not see loop back edges).
        """
        position = self.end[op] if at_end else self.pos[op]
        loops = self.enclosing_loops(op)
        ancestors = self.ancestors(op)
        for value in self.named.get(name, ()):
            if value.owner in ancestors:
                continue  # a result of an op around us: it only exists once that op completes
            uses = self.use_pos.get(value, ())
            if any(self.pos[user] > position and not _exclusive(user, op)
                   for user in self.users.get(value, ())):
                return False
            defined = self.def_pos(value)
            for loop in loops:
                start, end = self.pos[loop], self.end[loop]
                if start <= defined <= end:
                    continue  # redefined on every iteration of this loop
                if any(start < p <= end for p in uses):
                    return False
        return True

    def def_pos(self, value: Value) -> float:
        owner = value.owner
        if isinstance(owner, Op):
            return self.pos[owner]
        parent = owner.parent if isinstance(owner, Region) else None
        return self.pos[parent] if parent is not None else -1

    @staticmethod
    def ancestors(op: Op) -> set[Op]:
        found: set[Op] = set()
        region = op.parent
        while region is not None and region.parent is not None:
            found.add(region.parent)
            region = region.parent.parent
        return found

    @staticmethod
    def enclosing_loops(op: Op) -> list[Op]:
        loops = []
        region = op.parent
        while region is not None and region.parent is not None:
            outer = region.parent
            if outer.opdef.name in ("cf.for", "cf.while"):
                loops.append(outer)
            region = outer.parent
        return loops

    def unused_between(self, name: str, start: int, end: int, skip: Value) -> bool:
        return all(not (start < p <= end)
                   for value in self.named.get(name, ()) if value is not skip
                   for p in self.use_pos.get(value, ()))

    def exit_target(self, value: Value, definer: Op) -> str | None:
        """The name a region exit will copy ``value`` into, when defining it there is safe."""
        users = self.users.get(value, [])
        return self.region_exit_target(value, definer, users) \
            or self.loop_exits_target(value, definer, users)

    def region_exit_target(self, value: Value, definer: Op, users: list[Op]) -> str | None:
        """The name the exit that ends ``value``'s own region copies it into, if that is its
        only use: nothing else can run between the definition and the exit."""
        if len(users) != 1:
            return None
        term = users[0]
        region = definer.parent
        if term.parent is not region or region is None or region.ops[-1] is not term \
                or term.operands.count(value) != 1:
            return None
        index = term.operands.index(value)
        kind = term.opdef.name
        if kind in ("cf.continue", "cf.break") and self.loop_names:
            target = self.loop_names[-1][index]
        elif kind == "cf.yield" and getattr(self, "targets", None):
            target = self.targets[index]
        else:
            return None
        if self.unused_between(target, self.end[definer], self.pos[term], value):
            return target
        return None

    def loop_exits_target(self, value: Value, definer: Op, users: list[Op]) -> str | None:
        """The loop-carried name, when every use of ``value`` hands it on at one index through
        the ``continue``s and ``break``s of the loop whose body defines it.

        A variable updated in the body and read after a conditional ``break`` then needs no
        copy at each exit (``m_1 = ...; if done: m = m_1; break`` / ``m = m_1``). Writing the
        name early is safe when no other value under that name is read from the definition to
        the loop's end: every later path either leaves through one of these exits, which would
        have written the same value, or has already left the loop.
        """
        home = _loop_body_of(definer)
        if home is None or not users or not self.loop_names:
            return None
        indices = set()
        for term in users:
            if term.opdef.name not in ("cf.continue", "cf.break") \
                    or term.operands.count(value) != 1 or _loop_body_of(term) != home:
                return None
            indices.add(term.operands.index(value))
        if len(indices) != 1:
            return None
        target = self.loop_names[-1][indices.pop()]
        if self.unused_between(target, self.end[definer], self.end[home[0]], value):
            return target
        return None

    def name_result(self, value: Value, definer: Op) -> str:
        """Name an op's result, reusing the name a region exit will copy it into."""
        if value not in self.name_of:
            target = self.exit_target(value, definer)
            if target is not None:
                self.bind(value, target)
        return self.name(value)

    def ref(self, value: Value) -> ast.expr:
        owner = value.owner
        if isinstance(owner, Op) and owner.opdef.name == "py.const":
            return constant(owner.attrs["value"])
        return ast.Name(self.name(value), ast.Load())

    def inlinable(self, value: Value, op: Op) -> bool:
        return ((op.opdef.name in _EXPRESSION_OPS or op.opdef.name == "cf.if")
                and len(op.results) == 1
                and self.uses.get(value, 0) == 1 and self.use_region.get(value) is op.parent)

    def take(self, op: Op, operands: list[Value]) -> list[ast.expr]:
        """Expressions for ``operands``; folds in the newest pending values when order allows.

        A pending value can be folded only together with every pending value defined after it,
        and in the order Python will evaluate them, so no evaluation moves across another.
        """
        order = _EVAL_ORDER.get(op.opdef.name, range(len(operands)))
        evaluated = [operands[i] for i in order if i < len(operands)]
        pending_values = [entry[0] for entry in self.pending]
        candidates = set(evaluated)
        best = len(pending_values)
        for j in range(len(pending_values) - 1, -1, -1):
            if pending_values[j] not in candidates:
                break
            tail = pending_values[j:]
            tail_set = set(tail)
            if [v for v in evaluated if v in tail_set] == tail:
                best = j
        folded = {entry[0]: entry[1] for entry in self.pending[best:]}
        del self.pending[best:]
        return [folded.pop(v) if v in folded else self.ref(v) for v in operands]

    def flush(self) -> None:
        """Materialise every pending value, in definition order."""
        pending, self.pending = self.pending, []
        for value, expr, loc in pending:
            name = self.name_result(value, value.owner)  # type: ignore[arg-type]
            self.stmt(ast.Assign([ast.Name(name, ast.Store())], expr), loc)

    def stmt(self, node: ast.stmt, loc: tuple[int, int] | None = None) -> None:
        """Append a statement; pending values are evaluated first (they were defined first)."""
        if self.pending:
            self.flush()
        line, col = loc or self.loc
        node.lineno, node.col_offset = line, col
        self.out.append(node)

    def define(self, op: Op, expr: ast.expr) -> None:
        """Bind an expression op's result: fold it later, assign it now, or evaluate it."""
        value = op.results[0]
        if self.inlinable(value, op):
            self.pending.append((value, expr, self.loc))
        elif self.expression_only and op.opdef.name == "local.load" and value not in self.name_of:
            # Read the variable again at each use: an expression region stores no local
            # (anything that does makes it statements), and no callee can rebind our locals.
            self.bind(value, op.attrs["name"])
        elif self.uses.get(value, 0) == 0:
            self.flush()
            if not op.opdef.pure:
                self.stmt(ast.Expr(expr))
        else:
            self.flush()
            self.stmt(ast.Assign([ast.Name(self.name_result(value, op), ast.Store())], expr))

    # --- regions -------------------------------------------------------------------------------
    def region(self, region: Region) -> list[ast.stmt]:
        saved_loc = self.loc
        saved_out, saved_pending = self.out, self.pending
        self.out, self.pending = [], []
        for op in region.ops:
            self.op(op)
        self.flush()
        body, self.out, self.pending = self.out, saved_out, saved_pending
        self.loc = saved_loc
        return body

    def expression_region(self, region: Region, test: bool,
                          bind_inline: bool | None = None) -> ast.expr | None:
        """The region as one expression if it computes a value without statements.

        ``bind_inline`` (for places that admit exactly one expression: an except clause's type,
        a match guard) lets values used more than once be named by assignment expressions in
        evaluation order, ``((_t := day), 0 < _t and _t < 8)[-1]``: the same evaluations in
        the same order, at the cost of a tuple, where statements cannot go at all. Nested
        regions (an arm of ``and``/``or``/``if``) inherit it: their names stay in their arm.
        """
        if bind_inline is None:
            bind_inline = self.bind_inline
        saved = dict(self.name_of)
        saved_named = {k: list(v) for k, v in self.named.items()}
        saved_used = set(self.names.used)
        saved_loc = self.loc
        body_ops, term = region.ops[:-1], region.ops[-1]
        if term.opdef.name not in ("cf.yield", "cf.condition") or len(term.operands) != 1:
            return None
        saved_out, saved_pending, saved_mode = self.out, self.pending, self.expression_only
        self.out, self.pending, self.expression_only = [], [], True
        saved_bind, self.bind_inline = self.bind_inline, bind_inline
        ok = True
        for op in body_ops:
            if op.opdef.name == "cf.if" and len(op.results) == 1:
                self.if_op(op)
            elif op.opdef.name in ("py.const", "local.load") or (
                    op.opdef.name in _EXPRESSION_OPS
                    and (bind_inline or self.inlinable(op.results[0], op))):
                self.op(op)
            else:
                ok = False
                break
        result = None
        if ok:
            value_node = self.fold_single(term.operands[0], test)
            if value_node is not None and not self.out:
                result = value_node
            elif value_node is not None and bind_inline:
                result = _bound_inline(self.out, value_node)
        self.out, self.pending, self.expression_only = saved_out, saved_pending, saved_mode
        self.bind_inline = saved_bind
        self.loc = saved_loc
        if result is None:
            self.name_of, self.named, self.names.used = saved, saved_named, saved_used
        return result

    def fold_single(self, value: Value, test: bool) -> ast.expr | None:
        """The expression for a region's result value, if everything folded into it."""
        if self.pending and self.pending[-1][0] is value and len(self.pending) == 1:
            expr = self.pending.pop()[1]
        elif not self.pending:
            expr = self.ref(value)
        else:
            return None
        return _test_form(expr) if test else expr

    def op(self, op: Op) -> None:
        if op in self.written:
            return
        self.loc = op.loc if op.loc != (0, 0) else self.loc
        emit = OPS[op.opdef.name].codegen
        if emit is None:
            raise CodegenError(f"no codegen rule for {op.opdef.name}")
        emit(self, op)

    def if_op(self, op: Op) -> None:
        cond_value = op.operands[0]
        if op in self.boolops:
            if self.boolop(op):
                return
            self.if_statement(op, self.pending_cond)
            return
        if len(op.results) == 1 and not self.arm_keeps_result(op):
            then = self.expression_region(op.regions[0], test=False)
            orelse = self.expression_region(op.regions[1], test=False) if then is not None \
                else None
            if then is not None and orelse is not None:
                (cond,) = self.take(op, [cond_value])
                self.define(op, ast.IfExp(_test_form(cond), then, orelse))
                return
        (cond,) = self.take(op, [cond_value])
        self.if_statement(op, cond)

    def arm_keeps_result(self, op: Op) -> bool:
        """Will an arm yield the value already in the result's variable? Then ``if c: x = a``
        beats ``x = a if c else x``, which copies ``x`` onto itself on the other path."""
        result = op.results[0]
        if self.inlinable(result, op):
            return False
        name = self.name_of.get(result) or self.exit_target(result, op) \
            or self.incoming_name(op, 0, [])
        return name is not None and any(
            len(region.ops) == 1 and region.ops[0].opdef.name == "cf.yield"
            and self.name_of.get(region.ops[0].operands[0]) == name for region in op.regions)

    def if_statement(self, op: Op, cond: ast.expr) -> None:
        loc = self.loc
        result_names: list[str] = []
        for index, result in enumerate(op.results):
            if result not in self.name_of and self.exit_target(result, op) is None:
                shared = self.incoming_name(op, index, result_names)
                if shared is not None:
                    self.bind(result, shared)
            result_names.append(self.name_result(result, op))
        branches = []
        for region in op.regions:
            self.loop_names.append(self.loop_names[-1] if self.loop_names else [])
            self.yield_targets = result_names
            body = self.region_with_targets(region, result_names)
            self.loop_names.pop()
            branches.append(body)
        then_body, else_body = branches
        if not then_body and else_body:  # ``if not c`` tests c's truth just as ``if c`` does
            self.stmt(ast.If(ast.UnaryOp(ast.Not(), _test_form(cond)), else_body, []), loc)
            return
        if not then_body:
            then_body = [_located(ast.Pass(), loc)]
        self.stmt(ast.If(_test_form(cond), then_body, else_body), loc)

    def incoming_name(self, op: Op, index: int, taken: list[str]) -> str | None:
        """The name of a value from before the if that an arm yields unchanged as result
        ``index``, when that value is dead once the if is done: the result can live in the same
        variable (``if c: x += 1`` then needs no ``x_1 = x`` copies in both arms)."""
        inside = {nested for region in op.regions for nested in region.walk()}
        for region in op.regions:
            term = region.ops[-1] if region.ops else None
            if term is None or term.opdef.name != "cf.yield":
                continue
            value = term.operands[index]
            name = self.name_of.get(value)
            if name is None or name in taken or value.owner in inside \
                    or (isinstance(value.owner, Region) and value.owner.parent in inside):
                continue
            if self.dead_after(name, op, at_end=True):
                return name
        return None

    def region_with_targets(self, region: Region, targets: list[str]) -> list[ast.stmt]:
        saved = getattr(self, "targets", None)
        self.targets = targets
        body = self.region(region)
        self.targets = saved  # type: ignore[assignment]
        return body

    def assign_parallel(self, names: list[str], values: list[Value], op: Op) -> None:
        """``names = values`` as one parallel assignment (a swap must not clobber)."""
        exprs = self.take(op, values)
        pairs = [(n, e) for n, e in zip(names, exprs, strict=True)
                 if not (isinstance(e, ast.Name) and e.id == n)]
        if not pairs:
            return
        if len(pairs) == 1:
            self.stmt(ast.Assign([ast.Name(pairs[0][0], ast.Store())], pairs[0][1]))
            return
        target = ast.Tuple([ast.Name(n, ast.Store()) for n, _ in pairs], ast.Store())
        self.stmt(ast.Assign([target], ast.Tuple([e for _, e in pairs], ast.Load())))


def _loop_body_of(op: Op) -> tuple[Op, Region] | None:
    """The innermost loop around ``op`` and its body, when ``op`` is in that body (not in a
    ``while`` condition or an ``else`` clause, where ``break`` means another loop)."""
    region = op.parent
    while region is not None and region.parent is not None:
        outer = region.parent
        name = outer.opdef.name
        if name in ("cf.for", "cf.async_for", "cf.while"):
            body = outer.regions[1 if name == "cf.while" else 0]
            return (outer, region) if region is body else None
        region = outer.parent
    return None


def _path(op: Op) -> list[tuple[Op, int]]:
    """(ancestor op, index of the region holding us) from the outermost inwards."""
    path: list[tuple[Op, int]] = []
    region = op.parent
    while region is not None and region.parent is not None:
        owner = region.parent
        path.append((owner, owner.regions.index(region)))
        region = owner.parent
    path.reverse()
    return path


def _exclusive(a: Op, b: Op) -> bool:
    """Do ``a`` and ``b`` sit in different arms of one if/match (never both on one path)?"""
    for (owner_a, index_a), (owner_b, index_b) in zip(_path(a), _path(b), strict=False):
        if owner_a is not owner_b:
            return False
        if index_a != index_b:
            if owner_a.opdef.name == "cf.if":
                return True
            if owner_a.opdef.name == "cf.match":  # guards run before later cases: not arms
                return False
            return False
    return False


def _located(node: ast.stmt, loc: tuple[int, int]) -> ast.stmt:
    node.lineno, node.col_offset = loc
    return node


def _test_form(expr: ast.expr) -> ast.expr:
    """Simplify an expression whose truth value alone is used (an if/while/assert test)."""
    if _is_truth(expr):
        return _test_form(expr.test)  # type: ignore[attr-defined]
    if isinstance(expr, ast.IfExp):
        body, orelse = _test_form(expr.body), _test_form(expr.orelse)
        if isinstance(orelse, ast.Constant) and orelse.value is False:
            return ast.BoolOp(ast.And(), [_test_form(expr.test), body])
        if isinstance(body, ast.Constant) and body.value is True:
            return ast.BoolOp(ast.Or(), [_test_form(expr.test), orelse])
        return ast.IfExp(expr.test, body, orelse)
    return expr


def _truth_expr(expr: ast.expr) -> ast.expr:
    """``bool(x)`` without looking up the (shadowable) name ``bool``."""
    node = ast.IfExp(expr, ast.Constant(True), ast.Constant(False))
    node._truth = True  # type: ignore[attr-defined]
    return node


def _is_truth(expr: ast.expr) -> bool:
    return isinstance(expr, ast.IfExp) and getattr(expr, "_truth", False)


# --- per-op codegen rules ----------------------------------------------------------------------
Rule = Callable[[_Emitter, Op], None]


@rule("codegen", "py.const")
def _const(e: _Emitter, op: Op) -> None:
    pass  # constants are literals at each use


@rule("codegen", "py.global.load", "local.load", "cell.load")
def _load(e: _Emitter, op: Op) -> None:
    e.define(op, ast.Name(op.attrs["name"], ast.Load()))


@rule("codegen", "py.global.store", "local.store", "cell.store")
def _store(e: _Emitter, op: Op) -> None:
    (value,) = e.take(op, op.operands)
    name = op.attrs["name"]
    operand = op.operands[0]
    bound_by_itself = operand in e.prebound or (isinstance(operand.owner, Region)
                                                 and op.opdef.name != "py.global.store")
    if bound_by_itself and isinstance(value, ast.Name) and value.id == name:
        return  # ``for x in``/``with m as x``/``def x``/``import x`` already bound x itself
    e.stmt(ast.Assign([ast.Name(name, ast.Store())], value))


@rule("codegen", "py.global.del", "local.del", "cell.del")
def _del_name(e: _Emitter, op: Op) -> None:
    e.flush()
    e.stmt(ast.Delete([ast.Name(op.attrs["name"], ast.Del())]))


@rule("codegen", "py.binop")
def _binop(e: _Emitter, op: Op) -> None:
    left, right = e.take(op, op.operands)
    e.define(op, ast.BinOp(left, _BINOP_NODES[op.attrs["op"]](), right))


@rule("codegen", "py.inplace")
def _inplace(e: _Emitter, op: Op) -> None:
    current, rhs = e.take(op, op.operands)
    result = op.results[0]
    store = _augmented_store(e, op, current)
    if store is not None:
        # ``a[k] += x`` / ``o.f += x``: the load was folded in (nothing ran in between) and the
        # next op stores the result back to the same place: one augmented assignment, which
        # evaluates a, k, loads, evaluates x, operates and stores in exactly that order.
        target: ast.Subscript | ast.Attribute = (
            ast.Subscript(current.value, current.slice, ast.Store())
            if isinstance(current, ast.Subscript)
            else ast.Attribute(current.value, current.attr, ast.Store()))  # type: ignore[attr-defined]
        e.augmented.add(store)
        e.stmt(ast.AugAssign(target, _BINOP_NODES[op.attrs["op"]](), rhs))
        return
    store = _store_of_same_name(op, current)
    if store is not None and result not in e.name_of:
        # ``x += y`` on a slot/cell/global: the next op stores the result back under the same
        # name, so one augmented assignment does both (and nothing runs in between).
        assert isinstance(current, ast.Name)
        e.bind(result, current.id)
        e.prebound.add(result)
    elif result not in e.name_of and isinstance(current, ast.Name) \
            and _is_ssa(op.operands[0]) and e.dead_after(current.id, op):
        e.bind(result, current.id)  # ``x += y`` updates x in place when x is dead after
    name = e.name_result(result, op)
    if not (isinstance(current, ast.Name) and current.id == name):
        e.stmt(ast.Assign([ast.Name(name, ast.Store())], current))
    e.stmt(ast.AugAssign(ast.Name(name, ast.Store()), _BINOP_NODES[op.attrs["op"]](), rhs))


@rule("codegen", "py.unop")
def _unop(e: _Emitter, op: Op) -> None:
    (operand,) = e.take(op, op.operands)
    if op.attrs["op"] == "not":
        operand = _test_form(operand)
    e.define(op, ast.UnaryOp(_UNOP_NODES[op.attrs["op"]](), operand))


_IDENTITY_SAFE = (type(None), bool, type(Ellipsis))


@rule("codegen", "py.cmp")
def _cmp(e: _Emitter, op: Op) -> None:
    left, right = e.take(op, op.operands)
    if op.attrs["op"] in ("is", "is not"):
        # ``x is 'lit'`` makes CPython print a SyntaxWarning at import: bind the literal first.
        left, right = (_bound_literal(e, x) for x in (left, right))
    e.define(op, ast.Compare(left, [_CMP_NODES[op.attrs["op"]]()], [right]))


_NAMED_LOADS = ("local.load", "cell.load", "py.global.load")
_NAMED_STORES = {"local.load": "local.store", "cell.load": "cell.store",
                 "py.global.load": "py.global.store"}


def _is_ssa(value: Value) -> bool:
    """A value that lives in a Python variable of codegen's choosing (not a slot/cell/global)."""
    owner = value.owner
    return not (isinstance(owner, Op) and owner.opdef.name in _NAMED_LOADS)


def _augmented_store(e: _Emitter, op: Op, current: ast.expr) -> Op | None:
    """The item/attribute store right after ``op`` that writes its result back to the place
    ``current`` (a folded subscript/attribute load) read it from."""
    if not isinstance(current, (ast.Subscript, ast.Attribute)):
        return None
    load = op.operands[0].owner
    region = op.parent
    if not isinstance(load, Op) or region is None or e.uses.get(op.results[0]) != 1:
        return None
    index = region.ops.index(op)
    store = region.ops[index + 1] if index + 1 < len(region.ops) else None
    if store is None:
        return None
    if load.opdef.name == "py.item.get" and store.opdef.name == "py.item.set" \
            and isinstance(current, ast.Subscript) \
            and store.operands == [*load.operands, op.results[0]]:
        return store
    if load.opdef.name == "py.attr.get" and store.opdef.name == "py.attr.set" \
            and isinstance(current, ast.Attribute) \
            and store.attrs["name"] == load.attrs["name"] \
            and store.operands == [load.operands[0], op.results[0]]:
        return store
    return None


def _store_of_same_name(op: Op, current: ast.expr) -> Op | None:
    """The store right after an in-place op that writes its result back to the loaded name."""
    loaded = op.operands[0].owner
    region = op.parent
    if not isinstance(current, ast.Name) or not isinstance(loaded, Op) \
            or loaded.opdef.name not in _NAMED_LOADS or region is None:
        return None
    index = region.ops.index(op)
    following = region.ops[index + 1] if index + 1 < len(region.ops) else None
    if following is None or following.opdef.name != _NAMED_STORES[loaded.opdef.name] \
            or following.attrs["name"] != loaded.attrs["name"] \
            or following.operands != [op.results[0]]:
        return None
    return following


def _bound_literal(e: _Emitter, expr: ast.expr) -> ast.expr:
    literal = expr.operand if isinstance(expr, ast.UnaryOp) else expr
    if not isinstance(literal, ast.Constant) or isinstance(literal.value, _IDENTITY_SAFE):
        return expr
    if e.expression_only:  # e.g. a match guard: keep the user's spelling, warning and all
        return expr
    name = e.names.fresh("_lit")
    pending, e.pending = e.pending, []  # a literal has no effects: no need to flush
    e.stmt(ast.Assign([ast.Name(name, ast.Store())], expr))
    e.pending = pending
    return ast.Name(name, ast.Load())


@rule("codegen", "py.truth")
def _truth(e: _Emitter, op: Op) -> None:
    (operand,) = e.take(op, op.operands)
    e.define(op, _truth_expr(operand))


@rule("codegen", "py.typeis")
def _typeis(e: _Emitter, op: Op) -> None:
    (operand,) = e.take(op, op.operands)
    test = ast.Call(ast.Name("__trm_type__", ast.Load()), [operand], [])
    e.define(op, ast.Compare(test, [ast.Is()], [ast.Name(f"__trm_{op.attrs['type']}__",
                                                         ast.Load())]))


@rule("codegen", "py.call")
def _call(e: _Emitter, op: Op) -> None:
    callee, *args = e.take(op, op.operands)
    e.define(op, ast.Call(callee, *_arguments(op.attrs["kinds"], args)))


def _arguments(kinds: tuple[str, ...],
               exprs: list[ast.expr]) -> tuple[list[ast.expr], list[ast.keyword]]:
    """Positional and keyword argument syntax from py.call-style ``kinds``."""
    positional: list[ast.expr] = []
    keywords: list[ast.keyword] = []
    for kind, arg in zip(kinds, exprs, strict=True):
        if kind == "p":
            positional.append(arg)
        elif kind == "*":
            positional.append(ast.Starred(arg, ast.Load()))
        else:
            keywords.append(ast.keyword(None if kind == "**" else kind[2:], arg))
    return positional, keywords


@rule("codegen", "py.attr.get")
def _attr_get(e: _Emitter, op: Op) -> None:
    (obj,) = e.take(op, op.operands)
    e.define(op, ast.Attribute(obj, op.attrs["name"], ast.Load()))


@rule("codegen", "py.attr.set")
def _attr_set(e: _Emitter, op: Op) -> None:
    if op in e.augmented:
        return
    obj, value = e.take(op, op.operands)
    e.stmt(ast.Assign([ast.Attribute(obj, op.attrs["name"], ast.Store())], value))


@rule("codegen", "py.attr.del")
def _attr_del(e: _Emitter, op: Op) -> None:
    (obj,) = e.take(op, op.operands)
    e.stmt(ast.Delete([ast.Attribute(obj, op.attrs["name"], ast.Del())]))


def _key(expr: ast.expr) -> ast.expr:
    if isinstance(expr, ast.Slice):
        return expr
    if isinstance(expr, ast.Tuple):
        return expr  # unparse parenthesises as needed
    return expr


@rule("codegen", "py.item.get")
def _item_get(e: _Emitter, op: Op) -> None:
    obj, key = e.take(op, op.operands)
    e.define(op, ast.Subscript(obj, _key(key), ast.Load()))


@rule("codegen", "py.item.set")
def _item_set(e: _Emitter, op: Op) -> None:
    if op in e.augmented:
        return
    obj, key, value = e.take(op, op.operands)
    e.stmt(ast.Assign([ast.Subscript(obj, _key(key), ast.Store())], value))


@rule("codegen", "py.item.del")
def _item_del(e: _Emitter, op: Op) -> None:
    obj, key = e.take(op, op.operands)
    e.stmt(ast.Delete([ast.Subscript(obj, _key(key), ast.Del())]))


@rule("codegen", "py.slice")
def _slice(e: _Emitter, op: Op) -> None:
    if not e.inlinable(op.results[0], op):
        raise CodegenError("a slice object must be used by exactly one subscript")
    parts = e.take(op, op.operands)
    lower, upper, step = (None if isinstance(p, ast.Constant) and p.value is None else p
                          for p in parts)
    e.define(op, ast.Slice(lower, upper, step))


def _elements(op: Op, exprs: list[ast.expr]) -> list[ast.expr]:
    starred = set(op.attrs["starred"])
    return [ast.Starred(x, ast.Load()) if i in starred else x for i, x in enumerate(exprs)]


@rule("codegen", "py.tuple")
def _tuple(e: _Emitter, op: Op) -> None:
    e.define(op, ast.Tuple(_elements(op, e.take(op, op.operands)), ast.Load()))


@rule("codegen", "py.list")
def _list(e: _Emitter, op: Op) -> None:
    e.define(op, ast.List(_elements(op, e.take(op, op.operands)), ast.Load()))


@rule("codegen", "py.set")
def _set(e: _Emitter, op: Op) -> None:
    elts = _elements(op, e.take(op, op.operands))
    e.define(op, ast.Set(elts) if elts else ast.Set([ast.Starred(ast.Tuple([], ast.Load()),
                                                                 ast.Load())]))


@rule("codegen", "py.dict")
def _dict(e: _Emitter, op: Op) -> None:
    exprs = iter(e.take(op, op.operands))
    keys: list[ast.expr | None] = []
    values: list[ast.expr] = []
    for entry in op.attrs["layout"]:
        keys.append(next(exprs) if entry == "k" else None)
        values.append(next(exprs))
    e.define(op, ast.Dict(keys, values))


@rule("codegen", "py.unpack")
def _unpack(e: _Emitter, op: Op) -> None:
    (value,) = e.take(op, op.operands)
    e.stmt(ast.Assign([_unpack_targets(e, op)], value))


def _unpack_targets(e: _Emitter, op: Op) -> ast.Tuple:
    star = op.attrs["star"]
    targets: list[ast.expr] = []
    for i, result in enumerate(op.results):
        name: ast.expr = ast.Name(e.name_result(result, op), ast.Store())
        targets.append(ast.Starred(name, ast.Store()) if i == star else name)
    return ast.Tuple(targets, ast.Store())


def _unpacked_item(e: _Emitter, region: Region) -> ast.Tuple | None:
    """``for a, b in xs`` unpacks in the loop header: the item's only use is the unpack that
    opens the body (spelling it as a separate statement costs a store and a load per trip)."""
    item = region.args[0]
    first = region.ops[0] if region.ops else None
    if item in e.name_of or first is None or first.opdef.name != "py.unpack" \
            or first.operands != [item] or len(e.users.get(item, ())) != 1:
        return None
    e.written.add(first)
    e.loc = first.loc if first.loc != (0, 0) else e.loc
    return _unpack_targets(e, first)


@rule("codegen", "cf.if")
def _if(e: _Emitter, op: Op) -> None:
    e.if_op(op)


@rule("codegen", "cf.yield")
def _yield(e: _Emitter, op: Op) -> None:
    targets = getattr(e, "targets", None) or []
    if len(targets) != len(op.operands):
        raise CodegenError("cf.yield does not match the names its region flows into")
    e.assign_parallel(targets, op.operands, op)


def _loop_targets(e: _Emitter, op: Op, init: list[Value]) -> list[str]:
    """Names of the loop-carried variables: the initial value's own name when it dies here."""
    names: list[str] = []
    for result, start in zip(op.results, init, strict=True):
        if result not in e.name_of:
            candidate = e.name_of.get(start)
            if candidate is not None and candidate not in names \
                    and e.dead_after(candidate, op):
                e.bind(result, candidate)
        names.append(e.name_result(result, op))
    return names


def _initialise(e: _Emitter, names: list[str], values: list[Value], exprs: list[ast.expr],
                loc: tuple[int, int]) -> None:
    """Loop-carried variables' first values, each on the line that computed it."""
    pairs = [(n, v, x) for n, v, x in zip(names, values, exprs, strict=True)
             if not (isinstance(x, ast.Name) and x.id == n)]
    read = {node.id for _, _, x in pairs for node in ast.walk(x) if isinstance(node, ast.Name)}
    if len(pairs) > 1 and read & {n for n, _, _ in pairs}:  # overlapping: one parallel copy
        target = ast.Tuple([ast.Name(n, ast.Store()) for n, _, _ in pairs], ast.Store())
        e.stmt(ast.Assign([target], ast.Tuple([x for _, _, x in pairs], ast.Load())), loc)
        return
    for name, value, expr in pairs:
        owner = value.owner
        at = owner.loc if isinstance(owner, Op) and owner.loc != (0, 0) else loc
        e.stmt(ast.Assign([ast.Name(name, ast.Store())], expr), at)


def _bind_args(e: _Emitter, region: Region, names: list[str], skip: int) -> None:
    for arg, name in zip(region.args[skip:], names, strict=True):
        e.bind(arg, name)


@rule("codegen", "cf.for", "cf.async_for")
def _for(e: _Emitter, op: Op) -> None:
    iterable, *init = op.operands
    names = _loop_targets(e, op, init)
    loc = e.loc
    exprs = e.take(op, [*init, iterable])
    _initialise(e, names, init, exprs[:-1], loc)
    body_region = op.regions[0]
    _bind_args(e, body_region, names, 1)
    _bind_to_slot(e, body_region)
    e.loop_names.append(names)  # before naming the unpacked values: they may flow to *this*
    item: ast.expr = _unpacked_item(e, body_region) \
        or ast.Name(e.name(body_region.args[0]), ast.Store())  # loop's continue
    body = _loop_body(e, body_region)
    e.loop_names.pop()
    orelse = _loop_else(e, op.regions[1], names) if len(op.regions) == 2 else []
    kind = ast.AsyncFor if op.opdef.name == "cf.async_for" else ast.For
    e.stmt(kind(item, exprs[-1], body, orelse), loc)


def _loop_else(e: _Emitter, region: Region, names: list[str]) -> list[ast.stmt]:
    """The ``else`` clause: it sees the carried variables and yields their final values."""
    _bind_args(e, region, names, 0)
    return e.region_with_targets(region, names)


@rule("codegen", "cf.while")
def _while(e: _Emitter, op: Op) -> None:
    names = _loop_targets(e, op, op.operands)
    loc = e.loc
    _initialise(e, names, op.operands, e.take(op, op.operands), loc)
    cond_region, body_region = op.regions[:2]
    _bind_args(e, cond_region, names, 0)
    _bind_args(e, body_region, names, 0)
    e.loop_names.append(names)
    test = e.expression_region(cond_region, test=True)
    body = _loop_body(e, body_region)
    flag = None
    if test is None:  # the condition needs statements: ``while True`` + an explicit exit
        exit_stmts: list[ast.stmt] = [_located(ast.Break(), e.loc)]
        if len(op.regions) == 3:  # a flag tells the condition's exit from a ``break``
            flag = e.names.fresh("_while_exhausted")
            e.stmt(_assign(flag, ast.Constant(False)), loc)
            exit_stmts.insert(0, _located(_assign(flag, ast.Constant(True)), e.loc))
        stmts, cond = _region_statements(e, cond_region)
        stmts.append(_located(ast.If(ast.UnaryOp(ast.Not(), _test_form(cond)), exit_stmts, []),
                              e.loc))
        body = stmts + body
        test = ast.Constant(True)
    e.loop_names.pop()
    orelse = _loop_else(e, op.regions[2], names) if len(op.regions) == 3 else []
    if flag is None:
        e.stmt(ast.While(test, body, orelse), loc)
        return
    e.stmt(ast.While(test, body, []), loc)
    if orelse:  # after the loop, so ``break``/``continue`` in it still mean the outer loop
        e.stmt(ast.If(ast.Name(flag, ast.Load()), orelse, []), loc)


def _assign(name: str, value: ast.expr) -> ast.stmt:
    return ast.Assign([ast.Name(name, ast.Store())], value)


def _region_statements(e: _Emitter, region: Region) -> tuple[list[ast.stmt], ast.expr]:
    """A value region as statements plus the expression of the value it yields."""
    saved_out, saved_pending = e.out, e.pending
    e.out, e.pending = [], []
    for op in region.ops[:-1]:
        e.op(op)
    term = region.ops[-1]
    (value,) = e.take(term, term.operands)
    e.flush()
    stmts, e.out, e.pending = e.out, saved_out, saved_pending
    return stmts, value


def _loop_body(e: _Emitter, region: Region) -> list[ast.stmt]:
    body = e.region(region)
    if body and isinstance(body[-1], ast.Continue):
        body.pop()  # falling off the end of a loop body continues
    return body or [_located(ast.Pass(), e.loc)]



def _bound_inline(stmts: list[ast.stmt], value: ast.expr) -> ast.expr | None:
    """``name = expr; ...; value`` as ``((name := expr), ..., value)[-1]``, if every statement
    is a plain assignment to one name (a tuple is evaluated left to right)."""
    parts: list[ast.expr] = []
    for stmt in stmts:
        if not (isinstance(stmt, ast.Assign) and len(stmt.targets) == 1
                and isinstance(stmt.targets[0], ast.Name)):
            return None
        parts.append(ast.NamedExpr(ast.Name(stmt.targets[0].id, ast.Store()), stmt.value))
    return ast.Subscript(ast.Tuple([*parts, value], ast.Load()), ast.Constant(-1), ast.Load())

@rule("codegen", "cf.try")
def _try(e: _Emitter, op: Op) -> None:
    e.flush()
    loc = e.loc
    regions = iter(op.regions)
    body = e.region_with_targets(next(regions), []) or [_located(ast.Pass(), loc)]
    handlers: list[ast.ExceptHandler] = []
    for name in op.attrs["names"]:
        match_region, handler_region = next(regions), next(regions)
        kind: ast.expr | None = None
        if match_region.ops[-1].operands:
            kind = e.expression_region(match_region, test=False, bind_inline=True)
            if kind is None:
                raise CodegenError("except clause whose type needs statements")
        handler = ast.ExceptHandler(kind, name or None,
                                    e.region_with_targets(handler_region, [])
                                    or [_located(ast.Pass(), loc)])
        handler.lineno, handler.col_offset = _region_line(handler_region, loc), 0
        handlers.append(handler)
    orelse = e.region_with_targets(next(regions), []) if op.attrs["has_else"] else []
    final = e.region_with_targets(next(regions), []) if op.attrs["has_finally"] else []
    if op.attrs["has_finally"] and not final:
        final = [_located(ast.Pass(), loc)]
    e.stmt(ast.Try(body, handlers, orelse, final), loc)


_STORES = ("local.store", "cell.store", "py.global.store")


def _prebind_to_store(e: _Emitter, result: Value, op: Op) -> None:
    """``import x``/``from m import x`` into a slot, cell or global x: bind x directly.

    Allowed when the result's only use is a store of that name that follows the import with
    nothing but the import's other stores in between (no one can read x early)."""
    users = e.users.get(result, [])
    region = op.parent
    if result in e.name_of or len(users) != 1 or region is None:
        return
    store = users[0]
    if store.opdef.name not in _STORES or store.parent is not region:
        return
    index, target = region.ops.index(op), region.ops.index(store)
    between = region.ops[index + 1:target]
    if target < index or any(o.opdef.name not in _STORES or o.operands[0] not in op.results
                             for o in between):
        return
    e.bind(result, store.attrs["name"])
    e.prebound.add(result)
    if store.opdef.name == "py.global.store" and store.attrs["name"] not in e.globals_declared:
        e.globals_declared.append(store.attrs["name"])


def _bind_to_slot(e: _Emitter, region: Region) -> None:
    """``for x in ...`` / ``with m as x`` bind a slot variable x directly, without a copy."""
    value = region.args[0]
    first = region.ops[0]
    if value not in e.name_of and first.opdef.name in ("local.store", "cell.store") \
            and first.operands == [value] and len(e.users.get(value, ())) == 1:
        e.bind(value, first.attrs["name"])


def _region_line(region: Region, default: tuple[int, int]) -> int:
    first = next((op for op in region.ops if op.loc != (0, 0)), None)
    return first.loc[0] - 1 if first is not None else default[0]


def parse_pattern(source: str) -> ast.pattern:
    """A match pattern from its source text (patterns are kept as text in the IR)."""
    statement = ast.parse(f"match _:\n case {source}:\n  pass").body[0]
    assert isinstance(statement, ast.Match)
    return statement.cases[0].pattern


@rule("codegen", "cf.match")
def _match(e: _Emitter, op: Op) -> None:
    (subject,) = e.take(op, op.operands)
    loc = e.loc
    regions = iter(op.regions)
    cases: list[ast.match_case] = []
    for pattern, guarded in zip(op.attrs["patterns"], op.attrs["guards"], strict=True):
        guard = None
        if guarded:
            guard = e.expression_region(next(regions), test=True, bind_inline=True)
            if guard is None:
                raise CodegenError("match guard needs statements")
        body_region = next(regions)
        body = e.region_with_targets(body_region, []) or [_located(ast.Pass(), loc)]
        case = ast.match_case(parse_pattern(pattern), guard, body)
        case.lineno = _region_line(body_region, loc)  # type: ignore[attr-defined]
        cases.append(case)
    e.stmt(ast.Match(subject, cases), loc)


@rule("codegen", "cf.with", "cf.async_with")
def _with(e: _Emitter, op: Op) -> None:
    (manager,) = e.take(op, op.operands)
    loc = e.loc
    region = op.regions[0]
    target: ast.expr | None = None
    if op.attrs["has_as"]:
        _bind_to_slot(e, region)
        target = ast.Name(e.name(region.args[0]), ast.Store())
    body = e.region_with_targets(region, []) or [_located(ast.Pass(), loc)]
    kind = ast.AsyncWith if op.opdef.name == "cf.async_with" else ast.With
    e.stmt(kind([ast.withitem(manager, target)], body), loc)


@rule("codegen", "py.import")
def _import(e: _Emitter, op: Op) -> None:
    module = op.attrs["name"]
    result = op.results[0]
    top = module.split(".")[0]
    _prebind_to_store(e, result, op)
    if op.attrs["leaf"] or "." not in module:
        e.flush()
        e.stmt(ast.Import([ast.alias(module, e.name_result(result, op))]))
        return
    # ``import a.b.c`` binds ``a`` itself: the result must be named ``a``.
    if result not in e.name_of:
        if top not in e.names.used:
            e.names.used.add(top)
            e.bind(result, top)
        elif e.dead_after(top, op):
            e.bind(result, top)
    if e.name_of.get(result) != top:
        raise CodegenError(f"'import {module}' needs its result named {top!r}")
    e.prebound.add(result)
    e.flush()
    e.stmt(ast.Import([ast.alias(module, None)]))


@rule("codegen", "py.import.from")
def _import_from(e: _Emitter, op: Op) -> None:
    e.flush()
    aliases = []
    for name, result in zip(op.attrs["names"], op.results, strict=True):
        _prebind_to_store(e, result, op)
        bound = e.name_result(result, op)
        aliases.append(ast.alias(name, None if bound == name else bound))
    e.stmt(ast.ImportFrom(op.attrs["module"] or None, aliases, op.attrs["level"]))


def _joined(expr: ast.expr) -> ast.JoinedStr:
    """An expression as an f-string piece list (for format specs and concatenation)."""
    if isinstance(expr, ast.JoinedStr):
        return expr
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return ast.JoinedStr([expr])
    if isinstance(expr, ast.FormattedValue):
        return ast.JoinedStr([expr])
    raise CodegenError("an f-string piece must be folded into its f-string")


@rule("codegen", "py.format")
def _format(e: _Emitter, op: Op) -> None:
    parts = e.take(op, op.operands)
    parts[0] = _without_backslashes(e, parts[0])
    spec = _joined(parts[1]) if len(parts) > 1 else None
    # Always a whole f-string (a lone f"{x}" is exactly one FORMAT_VALUE); py.concat splices
    # the pieces of its operands back together.
    e.define(op, ast.JoinedStr([ast.FormattedValue(parts[0], op.attrs["conv"], spec)]))


def _without_backslashes(e: _Emitter, expr: ast.expr) -> ast.expr:
    """Python 3.11 allows no backslash inside an f-string's expression part: a literal that
    needs one (``'\\'.join(xs)`` folded into ``f'{...}'``) is bound to a variable first, which
    moves no evaluation (a literal has no effects)."""
    class Bind(ast.NodeTransformer):
        def visit_Constant(self, node: ast.Constant) -> ast.expr:
            if isinstance(node.value, (str, bytes)) and "\\" in repr(node.value):
                # In an expression region the statement makes the region give up (or, where
                # names bind inline, become an assignment expression), like any other.
                name = e.names.fresh("_lit")
                pending, e.pending = e.pending, []
                e.stmt(ast.Assign([ast.Name(name, ast.Store())], node))
                e.pending = pending
                return ast.Name(name, ast.Load())
            return node

    if not any(isinstance(n, ast.Constant) and isinstance(n.value, (str, bytes))
               for n in ast.walk(expr)):
        return expr
    return Bind().visit(expr)


@rule("codegen", "py.concat")
def _concat(e: _Emitter, op: Op) -> None:
    values: list[ast.expr] = []
    for part in e.take(op, op.operands):
        values.extend(_joined(part).values)
    e.define(op, ast.JoinedStr(values))


def _replace_names(tree: ast.AST, replacements: dict[str, ast.expr]) -> ast.AST:
    class Replacer(ast.NodeTransformer):
        def visit_Name(self, node: ast.Name) -> ast.expr:
            return replacements.get(node.id, node)

    return Replacer().visit(tree)  # type: ignore[no-any-return,unused-ignore]


@rule("codegen", "py.yield")
def _yield_value(e: _Emitter, op: Op) -> None:
    (value,) = e.take(op, op.operands)
    none = isinstance(value, ast.Constant) and value.value is None
    e.define(op, ast.Yield(None if none else value))


@rule("codegen", "py.yield.from")
def _yield_from(e: _Emitter, op: Op) -> None:
    (value,) = e.take(op, op.operands)
    e.define(op, ast.YieldFrom(value))


@rule("codegen", "py.await")
def _await(e: _Emitter, op: Op) -> None:
    (value,) = e.take(op, op.operands)
    e.define(op, ast.Await(value))


@rule("codegen", "py.lambda")
def _lambda(e: _Emitter, op: Op) -> None:
    exprs = e.take(op, op.operands)
    tree = ast.parse(op.attrs["source"], mode="eval").body
    replaced = _replace_names(tree, {f"__trm_d{i}__": x for i, x in enumerate(exprs)})
    e.define(op, replaced)  # type: ignore[arg-type]


@rule("codegen", "py.comp")
def _comp(e: _Emitter, op: Op) -> None:
    (iterable,) = e.take(op, op.operands)
    tree = ast.parse(op.attrs["source"], mode="eval").body
    e.define(op, _replace_names(tree, {"__trm_iter__": iterable}))  # type: ignore[arg-type]


def _inner_function(e: _Emitter, op: Op) -> Function:
    module = e.module
    for fn in module.functions if module is not None else ():
        if fn.qualname == op.attrs["qualname"] and fn.lineno == op.attrs["line"]:
            return fn
    raise CodegenError(f"nested function {op.attrs['qualname']} not found")


def _class_node(e: _Emitter, op: Op) -> ast.ClassDef:
    root = e.fn.node
    for node in ast.walk(root) if root is not None else ():
        if isinstance(node, ast.ClassDef) and node.name == op.attrs["name"] \
                and node.lineno == op.attrs["line"]:
            return node
    raise CodegenError(f"class {op.attrs['name']} not found")


def _bind_user_name(e: _Emitter, result: Value, op: Op, name: str) -> None:
    """A def/class statement binds the user's name itself: its result must carry it."""
    if result not in e.name_of and (name not in e.names.used or e.dead_after(name, op)):
        e.names.used.add(name)
        e.bind(result, name)
    if e.name_of.get(result) != name:
        raise CodegenError(f"'{name}' must keep its name in the generated code")
    e.prebound.add(result)


def _class_body(e: _Emitter, node: ast.ClassDef) -> list[ast.stmt]:
    """The class body as written, with the bodies of its lowered methods regenerated."""
    by_node = {fn.node: fn for fn in e.module.functions} if e.module is not None else {}
    body: list[ast.stmt] = []
    for stmt in node.body:
        method = by_node.get(stmt)
        if method is not None and method.lowered:
            copy_ = copy.copy(stmt)
            regenerated = function_body(method, e.module)
            first = stmt.body[0]  # type: ignore[attr-defined]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                    and isinstance(first.value.value, str):
                regenerated.insert(0, first)
            copy_.body = regenerated or [ast.Pass()]  # type: ignore[attr-defined]
            body.append(copy_)
        else:
            body.append(copy.deepcopy(stmt))
    return body


@rule("codegen", "py.class")
def _class(e: _Emitter, op: Op) -> None:
    node = _class_node(e, op)
    exprs = e.take(op, op.operands)
    ndec = op.attrs["ndecorators"]
    bases, keywords = _arguments(op.attrs["kinds"], exprs[ndec:])
    _bind_user_name(e, op.results[0], op, node.name)
    definition = ast.ClassDef(node.name, bases, keywords, _class_body(e, node), exprs[:ndec])
    for decorator, original in zip(definition.decorator_list, node.decorator_list, strict=True):
        decorator.lineno = original.lineno
    e.flush()
    e.stmt(definition, (node.lineno, node.col_offset))


@rule("codegen", "py.func")
def _func(e: _Emitter, op: Op) -> None:
    inner = _inner_function(e, op)
    node = inner.node
    if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
        raise CodegenError("nested function without its definition")
    exprs = e.take(op, op.operands)
    ndec, ndef = op.attrs["ndecorators"], op.attrs["ndefaults"]
    nkw = len(op.attrs["kwdefaults"])
    decorators, defaults = exprs[:ndec], exprs[ndec:ndec + ndef]
    kw_values = exprs[ndec + ndef:ndec + ndef + nkw]
    annotations = dict(zip(op.attrs["annotations"], exprs[ndec + ndef + nkw:], strict=True))
    args = copy.deepcopy(node.args)
    args.defaults = list(defaults)
    kw = dict(zip(op.attrs["kwdefaults"], kw_values, strict=True))
    args.kw_defaults = [kw.get(a.arg) for a in args.kwonlyargs]
    returns = copy.deepcopy(node.returns)
    if op.attrs["annotations"]:  # evaluated here: put the values back where they were written
        for arg in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs, args.kwarg):
            if arg is not None:
                arg.annotation = annotations.get(arg.arg)
        returns = annotations.get("return")
    if inner.lowered:
        body = function_body(inner, e.module)
        first = node.body[0]
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) \
                and isinstance(first.value.value, str):
            body.insert(0, first)  # the docstring
    else:
        body = copy.deepcopy(node.body)
    _bind_user_name(e, op.results[0], op, node.name)
    maker = ast.AsyncFunctionDef if isinstance(node, ast.AsyncFunctionDef) else ast.FunctionDef
    definition = maker(node.name, args, body or [ast.Pass()], decorators, returns, None)
    for decorator, original in zip(definition.decorator_list, node.decorator_list, strict=True):
        decorator.lineno = original.lineno
    e.flush()
    e.stmt(definition, (node.lineno, node.col_offset))


@rule("codegen", "cf.continue")
def _continue(e: _Emitter, op: Op) -> None:
    e.assign_parallel(e.loop_names[-1], op.operands, op)
    e.stmt(ast.Continue())


@rule("codegen", "cf.break")
def _break(e: _Emitter, op: Op) -> None:
    e.assign_parallel(e.loop_names[-1], op.operands, op)
    e.stmt(ast.Break())


@rule("codegen", "cf.condition")
def _condition(e: _Emitter, op: Op) -> None:
    raise CodegenError("cf.condition is emitted by its loop")


@rule("codegen", "cf.return")
def _return(e: _Emitter, op: Op) -> None:
    (value,) = e.take(op, op.operands)
    e.stmt(ast.Return(value))


@rule("codegen", "cf.raise")
def _raise(e: _Emitter, op: Op) -> None:
    exprs = e.take(op, op.operands)
    exc = exprs[0] if exprs else None
    cause = exprs[1] if len(exprs) > 1 else None
    e.stmt(ast.Raise(exc, cause))


@rule("codegen", "cf.unreachable")
def _unreachable(e: _Emitter, op: Op) -> None:
    pass


@rule("codegen", "cf.assert")
def _assert(e: _Emitter, op: Op) -> None:
    e.flush()
    test_region, msg_region = op.regions
    test = e.expression_region(test_region, test=True)
    has_msg = bool(msg_region.ops[-1].operands)
    msg = e.expression_region(msg_region, test=False) if has_msg and test is not None else None
    if test is not None and (msg is not None or not has_msg):
        e.stmt(ast.Assert(test, msg))
        return
    # Some part needs statements: ``if __debug__:`` keeps ``-O`` semantics, and ``assert False``
    # raises the real AssertionError even where the user's code shadows the name.
    loc = e.loc
    test_stmts: list[ast.stmt] = []
    if test is None:
        test_stmts, test = _region_statements(e, test_region)
    fail: list[ast.stmt] = []
    if has_msg:
        fail, msg = _region_statements(e, msg_region)
    fail.append(_located(ast.Assert(ast.Constant(False), msg), loc))
    test_stmts.append(_located(ast.If(ast.UnaryOp(ast.Not(), _test_form(test)), fail, []), loc))
    e.stmt(ast.If(ast.Name("__debug__", ast.Load()), test_stmts, []), loc)


@rule("codegen", "py.opaque")
def _opaque(e: _Emitter, op: Op) -> None:
    raise CodegenError(f"opaque {op.attrs['construct']} cannot be regenerated")


# --- function and module level ------------------------------------------------------------------
def _identifiers(node: ast.AST) -> set[str]:
    """Every name a piece of code binds or reads, nested scopes included."""
    found: set[str] = set()
    for sub in ast.walk(node):
        if isinstance(sub, ast.Name):
            found.add(sub.id)
        elif isinstance(sub, ast.arg):
            found.add(sub.arg)
        elif isinstance(sub, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            found.add(sub.name)
        elif isinstance(sub, ast.alias):
            found.add(sub.asname or sub.name.split(".")[0])
        elif isinstance(sub, ast.ExceptHandler) and sub.name:
            found.add(sub.name)
        elif isinstance(sub, (ast.Global, ast.Nonlocal)):
            found.update(sub.names)
    return found


def _foreign_names(fn: Function, module: Module | None) -> set[str]:
    """Names codegen must not take for its own variables: everything the function's code (and
    its nested scopes) may resolve elsewhere.  Only the function's own SSA locals are free to
    rename, since no other scope can see them."""
    if fn.node is None:
        return set()
    names = _identifiers(fn.node)
    scope = module.parsed.scopes.get(fn.node) if module is not None and module.parsed else None
    if scope is None:
        return names
    own = {n for n in names if scope.classify(n) == "local"} - set(fn.slots)
    return names - own


def _declarations(fn: Function, emitter: _Emitter) -> list[ast.stmt]:
    decls: list[ast.stmt] = []
    if emitter.globals_declared:
        decls.append(_located(ast.Global(emitter.globals_declared), (fn.lineno, 0)))
    nonlocals = sorted({n for stmt in ast.walk(fn.node) if isinstance(stmt, ast.Nonlocal)
                        and _owner_is(fn.node, stmt) for n in stmt.names}) if fn.node else []
    if nonlocals:
        decls.append(_located(ast.Nonlocal(nonlocals), (fn.lineno, 0)))
    return decls


def _owner_is(function: ast.AST, statement: ast.AST) -> bool:
    """Is ``statement`` in ``function``'s own body (not in a nested scope)?"""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        if node is statement:
            return True
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                 ast.Lambda)):
            stack.extend(ast.iter_child_nodes(node))
    return False


def function_body(fn: Function, module: Module | None = None) -> list[ast.stmt]:
    """The regenerated body statements of a lowered function (without its docstring)."""
    emitter = _Emitter(fn, module)
    body = emitter.region(fn.body)
    if body and isinstance(body[-1], ast.Return) and isinstance(body[-1].value, ast.Constant) \
            and body[-1].value.value is None and len(body) > 1:
        body.pop()  # the implicit ``return None``
    if fn.is_generator and not _yields(body):  # passes removed every yield: still a generator
        body.append(_located(ast.If(ast.Constant(False), [ast.Expr(ast.Yield(None))], []),
                             (fn.lineno, 0)))
    unbound = _locals_without_binding(fn, module, body)
    if unbound:  # e.g. only assigned after a return: still local in the user's code
        targets: list[ast.expr] = [ast.Name(n, ast.Store()) for n in unbound]
        binding = _located(ast.Assign(targets, ast.Constant(None)), (fn.lineno, 0))
        body.append(_located(ast.If(ast.Constant(False), [binding], []), (fn.lineno, 0)))
    return _declarations(fn, emitter) + body


def _locals_without_binding(fn: Function, module: Module | None,
                            body: list[ast.stmt]) -> list[str]:
    """Slot and cell variables of the function that the generated body never binds.

    CPython decides a name is local from any binding in the function, reachable or not;
    dropping unreachable code must not turn a local into a global."""
    scope = module.parsed.scopes.get(fn.node) if module is not None and module.parsed \
        and fn.node is not None else None
    wanted = set(fn.slots) | (set(scope.cells) if scope is not None else set())
    wanted -= set(fn.params)
    if not wanted:
        return []
    bound: set[str] = set()
    for stmt in body:
        for node in ast.walk(stmt):
            if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
                bound.add(node.id)
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                bound.add(node.name)
            elif isinstance(node, ast.alias):
                bound.add(node.asname or node.name.split(".")[0])
            elif isinstance(node, (ast.ExceptHandler, ast.MatchAs, ast.MatchStar)) and node.name:
                bound.add(node.name)
            elif isinstance(node, ast.MatchMapping) and node.rest:
                bound.add(node.rest)
    return sorted(n for n in wanted - bound if not n.startswith("__"))


def _yields(stmts: list[ast.stmt]) -> bool:
    return any(_has_yield(s) for s in stmts)


def _has_yield(node: ast.AST) -> bool:
    from trm_agent.translate import _has_own_yield

    return isinstance(node, (ast.Yield, ast.YieldFrom)) or _has_own_yield(node)


_COMPOUND_STATEMENTS = (ast.If, ast.For, ast.AsyncFor, ast.While, ast.Try, ast.With,
                        ast.AsyncWith, ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                        ast.Match)


def generate_source(module: Module) -> str:
    """The drop-in replacement source of a module (see the module docstring)."""
    parsed = module.parsed
    if parsed is None:
        raise CodegenError("module has no source to splice into")
    splicer = Splicer(parsed.source)
    generated: set[Function] = set()
    for fn in module.functions:  # parents come before their nested functions
        # a nested function is regenerated as part of an enclosing regenerated body
        if not fn.lowered or fn.node is None or fn.keep_source \
                or any(p in generated for p in fn.enclosing()):
            continue
        try:
            splicer.edit(fn.node, function_body(fn, module))
            generated.add(fn)
        except Exception as exc:  # noqa: BLE001 - any codegen failure falls back, never crashes
            fn.lowered = False
            fn.blockers.append(Diagnostic(
                "codegen-error", f"{type(exc).__name__}: {exc}" if not isinstance(
                    exc, CodegenError) else str(exc), module.filename, fn.lineno, 1,
                hint="the function is kept unchanged (please report this)",
                construct="codegen-error"))
    # Nested functions are written out inside their regenerated parent: their guards need the
    # runtime too (an inlined call in a nested function once compiled to a NameError).
    emitted = [fn for fn in module.functions if fn.lowered and (
        fn in generated or any(p in generated for p in fn.enclosing()))]
    if any(_uses_runtime(fn) for fn in emitted):
        _add_runtime(splicer, parsed.tree, module.pins)
    return splicer.result()


def _uses_runtime(fn: Function) -> bool:
    return any(op.opdef.name == "py.typeis" or (op.opdef.name == "py.global.load"
               and op.attrs["name"].startswith("__trm_")) for op in fn.walk())


def _add_runtime(splicer: Splicer, tree: ast.Module, pins: set[str]) -> None:
    """Import the runtime prelude before the module's first statement, and snapshot each
    pinned function right after its ``def`` (see passes/inline.py)."""
    from trm_agent.runtime.prelude import import_line

    body = tree.body
    first = 0
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        first = 1
    while first < len(body) and isinstance(body[first], ast.ImportFrom) \
            and getattr(body[first], "module", None) == "__future__":
        first += 1
    text = import_line()
    if first == len(body):
        splicer.insert_statement(len(splicer.lines) + 1, text)
    else:
        stmt = body[first]
        line = min([stmt.lineno] + [d.lineno for d in getattr(stmt, "decorator_list", [])])
        previous_end = body[first - 1].end_lineno or 0 if first else 0
        if line - 1 > previous_end and not splicer.lines[line - 2].strip():
            splicer.insert_statement(line - 1, text)
        elif not isinstance(stmt, _COMPOUND_STATEMENTS) and stmt.col_offset == 0 \
                and line == stmt.lineno:
            splicer.prefix_statement(line, text)
        else:
            splicer.insert_statement(line, text)
    for node in body:
        if isinstance(node, ast.FunctionDef) and node.name in pins:
            snapshot = f"__trm_F_{node.name}__"
            splicer.insert_statement((node.end_lineno or node.lineno) + 1,
                                     f"{snapshot} = __trm_pin__({node.name}, {snapshot!r})")
