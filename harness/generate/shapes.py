"""Shapes added in generators ``typed-3`` and ``typed-4``: where miscompiles could hide.

``nested_call``: a nested function (inner def, closure with ``nonlocal``, lambda, a local
class's method, a def inside a loop, a def inside a def) that calls one of the program's small
module-level helpers with exactly its positional parameters -- the call sites the inliner
takes -- so inlined code (and its guards) ends up inside a nested scope that is written out as
part of its regenerated parent.  A program may also route every helper call through nested
scopes (``Policy.nested_helpers``): then only nested code needs the runtime, which is the
module shape where a parent-only check of "does this module use the runtime" goes wrong.

``loop_unpack``: ``for x, y in pairs`` / ``for x, *rest in rows`` nested inside a loop that
carries variables (assigned in it, used after it), with the unpacked values copied unchanged
into variables that outlive the inner loop (``u = x``): a loop-carried value that *is* an
unpacked target, which is where the names of the two loops' carried values can be confused.

``search_body`` (typed-4): a helper that returns from inside its loop, the callee shape the
inliner lowers to ``break`` plus the loop's ``else`` clause (``Policy.search_helpers``).
"""

from __future__ import annotations

from harness.generate.flow import FlowGen
from harness.generate.scope import Ctx, Fn, Var
from harness.generate.values import (
    BOOL,
    CAPS,
    FLOAT,
    INT,
    LIST,
    Abs,
    E,
    clamp,
    int_literal,
)

__all__ = ["ShapeGen"]

NESTED_FORMS = ("def", "closure", "lambda", "method", "loop", "deep")
PAIR_SOURCES = ("zip", "enumerate", "literal", "comp", "rzip")


