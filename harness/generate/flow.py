"""Control flow and nested scopes: branches, loops, exceptions, match, closures, coroutines.

Termination is by construction: every loop has a trip bound known here (a range of bounded
length, a container of capped length, a while counter that only the loop header changes, a
generator with a bounded number of yields), and the trip bounds multiply the estimated cost,
which must stay within the function's budget.  Nested functions (closures, lambdas, local
classes) get a fresh context: no enclosing loop, no enclosing handler.
"""

from __future__ import annotations

from harness.generate.scope import Ctx, Fn, Var
from harness.generate.stmts import StmtGen
from harness.generate.values import (
    BOX,
    BYTES,
    CAPS,
    DICT,
    INT,
    LIST,
    SET,
    SLIST,
    STR,
    TUPLE,
    Abs,
    E,
    clamp,
    int_literal,
    key_literal,
    literal,
)

__all__ = ["FlowGen"]

HANDLERS = ("ZeroDivisionError", "ArithmeticError", "ValueError", "OverflowError",
            "IndexError", "KeyError", "LookupError", "TypeError", "GenError", "Exception",
            "AssertionError")


class FlowGen(StmtGen):
    """Compound statements and nested scopes on top of the simple statements."""

    # --- control flow ----------------------------------------------------------------------
    def s_if(self, ctx: Ctx) -> Ctx | None:
        self.emit(ctx, f"if {self.cond(ctx).text}:")
        ended = self.sub_block(ctx)
        shape = self.ch.draw(4)
        if shape >= 2:
            self.emit(ctx, f"elif {self.cond(ctx).text}:")
            ended = self.sub_block(ctx) and ended
        if shape % 2 == 1 or shape == 3:
            self.emit(ctx, "else:")
            ended = self.sub_block(ctx) and ended
            return None if ended else ctx
        return ctx

    def loop_trip(self, ctx: Ctx, want: int) -> int:
        """The largest trip count up to ``want`` this function can still afford."""
        trip = max(1, want)
        while trip > 1 and not self.affordable(ctx, trip * 8):
            trip //= 2
        return trip

    def s_for_range(self, ctx: Ctx, orelse: bool = False) -> bool:
        if not self.affordable(ctx, 16):
            return False
        var = self.fresh("i")
        shape = self.ch.draw(5)
        trip = self.loop_trip(ctx, self.ch.between(1, 12))
        if shape == 0:
            head, va = f"range({trip})", Abs(bits=max(1, trip.bit_length()), nonneg=True)
        elif shape == 1:
            sized = [v for v in self.vars_of(ctx, LIST, STR, SLIST, BYTES)
                     if self.affordable(ctx, v.cap.length * 8)]
            if not sized:
                return False
            src = self.ch.pick(sized)
            trip = src.cap.length
            head = f"range(len({self.read(ctx, src)}))"
            va = Abs(bits=trip.bit_length(), nonneg=True)
        elif shape == 2:
            e = self.expr(INT, ctx, 1)
            head, va = f"range({e.text} % {trip + 1})", Abs(bits=trip.bit_length(), nonneg=True)
        elif shape == 3:
            start, step = self.ch.between(-3, 3), self.ch.between(1, 3)
            head = f"range({start}, {start + trip * step}, {step})"
            va = Abs(bits=(abs(start) + trip * step).bit_length())
        else:
            step = self.ch.between(1, 3)
            head = f"range({trip * step}, 0, -{step})"
            va = Abs(bits=(trip * step).bit_length(), nonneg=True, nonzero=True)
        self.emit(ctx, f"for {var} in {head}:")
        loop_var = Var(var, INT, va, ctx.fn, readonly=True, kind="loop")
        return self.loop_body(ctx, trip, (loop_var,), orelse)

    def s_loop_raise(self, ctx: Ctx) -> bool:
        """A loop (maybe of zero trips) that updates a variable, then adds loop-invariant
        ``x // (y % 3)``, inside a ZeroDivisionError handler: the division may raise only
        where it runs, after the update before it, never when the loop runs zero times."""
        targets = [v for v in self.assignable(ctx, INT) if v.kind in ("local", "param")]
        if not targets or not self.affordable(ctx, 12):
            return False
        target = self.ch.pick(targets)
        others = [v for v in self.vars_of(ctx, INT) if v is not target] or [target]
        xv, yv, nv = (self.ch.pick(others) for _ in range(3))
        x, y, n = self.read(ctx, xv), self.read(ctx, yv), self.read(ctx, nv)
        t, cap = target.name, target.cap
        self.spend(ctx, 12)
        self.emit(ctx, "try:")
        self.emit(ctx, f"for {self.fresh('i')} in range({n} % 3):", 1)
        step = clamp(E(f"({t} + {self.ch.pick((1, 3, 7))})", INT, Abs(bits=cap.bits + 1)), cap,
                     self.ch)
        self.emit(ctx, f"{t} = {step.text}", 2)
        op = self.ch.pick(("//", "%"))
        div = E(f"({t} + {x} {op} ({y} % 3))", INT, Abs(bits=max(cap.bits, xv.cap.bits) + 1))
        self.emit(ctx, f"{t} = {clamp(div, cap, self.ch).text}", 2)
        self.emit(ctx, "except ZeroDivisionError:")
        twice = clamp(E(f"({t} * 2 + 1)", INT, Abs(bits=cap.bits + 2)), cap, self.ch)
        self.emit(ctx, f"{t} = {twice.text}", 1)
        return True

    def s_loop_len(self, ctx: Ctx) -> bool:
        """A loop that appends to a list it measures each time: ``len`` is evaluated anew
        in every iteration (the list is the same object, its length is not invariant)."""
        found = self.vars_of(ctx, LIST)
        trips = self.ch.between(2, 4)
        if not found or not self.affordable(ctx, 6 * trips):
            return False
        self.spend(ctx, 6 * trips)
        var = self.ch.pick(found)
        name = self.read(ctx, var)
        self.emit(ctx, f"for {self.fresh('i')} in range({trips}):")
        self.emit(ctx, f"if len({name}) < {var.cap.length}:", 1)
        self.emit(ctx, f"{name}.append(len({name}) * {self.ch.pick((1, 3, -7))})", 2)
        return True

    def loop_body(self, ctx: Ctx, trip: int, new: tuple[Var, ...], orelse: bool,
                  frozen: bool = False) -> bool:
        inner = ctx.block(trip, loop=True, frozen=ctx.frozen or frozen).with_vars(*new)
        if orelse:
            self.block(inner)
            self.emit(inner, f"if {self.cond(inner).text}:")
            self.emit(inner, "break", 1)
            self.emit(ctx, "else:")
            self.sub_block(ctx)
        else:
            self.block(inner)
        return True

    def s_for_iter(self, ctx: Ctx, orelse: bool = False) -> bool:
        if not self.affordable(ctx, 16):
            return False
        shape = self.ch.draw(12)
        a, b = self.fresh("i"), self.fresh("i")
        frozen = False
        new: tuple[Var, ...]
        it_ctx = ctx.child(no_walrus=True)
        if shape in (0, 1, 2, 3):
            src = self.expr(LIST, it_ctx, 1)
            trip, elem = src.abs.length, Abs(bits=src.abs.elem)
            if shape == 1:
                head, new = f"enumerate({src.text})", (
                    Var(a, INT, Abs(bits=trip.bit_length(), nonneg=True), ctx.fn, True, "loop"),
                    Var(b, INT, elem, ctx.fn, True, "loop"))
                target = f"{a}, {b}"
            elif shape == 2:
                other = self.expr(LIST, it_ctx, 1)
                trip = min(trip, other.abs.length)
                head, target = f"zip({src.text}, {other.text})", f"{a}, {b}"
                new = (Var(a, INT, elem, ctx.fn, True, "loop"),
                       Var(b, INT, Abs(bits=other.abs.elem), ctx.fn, True, "loop"))
            else:
                head = f"reversed({src.text})" if shape == 3 else src.text
                target, new = a, (Var(a, INT, elem, ctx.fn, True, "loop"),)
        elif shape in (4, 5):
            src = self.expr(DICT, it_ctx, 1)
            trip, frozen = src.abs.length, True
            if shape == 4:
                head, target = f"{src.text}.items()", f"{a}, {b}"
                new = (Var(a, STR, Abs(length=1), ctx.fn, True, "loop"),
                       Var(b, INT, Abs(bits=src.abs.elem), ctx.fn, True, "loop"))
            else:
                head = self.ch.pick(("{0}", "sorted({0})", "{0}.keys()")).format(src.text)
                target, new = a, (Var(a, STR, Abs(length=1), ctx.fn, True, "loop"),)
        elif shape == 6:
            src = self.expr(STR, it_ctx, 1)
            trip, head, target = src.abs.length, src.text, a
            new = (Var(a, STR, Abs(length=1), ctx.fn, True, "loop"),)
        elif shape == 7:
            src = self.expr(SET, it_ctx, 1)
            trip, head, target, frozen = src.abs.length, src.text, a, True
            new = (Var(a, INT, Abs(bits=5, nonneg=True), ctx.fn, True, "loop"),)
        elif shape == 8:
            g = self.pick_callee(it_ctx, "generator", INT)
            if g is None:
                return False
            trip, head, target, frozen = g.yields, self.call_text(g, it_ctx, 1), a, True
            new = (Var(a, INT, g.ret_cap, ctx.fn, True, "loop"),)
        elif shape == 9:
            src = self.expr(SLIST, it_ctx, 1)
            trip, head, target = src.abs.length, src.text, a
            new = (Var(a, STR, Abs(length=src.abs.elem), ctx.fn, True, "loop"),)
        elif shape == 10:
            src = self.expr(BYTES, it_ctx, 1)
            trip, head, target = src.abs.length, src.text, a
            new = (Var(a, INT, Abs(bits=8, nonneg=True), ctx.fn, True, "loop"),)
        else:
            items = [self.fit(INT, ctx, 1) for _ in range(self.ch.between(1, 4))]
            shape_t = self.ch.draw(2)
            body = ", ".join(e.text for e in items)
            trip, head, target = len(items), f"({body},)" if shape_t else f"[{body}]", a
            new = (Var(a, INT, Abs(bits=64), ctx.fn, True, "loop"),)
        trip = max(1, trip)
        if not self.affordable(ctx, trip * 6):
            return False
        self.emit(ctx, f"for {target} in {head}:")
        return self.loop_body(ctx, trip, new, orelse, frozen)

    def s_for_else(self, ctx: Ctx) -> bool:
        if self.ch.draw(2) and not self.range_free(ctx):
            return self.s_for_range(ctx, orelse=True)
        return self.s_for_iter(ctx, orelse=True)

    def s_while(self, ctx: Ctx) -> bool:
        trip = self.loop_trip(ctx, self.ch.between(1, 10))
        if not self.affordable(ctx, trip * 8):
            return False
        w = self.fresh("w")
        counter = Var(w, INT, Abs(bits=5), ctx.fn, readonly=True, kind="loop")
        shape = self.ch.draw(4)
        inner = ctx.block(trip, loop=True).with_vars(counter)
        if shape == 0:
            self.emit(ctx, f"{w} = 0")
            self.emit(ctx, f"while {w} < {trip}:")
            self.emit(inner, f"{w} += 1")
            self.block(inner)
        elif shape == 1:
            self.emit(ctx, f"{w} = {trip}")
            self.emit(ctx, "while True:")
            self.emit(inner, f"{w} -= 1")
            self.emit(inner, f"if {w} < 0:")
            self.emit(inner, "break", 1)
            self.block(inner)
        elif shape == 2:  # drain a private copy: nothing else can append to it
            src = self.expr(LIST, ctx.child(no_walrus=True), 1)
            trip = self.loop_trip(ctx, src.abs.length)
            self.emit(ctx, f"{w} = list({src.text})[:{trip}]")
            self.emit(ctx, f"while {w}:")
            item = Var(self.fresh("i"), INT, Abs(bits=src.abs.elem), ctx.fn, True, "loop")
            inner = ctx.block(trip, loop=True).with_vars(item)
            self.emit(inner, f"{item.name} = {w}.pop({self.ch.pick(('', '0'))})")
            self.block(inner)
        else:
            self.emit(ctx, f"{w} = 0")
            self.emit(ctx, f"while {w} < {trip} and {self.cond(ctx).text}:")
            self.emit(inner, f"{w} += 1")
            self.block(inner)
            self.emit(ctx, "else:")
            self.sub_block(ctx)
        return True

    def s_break(self, ctx: Ctx) -> Ctx | None:
        return self.loop_exit(ctx, "break")

    def s_continue(self, ctx: Ctx) -> Ctx | None:
        return self.loop_exit(ctx, "continue")

    def loop_exit(self, ctx: Ctx, word: str) -> Ctx | None:
        shape = self.ch.draw(6)
        if shape == 0 and ctx.nesting < self.p.max_nesting:  # both arms leave: unreachable after
            other = "continue" if word == "break" else "break"
            self.emit(ctx, f"if {self.cond(ctx).text}:")
            self.block(ctx.block(), self.ch.between(0, 1) or 1)
            self.emit(ctx, word, 1)
            self.emit(ctx, "else:")
            self.emit(ctx, other, 1)
            return None
        self.emit(ctx, f"if {self.cond(ctx).text}:")
        self.emit(ctx, word, 1)
        return ctx

    def s_return(self, ctx: Ctx) -> Ctx | None:
        fn = ctx.fn
        value = "" if fn.kind == "generator" else " " + self.fit(fn.ret, ctx, 0, fn.ret_cap).text
        if self.ch.draw(5) == 0 and ctx.nesting > 0:
            self.emit(ctx, f"return{value}")
            return None
        self.emit(ctx, f"if {self.cond(ctx).text}:")
        self.emit(ctx, f"return{value}", 1)
        return ctx

    # --- exceptions ------------------------------------------------------------------------
    def s_try(self, ctx: Ctx) -> bool:
        generator = ctx.fn.kind == "generator"  # no finally: it could run at GC time
        groups = [[self.ch.pick(HANDLERS)] for _ in range(self.ch.between(int(generator), 2))]
        if len(groups) == 1 and self.ch.draw(3) == 0:
            groups[0].append("GenError")
        has_finally = not generator and (not groups or self.ch.draw(3) == 0)
        caught = frozenset(name for group in groups for name in group)
        self.emit(ctx, "try:")
        self.sub_block(ctx, catching=ctx.catching | caught)
        for group in groups:
            name = group[0] if len(group) == 1 else f"({', '.join(group)})"
            as_name = self.fresh("e") if self.ch.draw(2) else ""
            self.emit(ctx, f"except {name}{' as ' + as_name if as_name else ''}:")
            self.sub_block(ctx, handler=as_name or "-")
        if groups and self.ch.draw(3) == 0:
            self.emit(ctx, "else:")
            self.sub_block(ctx)
        if has_finally:
            self.emit(ctx, "finally:")
            self.sub_block(ctx)
        return True

    def s_raise(self, ctx: Ctx) -> Ctx | bool | None:
        exc = self.ch.pick(("GenError", "GenError", "ValueError", "KeyError", "LookupError"))
        msg = self.expr(STR, ctx, 2) if self.ch.draw(2) else literal(STR, self.ch)
        text = f"{exc}({msg.text})"
        shape = self.ch.draw(4)
        if ctx.handler and shape == 0:
            if ctx.handler != "-" and self.ch.draw(2):
                text += f" from {ctx.handler}"
                self.note("stmt.raise-from")
            elif self.ch.draw(2):
                text = ""  # bare re-raise
                self.note("stmt.reraise")
        elif shape == 1:
            text += " from None"
        line = f"raise {text}".rstrip()
        if self.caught(ctx, exc) and ctx.nesting > 0 and self.ch.draw(3) == 0:
            self.emit(ctx, line)
            return None
        e = self.expr(INT, ctx, 2)
        self.emit(ctx, f"if {e.text} % {self.ch.between(5, 13)} == {self.ch.between(0, 4)}:")
        self.emit(ctx, line, 1)
        return ctx

    def s_assert(self, ctx: Ctx) -> bool:
        if self.caught(ctx, "AssertionError") and self.ch.draw(2):
            test = self.cond(ctx).text
            self.note("risk.assert")
        else:
            found = self.vars_of(ctx, INT, LIST, STR)
            if not found:
                return False
            var = self.ch.pick(found)
            name = self.read(ctx, var)
            test = self.ch.pick((f"len({name}) >= 0", f"isinstance({name}, {var.ty})",
                                 f"{name} == {name}")) if var.ty != INT else self.ch.pick((
                f"{name} == {name}", f"abs({name}) >= 0", f"{name} % 3 in (0, 1, 2)"))
        msg = f", {literal(STR, self.ch).text}" if self.ch.draw(2) else ""
        self.emit(ctx, f"assert {test}{msg}")
        return True

    def s_with(self, ctx: Ctx) -> bool:
        items: list[str] = []
        suppress = False
        names: list[str] = []
        for _ in range(self.ch.between(1, 2)):
            flag = self.ch.draw(3) == 0
            suppress |= flag
            name = self.fresh("cm")
            names.append(name)
            items.append(f"Ctx({self.ch.between(0, 9)}, {flag}) as {name}")
        self.emit(ctx, f"with {', '.join(items)}:")
        catching = ctx.catching | {"Exception"} if suppress else ctx.catching
        self.sub_block(ctx, catching=catching)
        targets = self.assignable(ctx, STR)
        if targets and self.ch.draw(2):
            var = self.ch.pick(targets)
            self.declare_global(ctx, var)
            self.emit(ctx, f"{var.name} = '|'.join({names[0]}.events)[:48]")
        return True

    # --- match -----------------------------------------------------------------------------
    def s_match(self, ctx: Ctx) -> bool:
        ty = self.ch.pick((INT, INT, TUPLE, LIST, DICT, BOX, STR))
        subject = self.expr(ty, ctx, 1)
        self.emit(ctx, f"match {subject.text}:")
        inner = ctx.block()
        for pattern, captured, guard in self.match_cases(ty, subject.abs, inner):
            line = f"case {pattern}" + (f" if {guard}" if guard else "") + ":"
            self.emit(inner, line)
            self.block(inner.block().with_vars(*captured))
        return True

    def match_cases(self, ty: str, a: Abs, ctx: Ctx) -> list[tuple[str, tuple[Var, ...], str]]:
        x, y = self.fresh("m"), self.fresh("m")
        fn = ctx.fn

        def ints(*names: str) -> tuple[Var, ...]:
            return tuple(Var(n, INT, Abs(bits=64), fn, True) for n in names)

        cases: list[tuple[str, tuple[Var, ...], str]] = []
        if ty == INT:
            k = self.ch.between(-2, 5)
            cases += [(f"{k}", (), ""), (f"{k + 1} | {k + 2}", (), ""),
                      (f"int({x}) if {x} > {self.ch.between(0, 50)}", ints(x), "")]
        elif ty == TUPLE:
            cases += [(f"(0, {y})", ints(y), ""), (f"({x}, {y})", ints(x, y), f"{x} > {y}")]
        elif ty == LIST:
            rest = Var(y, LIST, CAPS[LIST], fn, True)
            cases += [("[]", (), ""), (f"[{x}]", ints(x), ""),
                      (f"[{x}, *{y}]", (*ints(x), rest), "")]
        elif ty == DICT:
            kw = Var(y, DICT, CAPS[DICT], fn, True)
            cases += [(f"{{{key_literal(self.ch)}: {x}}}", ints(x), ""),
                      (f"{{{key_literal(self.ch)}: {x}, **{y}}}", (*ints(x), kw), "")]
        elif ty == BOX:
            cases += [("Box(val=0)", (), ""),
                      (f"Box(val={x})", ints(x), f"{x} > {self.ch.between(-5, 100)}")]
        else:
            word = Var(x, STR, CAPS[STR], fn, True)
            cases += [("'a' | 'ab'", (), ""), (f"str({x}) if len({x}) > 3", (word,), "")]
        fixed = []
        for pattern, captured, guard in cases:
            if " if " in pattern:  # a guard written with its pattern above
                pattern, guard = pattern.split(" if ", 1)
            fixed.append((pattern, captured, guard))
        if self.ch.draw(4):
            fixed.append(("_", (), ""))
        return fixed

    # --- nested scopes ---------------------------------------------------------------------
    def nested_ctx(self, ctx: Ctx, fn: Fn, params: list[Var]) -> Ctx:
        return Ctx(fn, ctx.scope + tuple(params), indent=ctx.indent + 1,
                   nesting=ctx.nesting + 1)

    def s_closure(self, ctx: Ctx) -> Ctx | bool:
        budget = min(self.p.budget // 4, (ctx.fn.budget - ctx.fn.cost) // 4)
        if budget < 40:
            return False
        acc = Var(self.fresh("acc"), INT, Abs(bits=64), ctx.fn)
        inner = Fn(self.fresh("inner"), "closure", ret=INT, ret_cap=Abs(bits=64),
                   budget=budget, parent=ctx.fn)
        inner.params = [Var(self.fresh("a"), INT, Abs(bits=64), inner, kind="param")]
        if self.ch.draw(2):
            p = Var(self.fresh("a"), INT, Abs(bits=8), inner, kind="param")
            inner.params.append(p)
            inner.defaults[p.name] = str(self.ch.between(0, 9))
        inner.nonlocals = [acc]
        self.emit(ctx, f"{acc.name} = {int_literal(self.ch, 0.0)[0]}")
        body = self.nested_ctx(ctx.with_vars(acc), inner, inner.params)
        self.aug_int(body, acc.name, acc.cap)
        self.block(body, self.ch.between(0, 2) or 1)
        self.emit(body, f"return {self.fit(INT, body, 0).text}")
        self.decorate(inner, allow_twice=True)
        for name in inner.decorators:
            self.emit(ctx, f"@{name}")
        self.emit(ctx, f"def {inner.name}({self.signature(inner)}):")
        decl = [f"nonlocal {acc.name}"]
        if inner.globals_written:
            decl.insert(0, f"global {', '.join(inner.globals_written)}")
        ctx.fn.lines.extend("    " * body.indent + line for line in decl)
        ctx.fn.lines.extend(inner.lines)
        ctx.fn.mutates |= inner.mutates
        callable_var = Var(inner.name, "fn", Abs(), ctx.fn, readonly=True, fn=inner)
        after = ctx.with_vars(acc, callable_var)
        self.note("closure.nonlocal")
        targets = self.assignable(after, INT)
        if targets and self.affordable(ctx, inner.cost + 2) and not (ctx.frozen and
                                                                     inner.mutates):
            var = self.ch.pick(targets)
            self.declare_global(ctx, var)
            self.spend(ctx, inner.cost + 2)
            self.emit(ctx, f"{var.name} = {inner.name}({self.args_text(inner, after, 1)})")
        return after

    def decorate(self, fn: Fn, allow_twice: bool) -> None:
        """Sometimes wrap ``fn`` in ``keep`` or ``twice`` (which doubles what a call costs)."""
        shape = self.ch.draw(12)
        if shape == 10:
            fn.decorators.append("keep")
        elif shape == 11 and allow_twice:
            fn.decorators.append("twice")
            fn.cost *= 2
        else:
            return
        self.note(f"fn.decorator.{fn.decorators[-1]}")

    def signature(self, fn: Fn) -> str:
        parts: list[str] = []
        star = False
        for p in fn.params:
            if p.name in fn.kwonly and not star:
                parts.append("*")
                star = True
            default = fn.defaults.get(p.name)
            parts.append(p.name if default is None else f"{p.name}={default}")
        return ", ".join(parts)

    def s_lambda(self, ctx: Ctx) -> Ctx | bool:
        fn = Fn(self.fresh("fn"), "lambda", ret=INT, budget=max(40, self.p.budget // 20),
                parent=ctx.fn)
        fn.params = [Var(self.fresh("l"), INT, Abs(bits=64), fn, kind="param")]
        if self.ch.draw(2):
            p = Var(self.fresh("l"), INT, Abs(bits=8), fn, kind="param")
            fn.params.append(p)
            fn.defaults[p.name] = str(self.ch.between(0, 9))
        body = Ctx(fn, ctx.scope + tuple(fn.params), no_walrus=True)
        e = self.fit(INT, body, 1)
        fn.ret_cap = e.abs
        self.emit(ctx, f"{fn.name} = lambda {self.signature(fn)}: {e.text}")
        var = Var(fn.name, "fn", Abs(), ctx.fn, readonly=True, fn=fn)
        return ctx.with_vars(var)

    def s_local_class(self, ctx: Ctx) -> bool:
        targets = self.assignable(ctx, INT)
        if not targets:
            return False
        var = self.ch.pick(targets)
        self.declare_global(ctx, var)
        name = self.fresh("Local")
        k, c = self.ch.between(-5, 9), self.ch.between(0, 99)
        self.emit(ctx, f"class {name}:")
        self.emit(ctx, f"scale = {k}", 1)
        self.emit(ctx, "", 1)
        self.emit(ctx, "def get(self, x):", 1)
        self.emit(ctx, f"return x * self.scale + {c}", 2)
        arg = self.fit(INT, ctx, 1)
        fixed = clamp(E(f"{name}().get({arg.text})", INT, Abs(bits=70)), var.cap, self.ch)
        self.emit(ctx, f"{var.name} = {fixed.text}")
        return True

    # --- generators and coroutines ---------------------------------------------------------
    def s_yield(self, ctx: Ctx) -> bool:
        fn = ctx.fn
        shape = self.ch.draw(5)
        if shape == 1:
            sub = self.pick_callee(ctx, "generator", INT)
            if sub is not None:
                fn.yields += ctx.mult * sub.yields
                self.emit(ctx, f"yield from {self.call_text(sub, ctx, 1)}")
                return True
        if shape == 2:
            src = self.fit(LIST, ctx, 1, Abs(length=12, elem=fn.ret_cap.bits))
            fn.yields += ctx.mult * src.abs.length
            self.emit(ctx, f"yield from {src.text}")
            return True
        fn.yields += ctx.mult
        self.emit(ctx, f"yield {self.fit(INT, ctx, 1, fn.ret_cap).text}")
        return True

    def s_await(self, ctx: Ctx) -> bool:
        targets = self.assignable(ctx, INT)
        f = self.pick_callee(ctx, "async", INT) if self.ch.draw(2) else None
        value = self.call_text(f, ctx, 1) if f is not None else \
            f"Aw({self.fit(INT, ctx, 1).text})"
        self.async_used = True
        if not targets:
            self.emit(ctx, f"await {value}")
            return True
        var = self.ch.pick(targets)
        self.declare_global(ctx, var)
        fixed = clamp(E(f"(await {value})", INT, Abs(bits=64)), var.cap, self.ch)
        self.emit(ctx, f"{var.name} = {fixed.text}")
        return True

    def s_async_for(self, ctx: Ctx) -> bool:
        trip = self.loop_trip(ctx, self.ch.between(0, 6))
        var = Var(self.fresh("i"), INT, Abs(bits=4, nonneg=True), ctx.fn, True, "loop")
        self.async_used = True
        self.emit(ctx, f"async for {var.name} in ARange({trip}):")
        return self.loop_body(ctx, trip, (var,), False)

    def s_async_with(self, ctx: Ctx) -> bool:
        self.async_used = True
        self.emit(ctx, f"async with ACtx({self.ch.between(0, 9)}) as {self.fresh('cm')}:")
        self.sub_block(ctx)
        return True
