"""AST -> NoodleCore-IR.

Each ``def`` (at any nesting level) becomes one ir.Function.  Local variables become SSA values;
a variable that may be unbound where it is read is demoted to an explicit slot
(``local.load``/``local.store``) so that the UnboundLocalError happens exactly where Python raises
it.  Constructs the IR does not lower yet become ``py.opaque`` ops plus a diagnostic; such a
function is "blocked" and codegen keeps the user's original code for it.
"""

from __future__ import annotations

import ast
import copy
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from trm_agent.ir.builder import Builder
from trm_agent.ir.core import Function, Module, Region, Value, no_gc
from trm_agent.ir.types import BOOL, OBJECT, STR
from trm_agent.parse import Diagnostic, ParsedModule, Scope, mangle

_BINOPS: dict[type, str] = {
    ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//", ast.Mod: "%",
    ast.Pow: "**", ast.LShift: "<<", ast.RShift: ">>", ast.BitAnd: "&", ast.BitOr: "|",
    ast.BitXor: "^", ast.MatMult: "@",
}
_UNOPS: dict[type, str] = {ast.USub: "-", ast.UAdd: "+", ast.Invert: "~", ast.Not: "not"}
_CMPOPS: dict[type, str] = {
    ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.LtE: "<=", ast.Gt: ">", ast.GtE: ">=",
    ast.Is: "is", ast.IsNot: "is not", ast.In: "in", ast.NotIn: "not in",
}
# Calls that read or write the calling frame's locals: such a function cannot keep SSA locals.
_FRAME_READERS = {"locals": 0, "vars": 0, "dir": 0, "eval": 1, "exec": 1}
# Calls that hand out the function's *own* frame (whose locals SSA renames).  Looking at a
# caller's frame (``sys._getframe(1)``, ``.f_back``) does not depend on how this function was
# compiled, so it does not block lowering (see docs/decisions.md).
_OWN_FRAME_CALLS = {"_getframe", "currentframe"}

# Unsupported statement/expression node types -> construct names used in diagnostics/coverage.
_CONSTRUCTS: dict[type, str] = {
    ast.Try: "try", ast.TryStar: "try", ast.With: "with", ast.AsyncWith: "async-with",
    ast.AsyncFor: "async-for", ast.FunctionDef: "nested-function",
    ast.AsyncFunctionDef: "nested-function", ast.ClassDef: "class", ast.Import: "import",
    ast.ImportFrom: "import", ast.Match: "match", ast.Nonlocal: "nonlocal",
    ast.Lambda: "lambda", ast.ListComp: "comprehension", ast.SetComp: "comprehension",
    ast.DictComp: "comprehension", ast.GeneratorExp: "generator-expression",
    ast.JoinedStr: "f-string", ast.FormattedValue: "f-string", ast.Yield: "yield",
    ast.YieldFrom: "yield", ast.Await: "await", ast.NamedExpr: "walrus",
}

_MAYBE = object()  # env marker: the variable is bound on some paths only