class ShapeGen(FlowGen):
    """The ``typed-3`` statements on top of the control-flow generator."""

    # --- helpers called from nested scopes -------------------------------------------------
    def inlinable(self, ctx: Ctx) -> list[Fn]:
        """Module-level helpers a call with exactly their positional parameters may inline:
        undecorated, no ``global`` stores, the cheapest first (small bodies are inlined)."""
        found = [f for f in self.functions if f.kind == "helper" and not f.kwonly
                 and not f.decorators and not f.globals_written and f is not ctx.fn
                 and not (ctx.frozen and f.mutates)]
        return sorted(found, key=lambda f: f.cost)

    def helper_call(self, h: Fn, ctx: Ctx) -> E:
        """``h(a, b)``: every parameter positionally (defaults not omitted), no ``*``/``**``."""
        self.spend(ctx, h.cost + 2)
        ctx.fn.mutates |= h.mutates
        plain = ctx.child(no_walrus=True)  # a lambda body or a clamp's comprehension
        args = ", ".join(self.fit(p.ty, plain, 2, p.cap).text for p in h.params)
        return E(f"{h.name}({args})", h.ret, h.ret_cap)

    def returned(self, e: E) -> E:
        """What a nested function returns: ints clamped to 64 bits, floats and bools as is."""
        return clamp(e, CAPS[INT], self.ch) if e.ty == INT else e

    def s_nested_call(self, ctx: Ctx) -> Ctx | bool:
        found = self.inlinable(ctx)
        budget = min(self.p.budget // 4, (ctx.fn.budget - ctx.fn.cost) // 4)
        found = [f for f in found if f.cost * 3 + 20 <= budget]
        if not found:
            return False
        h = self.ch.pick(found[:2])
        form = NESTED_FORMS[self.ch.draw(len(NESTED_FORMS))]
        if form == "loop" and not self.affordable(ctx, 4 * (h.cost + 10)):
            form = "def"
        if (self.ch.draw(2) or self.range_free(ctx)) and self.affordable(ctx, 40):
            ctx = self.counted_int(ctx)
        result: Ctx = getattr(self, f"nested_{form}")(ctx, h, budget)
        self.note(f"nested.{form}")
        return result

    def counted_int(self, ctx: Ctx) -> Ctx:
        """A counter the type analysis proves int (int literals, a loop with no ``range``),
        then arithmetic the baseline rewrites on it (``n % 8``, ``n // 4``, ``n * 1``,
        ``n ** 2``): the enclosing function is optimized on its own account, so it is
        regenerated, and its nested functions are written out inside it."""
        n = Var(self.fresh("n"), INT, Abs(bits=20, nonneg=True), ctx.fn)
        trip = self.ch.between(1, 4)
        step = self.ch.pick((1, 2, 3, 7))
        self.emit(ctx, f"{n.name} = {self.ch.between(0, 9)}")
        if self.ch.draw(2):
            items = ", ".join(str(self.ch.between(0, 9)) for _ in range(trip))
            self.emit(ctx, f"for {self.fresh('e')} in ({items},):")
        else:
            w = self.fresh("w")
            self.emit(ctx, f"{w} = 0")
            self.emit(ctx, f"while {w} < {trip}:")
            self.emit(ctx, f"{w} += 1", 1)
        grow = self.ch.pick((f"{n.name} + {step}", f"{n.name} * 2 + {step}",
                             f"{n.name} + {step} * {step}"))
        self.emit(ctx, f"{n.name} = {grow}", 1)
        form = self.ch.pick(("{0} % 8", "{0} // 4", "{0} * 1", "{0} ** 2", "{0} + 0",
                             "{0} % 16 + {0} // 2"))
        self.emit(ctx, f"{n.name} = {form.format(n.name)}")
        self.spend(ctx, 6 * trip + 6)
        self.note("nested.counted-parent")
        return ctx.with_vars(n)

    def nested_fn(self, ctx: Ctx, h: Fn, budget: int, kind: str = "closure") -> Fn:
        inner = Fn(self.fresh("inner" if kind == "closure" else "fn"), kind, ret=h.ret,
                   ret_cap=CAPS[INT] if h.ret == INT else CAPS[h.ret], budget=budget,
                   parent=ctx.fn)
        inner.params = [Var(self.fresh("a"), INT, Abs(bits=64), inner, kind="param")]
        if self.ch.draw(3) == 0:
            p = Var(self.fresh("a"), INT, Abs(bits=8), inner, kind="param")
            inner.params.append(p)
            inner.defaults[p.name] = str(self.ch.between(0, 9))
        return inner

    def inner_def(self, ctx: Ctx, inner: Fn, h: Fn, extra: tuple[Var, ...] = ()) -> None:
        """``def inner(a): <a statement or two>; return h(...)`` written at ``ctx``."""
        body = self.nested_ctx(ctx.with_vars(*extra), inner, inner.params)
        if self.ch.draw(2):
            self.block(body, self.ch.between(1, 2))
        self.emit(body, f"return {self.returned(self.helper_call(h, body)).text}")
        self.emit(ctx, f"def {inner.name}({self.signature(inner)}):")
        decl = [f"nonlocal {', '.join(v.name for v in inner.nonlocals)}"] if inner.nonlocals \
            else []
        if inner.globals_written:
            decl.insert(0, f"global {', '.join(inner.globals_written)}")
        ctx.fn.lines.extend("    " * body.indent + line for line in decl)
        ctx.fn.lines.extend(inner.lines)
        ctx.fn.mutates |= inner.mutates

    def store_call(self, ctx: Ctx, call: str, ty: str, cost: int) -> Ctx:
        """``v = call`` into a variable of the call's type (a new local when there is none)."""
        self.spend(ctx, cost + 2)
        targets = [v for v in self.assignable(ctx, ty) if v.kind != "global"]
        if targets and self.ch.draw(3):
            var = self.ch.pick(targets)
            self.emit(ctx, f"{var.name} = {clamp(E(call, ty, CAPS[ty]), var.cap, self.ch).text}")
            return ctx
        var = Var(self.fresh("v"), ty, CAPS[ty], ctx.fn)
        self.emit(ctx, f"{var.name} = {call}")
        return ctx.with_vars(var)

    def outer_args(self, ctx: Ctx, inner: Fn) -> str:
        """Arguments of the nested function's call (its defaults sometimes omitted)."""
        args = [self.fit(INT, ctx, 1, p.cap).text for p in inner.params
                if p.name not in inner.defaults or self.ch.draw(2)]
        return ", ".join(args)

    def nested_def(self, ctx: Ctx, h: Fn, budget: int) -> Ctx:
        inner = self.nested_fn(ctx, h, budget)
        self.inner_def(ctx, inner, h)
        after = ctx.with_vars(Var(inner.name, "fn", Abs(), ctx.fn, readonly=True, fn=inner))
        return self.store_call(after, f"{inner.name}({self.outer_args(after, inner)})",
                               inner.ret, inner.cost)

    def nested_closure(self, ctx: Ctx, h: Fn, budget: int) -> Ctx:
        """A closure that accumulates the helper's results in a ``nonlocal`` and returns it."""
        acc = Var(self.fresh("acc"), INT, Abs(bits=64), ctx.fn)
        self.emit(ctx, f"{acc.name} = {int_literal(self.ch, 0.0)[0]}")
        inner = self.nested_fn(ctx, h, budget)
        inner.ret, inner.ret_cap, inner.nonlocals = INT, CAPS[INT], [acc]
        body = self.nested_ctx(ctx.with_vars(acc), inner, inner.params)
        call = self.helper_call(h, body)
        value = E(f"int({call.text})", INT, Abs(bits=2)) if h.ret == BOOL else call
        if h.ret == FLOAT:  # an int from a float that may be inf or nan: only a finite one
            value = E(f"(round({call.text}) if math.isfinite({call.text}) else 0)", INT,
                      Abs(bits=1100))
            self.spend(body, h.cost + 2)
        total = E(f"({acc.name} + {value.text})", INT, Abs(bits=max(64, value.abs.bits) + 1))
        self.emit(body, f"{acc.name} = {clamp(total, acc.cap, self.ch).text}")
        self.emit(body, f"return {acc.name}")
        self.emit(ctx, f"def {inner.name}({self.signature(inner)}):")
        self.emit(ctx, f"nonlocal {acc.name}", 1)
        ctx.fn.lines.extend(inner.lines)
        ctx.fn.mutates |= inner.mutates
        after = ctx.with_vars(acc, Var(inner.name, "fn", Abs(), ctx.fn, readonly=True,
                                       fn=inner))
        for _ in range(self.ch.between(1, 2)):
            after = self.store_call(after, f"{inner.name}({self.outer_args(after, inner)})",
                                    INT, inner.cost)
        return after

    def nested_lambda(self, ctx: Ctx, h: Fn, budget: int) -> Ctx:
        fn = self.nested_fn(ctx, h, max(budget, 40), kind="lambda")
        body = Ctx(fn, ctx.scope + tuple(fn.params), no_walrus=True)
        value = self.returned(self.helper_call(h, body))
        self.emit(ctx, f"{fn.name} = lambda {self.signature(fn)}: {value.text}")
        after = ctx.with_vars(Var(fn.name, "fn", Abs(), ctx.fn, readonly=True, fn=fn))
        return self.store_call(after, f"{fn.name}({self.outer_args(after, fn)})", fn.ret,
                               fn.cost)

    def nested_method(self, ctx: Ctx, h: Fn, budget: int) -> Ctx:
        """A local class whose method calls the helper (a function nested in a class that is
        nested in a function)."""
        name = self.fresh("Local")
        method = Fn("get", "closure", ret=h.ret, ret_cap=CAPS[h.ret], budget=budget,
                    parent=ctx.fn)
        x = Var(self.fresh("x"), INT, Abs(bits=64), method, kind="param")
        method.params = [x]
        body = Ctx(method, (*ctx.scope, x), indent=ctx.indent + 2, nesting=ctx.nesting + 1)
        if self.ch.draw(3) == 0:
            self.block(body, 1)
        self.emit(body, f"return {self.returned(self.helper_call(h, body)).text}")
        self.emit(ctx, f"class {name}:")
        self.emit(ctx, f"scale = {self.ch.between(-5, 9)}", 1)
        self.emit(ctx, "", 1)
        self.emit(ctx, f"def get(self, {x.name}):", 1)
        if method.globals_written:
            self.emit(ctx, f"global {', '.join(method.globals_written)}", 2)
        ctx.fn.lines.extend(method.lines)
        ctx.fn.mutates |= method.mutates
        arg = self.fit(INT, ctx, 1, x.cap)
        return self.store_call(ctx, f"{name}().get({arg.text})", h.ret, method.cost)

    def nested_loop(self, ctx: Ctx, h: Fn, budget: int) -> Ctx:
        """A def inside a loop body, reading the loop variable, called in each iteration."""
        trip = self.loop_trip(ctx, self.ch.between(1, 4))
        i = Var(self.fresh("i"), INT, Abs(bits=3, nonneg=True), ctx.fn, True, "loop")
        acc = Var(self.fresh("v"), INT, Abs(bits=64), ctx.fn)
        self.emit(ctx, f"{acc.name} = 0")
        self.emit(ctx, f"for {i.name} in {self.counting(ctx, trip)}:")
        loop = ctx.block(trip, loop=True).with_vars(i, acc)
        inner = self.nested_fn(loop, h, budget)
        inner.ret, inner.ret_cap = INT, CAPS[INT]
        body = self.nested_ctx(loop, inner, inner.params)
        call = self.helper_call(h, body)
        value = E(f"int({call.text})", INT, Abs(bits=2)) if h.ret == BOOL else call
        if h.ret == FLOAT:
            value = E(f"int({call.text} > {i.name})", INT, Abs(bits=2))
        self.emit(body, f"return {self.returned(value).text}")
        self.emit(loop, f"def {inner.name}({self.signature(inner)}):")
        loop.fn.lines.extend(inner.lines)
        ctx.fn.mutates |= inner.mutates
        self.spend(loop, inner.cost + 4)
        total = E(f"({acc.name} + {inner.name}({self.outer_args(loop, inner)}))", INT,
                  Abs(bits=65))
        self.emit(loop, f"{acc.name} = {clamp(total, acc.cap, self.ch).text}")
        return ctx.with_vars(acc)

    def nested_deep(self, ctx: Ctx, h: Fn, budget: int) -> Ctx:
        """A def in a def: the helper is called two scopes down."""
        outer = self.nested_fn(ctx, h, budget)
        body = self.nested_ctx(ctx, outer, outer.params)
        inner = self.nested_fn(body, h, max(40, budget // 2))
        self.inner_def(body, inner, h)
        self.spend(body, inner.cost + 2)
        self.emit(body, f"return {inner.name}({self.outer_args(body, inner)})")
        self.emit(ctx, f"def {outer.name}({self.signature(outer)}):")
        if outer.globals_written:
            self.emit(ctx, f"global {', '.join(outer.globals_written)}", 1)
        ctx.fn.lines.extend(outer.lines)
        ctx.fn.mutates |= outer.mutates
        after = ctx.with_vars(Var(outer.name, "fn", Abs(), ctx.fn, readonly=True, fn=outer))
        return self.store_call(after, f"{outer.name}({self.outer_args(after, outer)})",
                               outer.ret, outer.cost)

    def counting(self, ctx: Ctx, trip: int) -> str:
        """``range(trip)``, or the same numbers as a tuple where no range loop may be."""
        if self.range_free(ctx) or self.ch.draw(4) == 0:
            return "(" + ", ".join(map(str, range(trip))) + ",)"
        return f"range({trip})"

    # --- typed-4: helpers that return from inside a loop ------------------------------------
    def search_body(self, ctx: Ctx) -> bool:
        """A helper body shaped like ``is_safe``: a loop whose body may ``continue`` and returns
        under a condition, then a final return -- the callee shape the inliner turns into
        ``break`` + the loop's ``else`` clause.  False when the budget cannot afford it."""
        trip = self.loop_trip(ctx, self.ch.between(1, 6))
        if not self.affordable(ctx, trip * 12 + 8):
            return False
        counter = Var(self.fresh("w"), INT, Abs(bits=4, nonneg=True), ctx.fn, readonly=True,
                      kind="loop")
        if self.ch.draw(3) == 0:
            self.emit(ctx, f"{counter.name} = 0")
            self.emit(ctx, f"while {counter.name} < {trip}:")
            inner = ctx.block(trip, loop=True).with_vars(counter)
            self.emit(inner, f"{counter.name} += 1")
        else:
            self.emit(ctx, f"for {counter.name} in {self.counting(ctx, trip)}:")
            inner = ctx.block(trip, loop=True).with_vars(counter)
        if self.ch.draw(3) == 0:
            self.emit(inner, f"if {self.search_test(inner, counter)}:")
            self.emit(inner, "continue", 1)
        if self.ch.draw(3) == 0:
            self.block(inner, 1)
        self.emit(inner, f"if {self.search_test(inner, counter)}:")
        fn, shallow = ctx.fn, max(0, self.p.max_expr_depth - 1)  # small enough to inline
        self.emit(inner, f"return {self.fit(fn.ret, inner.block(), shallow, fn.ret_cap).text}",
                  1)
        self.emit(ctx, f"return {self.fit(fn.ret, ctx, shallow, fn.ret_cap).text}")
        self.spend(ctx, trip * 12)
        self.note("helper.search-loop")
        return True

    def search_test(self, ctx: Ctx, counter: Var) -> str:
        """Mostly a small test of the counter against a leaf (small callees are inlined),
        sometimes any condition."""
        if self.ch.draw(3) == 0:
            return self.cond(ctx).text
        op = self.ch.pick(("==", "<", ">=", "!="))
        return f"{counter.name} {op} {self.leaf(INT, ctx).text}"

    # --- tuple-unpacking loops nested in loops that carry variables ------------------------
    def s_loop_unpack(self, ctx: Ctx) -> Ctx | bool:
        outer_trip = self.loop_trip(ctx, self.ch.between(1, 4))
        inner_want = self.ch.between(1, 5)
        if not self.affordable(ctx, outer_trip * (inner_want * 8 + 12)):
            return False
        fresh = [Var(self.fresh("s"), INT, Abs(bits=64), ctx.fn)
                 for _ in range(self.ch.between(1, 2))]
        for var in fresh:
            self.emit(ctx, f"{var.name} = {int_literal(self.ch, 0.0)[0]}")
        olds = [v for v in self.assignable(ctx, INT) if v.kind in ("local", "param")]
        carried = fresh + ([self.ch.pick(olds)] if olds and self.ch.draw(2) else [])
        after = ctx.with_vars(*fresh)
        outer = self.unpack_outer_head(after, outer_trip)
        u = Var(self.fresh("u"), INT, Abs(bits=64), ctx.fn)
        self.emit(outer, f"{u.name} = {int_literal(self.ch, 0.0)[0]}")
        outer = outer.with_vars(u)
        self.unpack_inner_loop(outer, u, inner_want)
        for var in carried:  # the outer loop carries these: their values live after it
            step = self.ch.pick((u.name, "1", f"{u.name} * 3", f"{var.name} + {u.name}"))
            total = E(f"({var.name} + {step})", INT, Abs(bits=67))
            self.emit(outer, f"{var.name} = {clamp(total, var.cap, self.ch).text}")
        if self.ch.draw(3) == 0:
            self.block(outer, 1)
        self.show_carried(after, carried)
        self.spend(ctx, outer_trip * 12)
        return after

    def show_carried(self, ctx: Ctx, carried: list[Var]) -> None:
        """Make the carried values observable after the loop: printed, or stored in a module
        global (compared after each case), or in a local that later code may return."""
        names = ", ".join(v.name for v in carried)
        shape = self.ch.draw(3)
        if shape == 0 and ctx.mult <= 8:
            self.emit(ctx, f"print({names!r}, {names})")
            return
        targets = [v for v in self.assignable(ctx, INT) if v not in carried]
        globals_ = [v for v in targets if v.kind == "global"]
        if shape == 1 and globals_:
            targets = globals_
        if targets:
            var = self.ch.pick(targets)
            self.declare_global(ctx, var)
            total = E(f"({carried[0].name} - {carried[-1].name} * 2)", INT, Abs(bits=66))
            self.emit(ctx, f"{var.name} = {clamp(total, var.cap, self.ch).text}")

    def unpack_outer_head(self, ctx: Ctx, trip: int) -> Ctx:
        """The outer loop: a range, a while counter, or itself a ``for a, b in pairs``."""
        shape = self.ch.draw(3)
        new: tuple[Var, ...]
        if shape == 0:
            i = Var(self.fresh("i"), INT, Abs(bits=3, nonneg=True), ctx.fn, True, "loop")
            self.emit(ctx, f"for {i.name} in {self.counting(ctx, trip)}:")
            new = (i,)
        elif shape == 1:
            w = Var(self.fresh("w"), INT, Abs(bits=5), ctx.fn, True, "loop")
            self.emit(ctx, f"{w.name} = 0")
            self.emit(ctx, f"while {w.name} < {trip}:")
            self.emit(ctx, f"{w.name} += 1", 1)
            new = (w,)
        else:
            pairs, a, b = self.pair_source(ctx, trip)
            self.emit(ctx, f"for {a.name}, {b.name} in {pairs}:")
            new = (a, b)
            self.note("loop.unpack-outer")
        return ctx.block(trip, loop=True).with_vars(*new)

    def pair_source(self, ctx: Ctx, trip: int) -> tuple[str, Var, Var]:
        """An iterable of at most ``trip`` int pairs and the two targets' variables."""
        a, b = self.fresh("x"), self.fresh("y")
        source = PAIR_SOURCES[self.ch.draw(len(PAIR_SOURCES))]
        it = ctx.child(no_walrus=True)
        bits_a = bits_b = 40
        if source == "zip":
            xs, ys = self.some_ints(it), self.some_ints(it)
            text = f"zip({xs}, {ys}[:{trip}])"
        elif source == "enumerate":
            text, bits_a = f"enumerate({self.some_ints(it)}[:{trip}])", 5
        elif source == "comp":
            k = self.ch.pick((1, 2, 3, -1))
            text, bits_b = f"[(e, e * {k}) for e in {self.some_ints(it)}[:{trip}]]", 42
        elif source == "rzip":
            text = f"[(e, f) for r in [{self.some_ints(it)}] for e, f in zip(r[:{trip}], r[::-1])]"
        else:
            items = [f"({int_literal(self.ch, 0.0, 40)[0]}, {int_literal(self.ch, 0.0, 40)[0]})"
                     for _ in range(self.ch.between(1, trip))]
            text = "[" + ", ".join(items) + "]"
        self.note(f"loop.pairs-{source}")
        return (text, Var(a, INT, Abs(bits=bits_a), ctx.fn, True, "loop"),
                Var(b, INT, Abs(bits=bits_b), ctx.fn, True, "loop"))

    def some_ints(self, ctx: Ctx) -> str:
        """A list of ints (elements within 40 bits) that is seldom empty: a variable or an
        expression, with a literal to fall back on (an empty inner loop shows nothing)."""
        src = self.fit(LIST, ctx, 2) if self.ch.draw(2) else clamp(self.leaf(LIST, ctx),
                                                                   CAPS[LIST], self.ch)
        fallback = ", ".join(int_literal(self.ch, 0.0, 40)[0]
                             for _ in range(self.ch.between(1, 3)))
        return f"({src.text} or [{fallback}])"

    def unpack_inner_loop(self, ctx: Ctx, u: Var, want: int) -> None:
        """``for x, y in pairs`` or ``for x, *rest in rows`` whose targets flow into ``u``."""
        trip = max(1, want)
        if self.ch.draw(3) == 0:
            x = Var(self.fresh("x"), INT, Abs(bits=40), ctx.fn, True, "loop")
            rest = Var(self.fresh("rest"), LIST, CAPS[LIST], ctx.fn, True, "loop")
            if self.ch.draw(2):
                src = self.some_ints(ctx.child(no_walrus=True))
                rows = f"[r[k:k + 3] for r in [{src}] for k in range(min(len(r), {trip}))]"
            else:
                rows = "[" + ", ".join(
                    "(" + ", ".join(int_literal(self.ch, 0.0, 40)[0]
                                    for _ in range(self.ch.between(1, 3))) + ",)"
                    for _ in range(self.ch.between(1, trip))) + "]"
            self.emit(ctx, f"for {x.name}, *{rest.name} in {rows}:")
            new: tuple[Var, ...] = (x, rest)
            second = E(f"len({rest.name})", INT, Abs(bits=2, nonneg=True))
            self.note("loop.unpack-star")
        else:
            pairs, xv, yv = self.pair_source(ctx, trip)
            self.emit(ctx, f"for {xv.name}, {yv.name} in {pairs}:")
            x, new, second = xv, (xv, yv), E(yv.name, INT, yv.cap)
            self.note("loop.unpack-pair")
        inner = ctx.block(trip, loop=True).with_vars(*new)
        shape = self.ch.weighted((3, 1, 1, 1))
        if shape == 0:
            # The unpacked value itself is what the loop carries on: ``u = x`` is the body's
            # last statement and x's only use (other statements do not see x).
            if self.ch.draw(3) == 0:
                self.block(ctx.block(trip, loop=True).with_vars(*new[1:]), 1)
            self.emit(inner, f"{u.name} = {x.name}")
            self.note("loop.unpack-flows")
            self.spend(ctx, trip * 8)
            return
        if shape == 1:
            self.emit(inner, f"if {self.cond(inner).text}:")
            self.emit(inner, f"{u.name} = {x.name}", 1)
        elif shape == 2:  # ... also to the continue of the inner loop
            self.emit(inner, f"{u.name} = {x.name}")
            self.emit(inner, f"if {second.text} > {self.ch.between(-1, 3)}:")
            self.emit(inner, "continue", 1)
            total = E(f"({u.name} + {second.text})", INT, Abs(bits=65))
            self.emit(inner, f"{u.name} = {clamp(total, u.cap, self.ch).text}")
        else:
            total = E(f"({u.name} + {x.name} + {second.text})", INT, Abs(bits=66))
            self.emit(inner, f"{u.name} = {clamp(total, u.cap, self.ch).text}")
        if self.ch.draw(3) == 0:
            self.block(inner, 1)
        self.spend(ctx, trip * 8)