class _NeedSlot(Exception):
    """A read of a possibly-unbound variable: retranslate with that variable in a slot."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


class _Loop:
    __slots__ = ("carried",)

    def __init__(self, carried: list[str]) -> None:
        self.carried = carried


def _loop_assigned(node: ast.For | ast.AsyncFor | ast.While) -> list[str]:
    """Names a loop rebinds: its body's targets, and a for loop's own target."""
    targets: list[ast.AST] = [*node.body, *node.orelse]
    if isinstance(node, (ast.For, ast.AsyncFor)):
        targets.append(node.target)
    return _assigned_names(targets)


def _assigned_names(stmts: list[ast.AST]) -> list[str]:
    """Names (re)bound by statements, in first-appearance order, not looking into nested scopes."""
    seen: dict[str, None] = {}

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            seen.setdefault(node.id, None)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                seen.setdefault(alias.asname or alias.name.split(".")[0], None)
        elif isinstance(node, ast.ExceptHandler) and node.name:
            seen.setdefault(node.name, None)
        elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            seen.setdefault(node.name, None)  # the def binds its name here; its body is elsewhere
        for child in ast.iter_child_nodes(node):
            if not isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                      ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                                      ast.GeneratorExp)):
                visit(child)
            else:
                visit_binding_only(child)

    def visit_binding_only(node: ast.AST) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            seen.setdefault(node.name, None)

    for stmt in stmts:
        visit(stmt)
    return list(seen)


class FunctionTranslator:
    """Translates one function body; restarted with more slots when SSA is not possible."""

    def __init__(self, node: ast.FunctionDef | ast.AsyncFunctionDef, qualname: str,
                 scope: Scope | None, filename: str, slots: set[str],
                 future_annotations: bool = False) -> None:
        self.node = node
        self.qualname = qualname
        self.scope = scope
        self.filename = filename
        self.slots = slots
        self.class_name = scope.private if scope is not None else None
        self.future_annotations = future_annotations
        self.blockers: list[Diagnostic] = []
        self.env: dict[str, Any] = {}
        self.loops: list[_Loop] = []
        args = node.args
        self.params = [a.arg for a in (*args.posonlyargs, *args.args)]
        if args.vararg:
            self.params.append(args.vararg.arg)
        self.params += [a.arg for a in args.kwonlyargs]
        if args.kwarg:
            self.params.append(args.kwarg.arg)
        self.fn = Function(node.name, qualname, node.lineno, self.params)
        self.b = Builder(self.fn.body)

    # --- diagnostics -------------------------------------------------------------------------
    def block(self, node: ast.AST, construct: str, message: str = "") -> None:
        self.blockers.append(Diagnostic(
            code="unsupported-construct",
            message=message or f"'{construct}' is not lowered to NoodleCore-IR yet",
            filename=self.filename, line=getattr(node, "lineno", self.node.lineno),
            col=getattr(node, "col_offset", 0) + 1,
            hint="the function is kept unchanged (not optimized)", construct=construct))

    def opaque(self, node: ast.AST, construct: str, results: int) -> list[Value]:
        self.block(node, construct)
        source = ast.unparse(node) if isinstance(node, (ast.stmt, ast.expr)) else construct
        op = self.b.op("py.opaque", [], {"construct": construct, "source": source[:200]},
                       results=results)
        return op.results

    @contextmanager
    def located(self, node: ast.AST) -> Iterator[None]:
        saved = self.b.loc
        if hasattr(node, "lineno"):
            self.b.loc = (node.lineno, getattr(node, "col_offset", 0))
        try:
            yield
        finally:
            self.b.loc = saved

    # --- entry ---------------------------------------------------------------------------------
    def run(self) -> Function:
        fn = self.fn
        fn.slots = sorted(self.slots)
        fn.is_async = isinstance(self.node, ast.AsyncFunctionDef)
        fn.is_generator = _has_own_yield(self.node)
        self.check_scope()
        for name in self.params:
            value = fn.body.add_arg(Value(OBJECT, name))
            if self.classify(name) == "cell":
                self.b.op("cell.store", [value], {"name": name}, results=0,
                          loc=(self.node.lineno, self.node.col_offset))
            elif name in self.slots:
                self.b.op("local.store", [value], {"name": name}, results=0,
                          loc=(self.node.lineno, self.node.col_offset))
            else:
                self.env[name] = value
        body = self.node.body
        if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
                and isinstance(body[0].value.value, str):
            body = body[1:]  # the docstring stays in the user's def (codegen keeps it)
        self.stmts(body)
        if not self.b.terminated:
            end = getattr(self.node, "end_lineno", None) or self.node.lineno
            self.b.op("cf.return", [self.b.const(None)], results=0, loc=(end, 0))
        fn.blockers = self.blockers
        fn.lowered = not self.blockers
        return fn

    def check_scope(self) -> None:
        if isinstance(self.node, ast.AsyncFunctionDef) and _has_own_yield(self.node):
            self.block(self.node, "async-generator")
        scope = self.scope
        if scope is None:
            return
        # Cells and free variables are lowered as cell.load/cell.store (the user's names).

    # --- statements ----------------------------------------------------------------------------
    def stmts(self, stmts: list[ast.stmt]) -> None:
        for stmt in stmts:
            if self.b.terminated:
                return  # unreachable code after return/raise/break/continue
            with self.located(stmt):
                self.stmt(stmt)

    def stmt(self, node: ast.stmt) -> None:
        method = getattr(self, "s_" + type(node).__name__, None)
        if method is None:
            construct = _CONSTRUCTS.get(type(node), type(node).__name__.lower())
            self.opaque(node, construct, 0)
            return
        method(node)

    def s_Expr(self, node: ast.Expr) -> None:
        self.expr(node.value)

    def s_Pass(self, node: ast.Pass) -> None:
        pass

    def s_Global(self, node: ast.Global) -> None:
        pass  # the scope analysis already classifies these names

    def s_Nonlocal(self, node: ast.Nonlocal) -> None:
        pass  # likewise: the names are free variables, stored through cell.store

    def s_FunctionDef(self, node: ast.FunctionDef) -> None:
        decorators = [self.expr(d) for d in node.decorator_list]
        defaults = [self.expr(d) for d in node.args.defaults]
        kw_names: list[str] = []
        for arg, default in zip(node.args.kwonlyargs, node.args.kw_defaults, strict=True):
            if default is not None:
                defaults.append(self.expr(default))
                kw_names.append(arg.arg)
        # Annotations are evaluated after the defaults, parameters in order then the return
        # (unless ``from __future__ import annotations`` keeps them as text).
        annotated: list[str] = []
        if not self.future_annotations:
            args = node.args
            for param in (*args.posonlyargs, *args.args, args.vararg, *args.kwonlyargs,
                          args.kwarg):
                if param is not None and param.annotation is not None:
                    defaults.append(self.expr(param.annotation))
                    annotated.append(param.arg)
            if node.returns is not None:
                defaults.append(self.expr(node.returns))
                annotated.append("return")
        qualname = f"{self.qualname}.<locals>.{node.name}"
        with self.located(node):
            function = self.b.value(
                "py.func", *decorators, *defaults, qualname=qualname, line=node.lineno,
                ndecorators=len(decorators), ndefaults=len(node.args.defaults),
                kwdefaults=tuple(kw_names), annotations=tuple(annotated), hint=node.name)
        self.store_name(node.name, function)

    def s_Assign(self, node: ast.Assign) -> None:
        value = self.expr(node.value)
        for target in node.targets:
            self.assign(target, value)

    def s_AnnAssign(self, node: ast.AnnAssign) -> None:
        if node.value is not None:
            self.assign(node.target, self.expr(node.value))
        elif not isinstance(node.target, ast.Name):
            self.opaque(node, "annotation", 0)
        # A bare local annotation is not evaluated inside a function: nothing to do.

    def s_AugAssign(self, node: ast.AugAssign) -> None:
        op = _BINOPS[type(node.op)]
        target = node.target
        if isinstance(target, ast.Name):
            current = self.load_name(target.id, target)
            new = self.b.value("py.inplace", current, self.expr(node.value), op=op)
            self.store_name(target.id, new)
        elif isinstance(target, ast.Attribute):
            obj = self.expr(target.value)
            name = self.mangled(target.attr)
            with self.located(target):
                current = self.b.value("py.attr.get", obj, name=name)
            new = self.b.value("py.inplace", current, self.expr(node.value), op=op)
            with self.located(target):
                self.b.op("py.attr.set", [obj, new], {"name": name}, results=0)
        elif isinstance(target, ast.Subscript):
            obj = self.expr(target.value)
            if isinstance(target.slice, ast.Slice):
                bounds = self.slice_bounds(target.slice)
                key = self.b.value("py.slice", *bounds)
            else:
                bounds, key = [], self.expr(target.slice)
            with self.located(target):
                current = self.b.value("py.item.get", obj, key)
            new = self.b.value("py.inplace", current, self.expr(node.value), op=op)
            if bounds:  # a slice object is rebuilt rather than shared (BUILD_SLICE is pure)
                key = self.b.value("py.slice", *bounds)
            with self.located(target):
                self.b.op("py.item.set", [obj, key, new], results=0)
        else:  # pragma: no cover - the parser rejects other targets
            self.opaque(node, "augmented-assignment", 0)

    def s_Delete(self, node: ast.Delete) -> None:
        for target in node.targets:
            self.delete(target)

    def delete(self, target: ast.expr) -> None:
        with self.located(target):
            if isinstance(target, ast.Name):
                kind = self.classify(target.id)
                name = self.mangled(target.id)
                if kind == "global":
                    self.b.op("py.global.del", [], {"name": name}, results=0)
                elif kind in ("cell", "free"):
                    self.b.op("cell.del", [], {"name": name}, results=0)
                elif target.id not in self.slots:
                    raise _NeedSlot(target.id)
                else:
                    self.b.op("local.del", [], {"name": name}, results=0)
            elif isinstance(target, ast.Attribute):
                obj = self.expr(target.value)
                self.b.op("py.attr.del", [obj], {"name": self.mangled(target.attr)}, results=0)
            elif isinstance(target, ast.Subscript):
                obj = self.expr(target.value)
                key = self.subscript_key(target.slice)
                self.b.op("py.item.del", [obj, key], results=0)
            elif isinstance(target, (ast.Tuple, ast.List)):
                for elt in target.elts:
                    self.delete(elt)
            else:
                self.opaque(target, "del", 0)

    def s_Match(self, node: ast.Match) -> None:
        subject = self.expr(node.subject)
        regions: list[Region] = []
        guards: list[int] = []
        for case in node.cases:
            if case.guard is not None:
                nested = _nested_boolop_value(case.guard, test=True)
                if nested is not None:
                    self.block(nested, "nested-boolop-in-match-guard", _NESTED_BOOLOP_MESSAGE
                               .format(where="a match guard"))
                guard = Region()
                saved = dict(self.env)
                with self.b.at(guard), self.located(case.guard):
                    self.b.op("cf.condition", [self.test(case.guard)], results=0)
                self.env = saved
                regions.append(guard)
            guards.append(int(case.guard is not None))
            regions.append(self.block_region(case.body))
        patterns = tuple(ast.unparse(case.pattern) for case in node.cases)
        self.b.op("cf.match", [subject], {"patterns": patterns, "guards": tuple(guards)},
                  results=0, regions=regions)

    def s_Try(self, node: ast.Try) -> None:
        regions = [self.block_region(node.body)]
        names: list[str] = []
        for handler in node.handlers:
            if handler.type is not None and any(isinstance(n, ast.NamedExpr)
                                                for n in ast.walk(handler.type)):
                # An except clause's type is evaluated in place; a binding inside it cannot be
                # regenerated as that one expression (seen only in mutated code).
                self.block(handler.type, "walrus-in-except-type",
                           "an assignment expression in an except clause's type is not "
                           "supported")
            nested = _nested_boolop_value(handler.type, test=False) if handler.type else None
            if nested is not None:
                self.block(nested, "nested-boolop-in-except-type", _NESTED_BOOLOP_MESSAGE
                           .format(where="an except clause's type"))
            match = Region()
            with self.b.at(match), self.located(handler):
                types = [self.expr(handler.type)] if handler.type is not None else []
                self.b.op("cf.yield", types, results=0)
            regions.append(match)
            names.append(self.mangled(handler.name) if handler.name else "")
            regions.append(self.block_region(handler.body))
        if node.orelse:
            regions.append(self.block_region(node.orelse))
        if node.finalbody:
            regions.append(self.block_region(node.finalbody))
        self.b.op("cf.try", [], {"handlers": len(node.handlers), "has_else": bool(node.orelse),
                                 "has_finally": bool(node.finalbody), "names": tuple(names)},
                  results=0, regions=regions)

    def block_region(self, stmts: list[ast.stmt]) -> Region:
        """Statements whose variables are all slots (try/with): no values flow out."""
        region = Region()
        saved = dict(self.env)
        with self.b.at(region):
            self.stmts(stmts)
            if not self.b.terminated:
                self.b.op("cf.yield", [], results=0)
        self.env = saved
        return region

    def s_With(self, node: ast.With) -> None:
        self.with_items(node.items, node.body)

    def with_items(self, items: list[ast.withitem], body: list[ast.stmt],
                   kind: str = "cf.with") -> None:
        item, rest = items[0], items[1:]
        manager = self.expr(item.context_expr)
        region = Region([Value(OBJECT, "entered")] if item.optional_vars is not None else [])
        saved = dict(self.env)
        with self.b.at(region):
            if item.optional_vars is not None:
                self.assign(item.optional_vars, region.args[0])
            if rest:
                self.with_items(rest, body, kind)
            else:
                self.stmts(body)
            if not self.b.terminated:
                self.b.op("cf.yield", [], results=0)
        self.env = saved
        self.b.op(kind, [manager], {"has_as": item.optional_vars is not None}, results=0,
                  regions=[region])

    def s_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            leaf = alias.asname is not None
            module = self.b.value("py.import", name=alias.name, level=0, leaf=leaf,
                                  hint=alias.asname or alias.name.split(".")[0])
            self.store_name(alias.asname or alias.name.split(".")[0], module)

    def s_ImportFrom(self, node: ast.ImportFrom) -> None:
        names = tuple(a.name for a in node.names)
        op = self.b.op("py.import.from", [], {"module": node.module or "", "names": names,
                                              "level": node.level}, results=len(names))
        for alias, value in zip(node.names, op.results, strict=True):
            self.store_name(alias.asname or alias.name, value)

    def s_Return(self, node: ast.Return) -> None:
        value = self.expr(node.value) if node.value is not None else self.b.const(None)
        self.b.op("cf.return", [value], results=0)

    def s_Raise(self, node: ast.Raise) -> None:
        operands = []
        if node.exc is not None:
            operands.append(self.expr(node.exc))
            if node.cause is not None:
                operands.append(self.expr(node.cause))
        self.b.op("cf.raise", operands, {"has_cause": node.cause is not None}, results=0)

    def s_Assert(self, node: ast.Assert) -> None:
        test_region, msg_region = Region(), Region()
        saved = dict(self.env)
        with self.b.at(test_region):
            self.b.op("cf.condition", [self.test(node.test)], results=0)
        with self.b.at(msg_region):
            msgs = [self.expr(node.msg)] if node.msg is not None else []
            if not self.b.terminated:
                self.b.op("cf.yield", msgs, results=0)
        self.env = saved  # nothing assigned inside an assert is visible after it (no walrus)
        self.b.op("cf.assert", [], results=0, regions=[test_region, msg_region])

    def s_If(self, node: ast.If) -> None:
        cond = self.test(node.test)
        self.branch(cond, lambda: self.stmts(node.body), lambda: self.stmts(node.orelse))

    def s_Break(self, node: ast.Break) -> None:
        self.b.op("cf.break", self.carried_values(), results=0)

    def s_Continue(self, node: ast.Continue) -> None:
        self.b.op("cf.continue", self.carried_values(), results=0)

    def carried_values(self) -> list[Value]:
        loop = self.loops[-1]
        return [self.load_name(name, None) for name in loop.carried]

    def s_AsyncFor(self, node: ast.AsyncFor) -> None:
        self.s_For(node)  # type: ignore[arg-type]  # same shape, cf.async_for

    def s_AsyncWith(self, node: ast.AsyncWith) -> None:
        self.with_items(node.items, node.body, "cf.async_with")

    def s_ClassDef(self, node: ast.ClassDef) -> None:
        decorators = [self.expr(d) for d in node.decorator_list]
        operands, kinds = self.arguments(node.bases, node.keywords)
        with self.located(node):
            cls = self.b.value("py.class", *decorators, *operands, name=node.name,
                               line=node.lineno, ndecorators=len(decorators), kinds=kinds,
                               hint=node.name)
        self.store_name(node.name, cls)

    def s_AsyncFunctionDef(self, node: ast.AsyncFunctionDef) -> None:
        self.s_FunctionDef(node)  # type: ignore[arg-type]

    def s_For(self, node: ast.For) -> None:
        iterable = self.expr(node.iter)
        carried = self.carried_names(node)
        hint = node.target.id if isinstance(node.target, ast.Name) else "item"
        body = Region([Value(OBJECT, hint)])
        def translate_body() -> None:
            self.assign(node.target, body.args[0])
            self.stmts(node.body)

        results = self.loop(node, carried, [iterable], body, translate_body)
        self.after_loop(node, carried, results)

    def s_While(self, node: ast.While) -> None:
        carried = self.carried_names(node)
        cond = Region([Value(OBJECT, n) for n in carried])
        saved = dict(self.env)
        self.env.update(zip(carried, cond.args, strict=True))
        with self.b.at(cond):
            self.b.op("cf.condition", [self.test(node.test)], results=0)
        self.env = saved
        body = Region()
        results = self.loop(node, carried, [], body, lambda: self.stmts(node.body), cond)
        self.after_loop(node, carried, results)

    def carried_names(self, node: ast.For | ast.While) -> list[str]:
        """Variables live around the loop: bound before it and rebound inside it."""
        inner = _loop_assigned(node)
        return [n for n in inner if n not in self.slots and self.classify(n) == "local"
                and self.env.get(n, _MAYBE) is not _MAYBE]

    def loop(self, node: ast.For | ast.While, carried: list[str], extra: list[Value],
             body: Region, translate_body: Any, cond: Region | None = None) -> list[Value]:
        init = [self.env[n] for n in carried]
        for name in carried:
            body.add_arg(Value(OBJECT, name))
        saved = dict(self.env)
        offset = len(body.args) - len(carried)
        self.env.update(zip(carried, body.args[offset:], strict=True))
        self.loops.append(_Loop(carried))
        with self.b.at(body):
            translate_body()
            if not self.b.terminated:
                self.b.op("cf.continue", self.carried_values(), results=0)
        self.loops.pop()
        self.env = saved
        kind = {ast.For: "cf.for", ast.AsyncFor: "cf.async_for"}.get(type(node), "cf.while")
        regions = [cond, body] if cond is not None else [body]
        if node.orelse:  # runs on normal exit; break skips it
            orelse = Region([Value(OBJECT, n) for n in carried])
            self.env.update(zip(carried, orelse.args, strict=True))
            with self.b.at(orelse):
                self.stmts(node.orelse)
                if not self.b.terminated:
                    self.b.op("cf.yield", [self.load_name(n, None) for n in carried], results=0)
            self.env = saved
            regions.append(orelse)
        op = self.b.op(kind, extra + init, results=len(carried), regions=regions)
        for name, result in zip(carried, op.results, strict=True):
            result.hint = name
        return op.results

    def after_loop(self, node: ast.For | ast.While, carried: list[str],
                   results: list[Value]) -> None:
        self.env.update(zip(carried, results, strict=True))
        inner = _loop_assigned(node)
        for name in inner:
            if name not in carried and self.classify(name) == "local" and name not in self.slots:
                self.env[name] = _MAYBE

    def branch(self, cond: Value, then: Any, orelse: Any) -> None:
        """An if statement: translate both arms, then merge the variables they bind."""
        saved = dict(self.env)
        envs: list[dict[str, Any] | None] = []
        regions = [Region(), Region()]
        for region, arm in zip(regions, (then, orelse), strict=True):
            self.env = dict(saved)
            with self.b.at(region):
                arm()
                envs.append(None if self.b.terminated else self.env)
        live = [e for e in envs if e is not None]
        merged: dict[str, Any] = {}
        phis: list[str] = []
        for name in dict.fromkeys(n for e in live for n in e):
            values = [e.get(name, _MAYBE) for e in live]
            if any(v is _MAYBE for v in values):
                merged[name] = _MAYBE
            elif all(v is saved.get(name) for v in values):
                merged[name] = values[0]  # not rebound in any arm that falls through
            else:
                phis.append(name)  # rebound: the new value leaves the arm through cf.yield
        for region, env in zip(regions, envs, strict=True):
            if env is not None:
                with self.b.at(region):
                    self.b.op("cf.yield", [env[n] for n in phis], results=0)
        op = self.b.op("cf.if", [cond], results=len(phis), regions=regions)
        for name, result in zip(phis, op.results, strict=True):
            result.hint = name
            merged[name] = result
        self.env = merged if live else saved
        if not live:  # both arms leave the region: what follows is unreachable
            self.b.op("cf.unreachable", [], results=0)

    # --- assignment targets --------------------------------------------------------------------
    def assign(self, target: ast.expr, value: Value) -> None:
        with self.located(target):
            if isinstance(target, ast.Name):
                self.store_name(target.id, value)
            elif isinstance(target, ast.Attribute):
                obj = self.expr(target.value)
                self.b.op("py.attr.set", [obj, value], {"name": self.mangled(target.attr)},
                          results=0)
            elif isinstance(target, ast.Subscript):
                obj = self.expr(target.value)
                key = self.subscript_key(target.slice)
                self.b.op("py.item.set", [obj, key, value], results=0)
            elif isinstance(target, (ast.Tuple, ast.List)):
                stars = [i for i, e in enumerate(target.elts) if isinstance(e, ast.Starred)]
                op = self.b.op("py.unpack", [value],
                               {"count": len(target.elts), "star": stars[0] if stars else -1},
                               results=len(target.elts))
                for elt, item in zip(target.elts, op.results, strict=True):
                    self.assign(elt.value if isinstance(elt, ast.Starred) else elt, item)
            else:
                self.opaque(target, type(target).__name__.lower(), 0)

    def classify(self, name: str) -> str:
        if self.scope is None:
            return "local"
        return self.scope.classify(name)

    def mangled(self, name: str) -> str:
        return mangle(self.class_name, name)

    def store_name(self, name: str, value: Value) -> None:
        kind = self.classify(name)
        if kind == "global":
            self.b.op("py.global.store", [value], {"name": self.mangled(name)}, results=0)
        elif name in self.slots:
            self.b.op("local.store", [value], {"name": self.mangled(name)}, results=0)
        elif kind == "local":
            if not value.hint:
                value.hint = name
            self.env[name] = value
        else:  # a cell of ours, or an enclosing function's (nonlocal)
            self.b.op("cell.store", [value], {"name": self.mangled(name)}, results=0)

    def load_name(self, name: str, node: ast.AST | None) -> Value:
        kind = self.classify(name)
        if kind == "global":
            return self.b.value("py.global.load", name=self.mangled(name))
        if name in self.slots:
            return self.b.value("local.load", name=self.mangled(name))
        if kind != "local":
            return self.b.value("cell.load", name=self.mangled(name))
        value = self.env.get(name, _MAYBE)
        if value is _MAYBE:
            raise _NeedSlot(name)
        return value

    # --- expressions ---------------------------------------------------------------------------
    def expr(self, node: ast.expr) -> Value:
        builder = self.b
        saved = builder.loc
        builder.loc = (node.lineno, node.col_offset)
        try:
            method = getattr(self, "e_" + type(node).__name__, None)
            if method is None:
                construct = _CONSTRUCTS.get(type(node), type(node).__name__.lower())
                return self.opaque(node, construct, 1)[0]
            return method(node)
        finally:
            builder.loc = saved

    def e_Constant(self, node: ast.Constant) -> Value:
        return self.b.const(node.value)

    def e_Name(self, node: ast.Name) -> Value:
        if node.id in _FRAME_READERS and self.classify(node.id) == "global":
            self.block(node, "frame-introspection",
                       f"'{node.id}' may read this function's local variables")
        return self.load_name(node.id, node)

    def e_BinOp(self, node: ast.BinOp) -> Value:
        left = self.expr(node.left)
        right = self.expr(node.right)
        with self.located(node):
            return self.b.value("py.binop", left, right, op=_BINOPS[type(node.op)])

    def e_UnaryOp(self, node: ast.UnaryOp) -> Value:
        operand = self.expr(node.operand)  # ``not x`` as a value: UNARY_NOT calls bool(x) once
        with self.located(node):
            type_ = BOOL if isinstance(node.op, ast.Not) else OBJECT
            return self.b.value("py.unop", operand, op=_UNOPS[type(node.op)], type_=type_)

    def e_BoolOp(self, node: ast.BoolOp) -> Value:
        return self.boolop(node.values, isinstance(node.op, ast.And), need_truth=False)[0]

    def boolop(self, values: list[ast.expr], is_and: bool,
               need_truth: bool) -> tuple[Value, Value | None]:
        """``a and b ...`` as a value, and (when asked) its truth without a second __bool__ call.

        CPython threads jumps through nested boolean operators, so in ``a and b or c`` a falsy
        ``a`` is tested once, not again as the value of ``a and b``; carrying the known truth
        alongside the value reproduces that.
        """
        if len(values) == 1:
            return self.bool_operand(values[0], need_truth)
        first, truth = self.bool_operand(values[0], True)
        assert truth is not None

        def rest() -> list[Value]:
            value, t = self.boolop(values[1:], is_and, need_truth)
            return [value, t] if t is not None else [value]

        def short() -> list[Value]:
            return [first, self.b.const(not is_and)] if need_truth else [first]

        results = self.choose_many(truth, rest if is_and else short, short if is_and else rest,
                                   2 if need_truth else 1)
        if need_truth:
            results[1].type = BOOL
            return results[0], results[1]
        return results[0], None

    def bool_operand(self, node: ast.expr, need_truth: bool) -> tuple[Value, Value | None]:
        if isinstance(node, ast.BoolOp):
            with self.located(node):
                return self.boolop(node.values, isinstance(node.op, ast.And), need_truth)
        value = self.expr(node)
        if not need_truth:
            return value, None
        with self.located(node):
            return value, self.b.value("py.truth", value, type_=BOOL)

    def choose_many(self, cond: Value, then: Any, orelse: Any, count: int) -> list[Value]:
        """A value-producing if whose arms each compute ``count`` values."""
        regions = [Region(), Region()]
        saved = dict(self.env)
        for region, arm in zip(regions, (then, orelse), strict=True):
            self.env = dict(saved)
            with self.b.at(region):
                values = arm()
                if not self.b.terminated:
                    self.b.op("cf.yield", values, results=0)
        self.env = saved
        return self.b.op("cf.if", [cond], results=count, regions=regions).results

    def choose(self, cond: Value, then: Any, orelse: Any) -> Value:
        """A value-producing if: each arm computes one value, the if yields it."""
        return self.choose_many(cond, lambda: [then()], lambda: [orelse()], 1)[0]

    def e_IfExp(self, node: ast.IfExp) -> Value:
        cond = self.test(node.test)
        return self.choose(cond, lambda: self.expr(node.body), lambda: self.expr(node.orelse))

    def e_Compare(self, node: ast.Compare) -> Value:
        left = self.expr(node.left)
        return self.compare_chain(left, node.ops, node.comparators, node)

    def compare_chain(self, left: Value, ops: list[ast.cmpop], rights: list[ast.expr],
                      node: ast.AST) -> Value:
        right = self.expr(rights[0])
        with self.located(node):
            result = self.b.value("py.cmp", left, right, op=_CMPOPS[type(ops[0])])
        if len(ops) == 1:
            return result
        truth = self.b.value("py.truth", result, type_=BOOL)
        return self.choose(truth, lambda: self.compare_chain(right, ops[1:], rights[1:], node),
                           lambda: result)

    def test(self, node: ast.expr) -> Value:
        """A condition: a bool value, calling ``__bool__`` exactly as often as CPython does."""
        with self.located(node):
            if isinstance(node, ast.BoolOp):
                return self.test_boolop(node.values, isinstance(node.op, ast.And))
            if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
                return self.b.value("py.unop", self.test(node.operand), op="not", type_=BOOL)
            if isinstance(node, ast.Compare) and len(node.ops) > 1:
                return self.test_chain(self.expr(node.left), node.ops, node.comparators, node)
            if isinstance(node, ast.IfExp):  # CPython tests each arm directly
                cond = self.test(node.test)
                out = self.choose(cond, lambda: self.test(node.body),
                                  lambda: self.test(node.orelse))
                out.type = BOOL
                return out
            return self.b.value("py.truth", self.expr(node), type_=BOOL)

    def test_boolop(self, values: list[ast.expr], is_and: bool) -> Value:
        first = self.test(values[0])
        if len(values) == 1:
            return first
        rest = lambda: self.test_boolop(values[1:], is_and)  # noqa: E731
        short = lambda: self.b.const(not is_and)  # noqa: E731
        result = self.choose(first, rest if is_and else short, short if is_and else rest)
        result.type = BOOL
        return result

    def test_chain(self, left: Value, ops: list[ast.cmpop], rights: list[ast.expr],
                   node: ast.AST) -> Value:
        right = self.expr(rights[0])
        with self.located(node):
            result = self.b.value("py.cmp", left, right, op=_CMPOPS[type(ops[0])])
        truth = self.b.value("py.truth", result, type_=BOOL)
        if len(ops) == 1:
            return truth
        out = self.choose(truth, lambda: self.test_chain(right, ops[1:], rights[1:], node),
                          lambda: self.b.const(False))
        out.type = BOOL
        return out

    def e_Call(self, node: ast.Call) -> Value:
        func = node.func
        if isinstance(func, ast.Name) and func.id in _FRAME_READERS \
                and len(node.args) <= _FRAME_READERS[func.id] and not node.keywords:
            self.block(node, "frame-introspection",
                       f"'{func.id}()' reads this function's local variables")
        called = func.attr if isinstance(func, ast.Attribute) else \
            func.id if isinstance(func, ast.Name) else None
        if called in _OWN_FRAME_CALLS and not _is_positive_constant(node.args[:1]):
            self.block(node, "frame-introspection",
                       f"'{called}()' hands out this function's own frame")
        if isinstance(func, ast.Name) and func.id in _FRAME_READERS:
            with self.located(func):  # checked above with its arguments, not again as a name
                callee = self.load_name(func.id, func)
        else:
            callee = self.expr(func)
        operands, kinds = self.arguments(node.args, node.keywords)
        with self.located(node):
            return self.b.op("py.call", [callee, *operands], {"kinds": kinds}).results[0]

    def arguments(self, args: list[ast.expr],
                  keywords: list[ast.keyword]) -> tuple[list[Value], tuple[str, ...]]:
        """A call's (or class statement's) arguments in evaluation order, with their kinds:
        ``p`` positional, ``*`` starred, ``**`` mapping, ``k:name`` keyword."""
        operands: list[Value] = []
        kinds: list[str] = []
        for arg in args:
            starred = isinstance(arg, ast.Starred)
            operands.append(self.expr(arg.value if starred else arg))  # type: ignore[attr-defined]
            kinds.append("*" if starred else "p")
        for keyword in keywords:
            operands.append(self.expr(keyword.value))
            kinds.append("**" if keyword.arg is None else "k:" + keyword.arg)
        return operands, tuple(kinds)

    def e_Attribute(self, node: ast.Attribute) -> Value:
        obj = self.expr(node.value)
        with self.located(node):
            return self.b.value("py.attr.get", obj, name=self.mangled(node.attr))

    def e_Subscript(self, node: ast.Subscript) -> Value:
        obj = self.expr(node.value)
        key = self.subscript_key(node.slice)
        with self.located(node):
            return self.b.value("py.item.get", obj, key)

    def subscript_key(self, node: ast.expr) -> Value:
        if isinstance(node, ast.Slice):
            return self.b.value("py.slice", *self.slice_bounds(node))
        return self.expr(node)

    def slice_bounds(self, node: ast.Slice) -> list[Value]:
        return [self.expr(part) if part is not None else self.b.const(None)
                for part in (node.lower, node.upper, node.step)]

    def e_Tuple(self, node: ast.Tuple) -> Value:
        return self.display("py.tuple", node.elts)

    def e_List(self, node: ast.List) -> Value:
        return self.display("py.list", node.elts)

    def e_Set(self, node: ast.Set) -> Value:
        return self.display("py.set", node.elts)

    def display(self, kind: str, elts: list[ast.expr]) -> Value:
        operands: list[Value] = []
        starred: list[int] = []
        for i, elt in enumerate(elts):
            if isinstance(elt, ast.Starred):
                starred.append(i)
                operands.append(self.expr(elt.value))
            else:
                operands.append(self.expr(elt))
        return self.b.op(kind, operands, {"starred": tuple(starred)}).results[0]

    def e_Dict(self, node: ast.Dict) -> Value:
        operands: list[Value] = []
        layout = ""
        for key, value in zip(node.keys, node.values, strict=True):
            if key is None:
                operands.append(self.expr(value))
                layout += "*"
            else:
                operands.append(self.expr(key))
                operands.append(self.expr(value))
                layout += "k"
        return self.b.op("py.dict", operands, {"layout": layout}).results[0]

    def e_JoinedStr(self, node: ast.JoinedStr) -> Value:
        parts = [self.expr(v) for v in node.values]
        if len(parts) == 1 and isinstance(node.values[0], ast.FormattedValue):
            return parts[0]  # CPython emits FORMAT_VALUE alone for f"{x}"
        with self.located(node):
            return self.b.value("py.concat", *parts, type_=STR)

    def e_FormattedValue(self, node: ast.FormattedValue) -> Value:
        operands = [self.expr(node.value)]
        if node.format_spec is not None:
            operands.append(self.expr(node.format_spec))
        with self.located(node):
            return self.b.value("py.format", *operands, conv=node.conversion, type_=STR)

    def e_Lambda(self, node: ast.Lambda) -> Value:
        template = copy.deepcopy(node)
        defaults = [self.expr(d) for d in node.args.defaults]
        template.args.defaults = [ast.Name(f"__trm_d{i}__", ast.Load())
                                  for i in range(len(defaults))]
        kw_names: list[str] = []
        for i, (arg, default) in enumerate(zip(node.args.kwonlyargs, node.args.kw_defaults,
                                               strict=True)):
            if default is not None:
                defaults.append(self.expr(default))
                kw_names.append(arg.arg)
                template.args.kw_defaults[i] = ast.Name(f"__trm_d{len(defaults) - 1}__",
                                                        ast.Load())
        with self.located(node):
            return self.b.value("py.lambda", *defaults, source=ast.unparse(template),
                                kwdefaults=tuple(kw_names))

    def e_ListComp(self, node: ast.ListComp) -> Value:
        return self.comprehension(node)

    e_SetComp = e_DictComp = e_GeneratorExp = e_ListComp

    def comprehension(self, node: ast.ListComp | ast.SetComp | ast.DictComp
                      | ast.GeneratorExp) -> Value:
        """A comprehension is a scope of its own (3.11): its first iterable is evaluated here."""
        template = copy.deepcopy(node)
        iterable = self.expr(node.generators[0].iter)
        template.generators[0].iter = ast.Name("__trm_iter__", ast.Load())
        if any(g.is_async for g in node.generators):
            self.block(node, "async-comprehension")
        for inner in ast.walk(template):
            if isinstance(inner, (ast.Yield, ast.YieldFrom, ast.Await)):
                label = "await" if isinstance(inner, ast.Await) else "yield"
                self.block(node, label,
                           "this construct inside a comprehension is not lowered yet")
        with self.located(node):
            return self.b.value("py.comp", iterable, source=ast.unparse(template))

    def e_Await(self, node: ast.Await) -> Value:
        value = self.expr(node.value)
        with self.located(node):
            return self.b.value("py.await", value)

    def e_NamedExpr(self, node: ast.NamedExpr) -> Value:
        value = self.expr(node.value)
        with self.located(node):
            self.store_name(node.target.id, value)  # the target is a slot (see translate_function)
        return value

    def e_Yield(self, node: ast.Yield) -> Value:
        value = self.expr(node.value) if node.value is not None else self.b.const(None)
        with self.located(node):
            return self.b.value("py.yield", value)

    def e_YieldFrom(self, node: ast.YieldFrom) -> Value:
        value = self.expr(node.value)
        with self.located(node):
            return self.b.value("py.yield.from", value)

    def e_Starred(self, node: ast.Starred) -> Value:
        return self.opaque(node, "starred", 1)[0]


_NESTED_BOOLOP_MESSAGE = (
    "a boolean operator whose first operand is another boolean operator, used as a value in "
    "{where}, is not supported (it needs statements, which cannot go there)")


def _nested_boolop_value(node: ast.expr, test: bool) -> ast.BoolOp | None:
    """The first ``(a and b) or c`` used as a value (not as a test) inside ``node``.

    Its lowering carries ``a and b``'s truth beside its value so that ``__bool__`` runs as
    often as in CPython; that pair has no expression form, so where codegen may only write one
    expression (an except clause's type, a match guard) it cannot be regenerated. In test
    position the jump lowering needs no such pair.
    """
    if isinstance(node, ast.BoolOp):
        if not test and isinstance(node.values[0], ast.BoolOp):
            return node
        children: list[tuple[ast.expr, bool]] = [(v, test) for v in node.values]
    elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        children = [(node.operand, test)]
    elif isinstance(node, ast.IfExp):
        children = [(node.test, True), (node.body, test), (node.orelse, test)]
    else:
        children = [(c, False) for c in ast.iter_child_nodes(node) if isinstance(c, ast.expr)]
        children += [(c, False) for comp in getattr(node, "generators", ())
                     for c in (comp.iter, *comp.ifs)]
    for child, child_test in children:
        found = _nested_boolop_value(child, child_test)
        if found is not None:
            return found
    return None


def has_future_annotations(tree: ast.Module) -> bool:
    """``from __future__ import annotations``: annotations stay text, never evaluated."""
    return any(isinstance(stmt, ast.ImportFrom) and stmt.module == "__future__"
               and any(a.name == "annotations" for a in stmt.names) for stmt in tree.body)


def _is_positive_constant(args: list[ast.expr]) -> bool:
    """``sys._getframe(1)``: a caller's frame, certainly not this function's own."""
    return bool(args) and isinstance(args[0], ast.Constant) and type(args[0].value) is int \
        and args[0].value > 0


def _has_own_yield(node: ast.AST) -> bool:
    """Does the function itself (not a nested scope) contain yield?"""
    stack = list(ast.iter_child_nodes(node))
    while stack:
        current = stack.pop()
        if isinstance(current, (ast.Yield, ast.YieldFrom)):
            return True
        if not isinstance(current, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef,
                                    ast.Lambda, ast.ListComp, ast.SetComp, ast.DictComp,
                                    ast.GeneratorExp)):
            stack.extend(ast.iter_child_nodes(current))
    return False


def pattern_captures(pattern: ast.pattern) -> list[str]:
    """The variables a match pattern binds."""
    found: list[str] = []
    for node in ast.walk(pattern):
        name = getattr(node, "name", None) if isinstance(node, (ast.MatchAs, ast.MatchStar)) \
            else getattr(node, "rest", None) if isinstance(node, ast.MatchMapping) else None
        if name and name not in found:
            found.append(name)
    return found


def pattern_reads(pattern: ast.pattern) -> list[str]:
    """The names a pattern's value patterns (``Color.RED``) and class patterns read."""
    found: list[str] = []
    for node in ast.walk(pattern):
        if isinstance(node, ast.Name) and node.id not in found:
            found.append(node.id)
    return found


def _pattern_names(node: ast.Match) -> set[str]:
    names: set[str] = set()
    for case in node.cases:
        names.update(pattern_captures(case.pattern))
        names.update(pattern_reads(case.pattern))
    return names


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.ListComp,
           ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _slot_names(node: ast.FunctionDef | ast.AsyncFunctionDef) -> set[str]:
    """Variables that start life in slots, found in one walk of the function's own code.

    - bound inside ``try``/``with``/``match``: an exception can leave the body between any two
      statements (or ``__exit__`` suppress it) with some variables rebound and others not,
      which SSA without exception edges cannot express; a slot holds exactly what Python's
      variable holds;
    - walrus targets: ``(x := v)`` may bind x inside a short-circuited or looped condition.
    """
    names: set[str] = set()
    stack: list[ast.AST] = list(node.body)
    while stack:
        current = stack.pop()
        if isinstance(current, (ast.Try, ast.TryStar, ast.With, ast.AsyncWith, ast.Match)):
            names.update(_assigned_names([current]))
            if isinstance(current, ast.Match):
                names.update(_pattern_names(current))
        elif isinstance(current, ast.NamedExpr):
            names.add(current.target.id)
        for child in ast.iter_child_nodes(current):
            if not isinstance(child, _SCOPES):
                stack.append(child)
            elif isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                stack.extend(child.decorator_list)  # evaluated here
    return names


def translate_function(node: ast.FunctionDef | ast.AsyncFunctionDef, qualname: str,
                       scope: Scope | None, filename: str,
                       future_annotations: bool = False) -> Function:
    """Translate one def; variables that cannot stay in SSA are demoted to slots, one by one."""
    slots: set[str] = _slot_names(node)
    if scope is not None:
        slots = {n for n in slots if scope.classify(n) == "local"}
    for _ in range(200):
        try:
            return FunctionTranslator(node, qualname, scope, filename, slots,
                                      future_annotations).run()
        except _NeedSlot as need:
            if need.name in slots:
                raise RuntimeError(f"slot demotion of {need.name!r} did not converge") from None
            slots.add(need.name)
    raise RuntimeError("too many slot demotions")


def translate_module(parsed: ParsedModule) -> Module:
    module = Module(parsed.filename)
    module.parsed = parsed
    module.diagnostics = list(parsed.diagnostics)
    if parsed.tree is None:
        return module
    with no_gc():
        _translate_all(parsed, module)
    return module


def _enclosing_function(scope: Scope | None, by_node: dict[ast.AST, Function]) -> Function | None:
    parent = scope.parent if scope is not None else None
    while parent is not None and parent.kind != "function":
        if parent.kind == "module":
            return None
        parent = parent.parent
    return by_node.get(parent.node) if parent is not None else None


def _translate_all(parsed: ParsedModule, module: Module) -> None:
    by_node: dict[ast.AST, Function] = {}
    future = has_future_annotations(parsed.tree) if parsed.tree is not None else False
    for node, qualname in parsed.functions():
        scope = parsed.scopes.get(node)
        try:
            fn = translate_function(node, qualname, scope, parsed.filename, future)
        except (RecursionError, RuntimeError) as exc:
            fn = Function(node.name, qualname, node.lineno, [])
            fn.blockers = [Diagnostic("internal-error", f"translation failed: {exc}",
                                      parsed.filename, node.lineno, node.col_offset + 1,
                                      construct="internal-error")]
        fn.node = node
        fn.parent = _enclosing_function(scope, by_node)
        by_node[node] = fn
        module.functions.append(fn)
