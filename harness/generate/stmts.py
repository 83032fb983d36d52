"""Statement dispatch and the simple statements: assignment, mutation, globals, deletion.

Every assignment keeps its target's cap (values.CAPS): a value that may not fit is clamped,
an augmented assignment that may outgrow it is followed by a clamping one, and growing a
container is guarded by its length.  Functions only call functions generated before them,
so there is no recursion except the depth-bounded kind the program builder writes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from harness.generate.containers import ExprGen
from harness.generate.scope import Ctx, Var
from harness.generate.values import (
    BOOL,
    BOX,
    BYTES,
    CAPS,
    DICT,
    FLOAT,
    INT,
    LIST,
    SET,
    SLIST,
    STR,
    TUPLE,
    Abs,
    E,
    clamp,
    key_literal,
    literal,
)

__all__ = ["StmtGen"]

COMPOUND = frozenset({"if", "for_range", "for_iter", "for_else", "while", "try", "with",
                      "match", "closure", "local_class", "async_for", "async_with", "walrus",
                      "loop_raise", "loop_len", "nested_call", "loop_unpack"})

# Statements whose loops iterate ``range(...)`` (the specialiser guards those on the runtime).
RANGE_LOOPS = frozenset({"for_range", "loop_raise", "loop_len"})


class StmtGen(ExprGen):
    """Statements on top of expressions; ``block`` is the entry point."""

    # --- output ----------------------------------------------------------------------------
    def emit(self, ctx: Ctx, line: str, extra: int = 0) -> None:
        ctx.fn.lines.append("    " * (ctx.indent + extra) + line)

    def declare_global(self, ctx: Ctx, var: Var) -> None:
        if var.kind == "global" and var.name not in ctx.fn.globals_written:
            ctx.fn.globals_written.append(var.name)

    def block(self, ctx: Ctx, count: int | None = None) -> bool:
        """Statements at ``ctx``; True when the block ended in return/raise/break/continue."""
        lo, hi = self.p.stmts
        if count is None:
            hi = max(lo, hi - 3 * ctx.nesting)
            count = self.ch.between(max(1, lo - ctx.nesting), max(1, hi))
        start = len(ctx.fn.lines)
        ended = False
        for _ in range(count):
            if not self.affordable(ctx, 6):
                break
            next_ctx = self.statement(ctx)
            if next_ctx is None:
                ended = True
                break
            ctx = next_ctx
        if len(ctx.fn.lines) == start:
            self.emit(ctx, "pass")
        return ended

    def statement(self, ctx: Ctx) -> Ctx | None:
        """One statement; returns the context for the next one (None: control left)."""
        names = list(self.p.stmt_weights)
        key = (ctx.fn.kind, ctx.loop, ctx.nesting >= self.p.max_nesting)
        weights = self._stmt_weights.get(key)
        if weights is None:
            weights = self._stmt_weights[key] = [self.stmt_weight(ctx, n) for n in names]
        if sum(weights) == 0:
            self.emit(ctx, "pass")
            return ctx
        for _ in range(4):
            name = names[self.ch.weighted(weights)]
            method: Callable[[Ctx], Ctx | bool | None] = getattr(self, f"s_{name}")
            start = len(ctx.fn.lines)
            result = method(ctx)
            if result is False:  # not applicable here: nothing was emitted
                del ctx.fn.lines[start:]
                continue
            self.note(f"stmt.{name}")
            if result is None:
                return None
            return result if isinstance(result, Ctx) else ctx
        self.s_assign(ctx)
        return ctx

    def stmt_weight(self, ctx: Ctx, name: str) -> int:
        weight = self.p.stmt_weights.get(name, 0)
        kind = ctx.fn.kind
        if name in COMPOUND and ctx.nesting >= self.p.max_nesting:
            return 0
        if name in ("break", "continue") and not ctx.loop:
            return 0
        if name == "yield" and kind != "generator":
            return 0
        if name in ("await", "async_for", "async_with") and kind != "async":
            return 0
        if kind == "generator" and name == "with":
            return 0  # a suspended generator's cleanup would run at GC time: keep it pure
        if kind in ("helper", "lambda") and name in COMPOUND:
            return 0
        if self.nested_helpers:
            if name == "nested_call":
                return weight * 5  # the helpers' only callers
            if name in RANGE_LOOPS and self.range_free(ctx):
                return 0
        return weight

    def range_free(self, ctx: Ctx) -> bool:
        """In a ``nested_helpers`` program module-level code has no ``for ... in range``
        loops either (their guards need the runtime too): only nested code needs it."""
        return self.nested_helpers and ctx.fn.parent is None

    def sub_block(self, ctx: Ctx, trip: int = 1, **changes: Any) -> bool:
        return self.block(ctx.block(trip, **changes))

    def cond(self, ctx: Ctx) -> E:
        return self.expr(BOOL, ctx, 1)

    # --- assignment ------------------------------------------------------------------------
    def s_assign(self, ctx: Ctx) -> Ctx | bool:
        targets = self.assignable(ctx, self.pick_type(ctx))
        if not targets:
            targets = [v for v in ctx.scope if v in self.assignable(ctx, v.ty)]
        if not targets:
            return False
        var = self.ch.pick(targets)
        value = self.fit(var.ty, ctx, 0, var.cap)
        self.declare_global(ctx, var)
        shape = self.ch.draw(12)
        others = [v for v in self.assignable(ctx, var.ty) if v is not var and v.cap == var.cap]
        if shape == 11 and others:
            other = self.ch.pick(others)
            self.declare_global(ctx, other)
            self.emit(ctx, f"{var.name} = {other.name} = {value.text}")
            self.note("stmt.chained-assign")
        elif shape == 10 and var.kind in ("local", "param") and var.owner is ctx.fn \
                and var.ty in (INT, FLOAT, STR):
            self.emit(ctx, f"{var.name}: {'int' if var.ty == INT else var.ty} = {value.text}")
            self.note("stmt.annotated-assign")
        else:
            self.emit(ctx, f"{var.name} = {value.text}")
        return ctx

    def pick_type(self, ctx: Ctx) -> str:
        names = list(self.p.type_weights)
        return names[self.ch.weighted([self.p.type_weights[n] for n in names])]

    def s_augassign(self, ctx: Ctx) -> bool:
        found = [v for v in self.assignable(ctx, INT) + self.assignable(ctx, FLOAT)
                 + self.assignable(ctx, STR) + self.assignable(ctx, LIST)
                 + self.assignable(ctx, SET) + self.assignable(ctx, BYTES)]
        if not found:
            return self.s_item_aug(ctx)
        var = self.ch.pick(found)
        self.declare_global(ctx, var)
        if var.ty == INT:
            self.aug_int(ctx, var.name, var.cap)
        elif var.ty == FLOAT:
            op = self.ch.pick(("+=", "-=", "*=", "/="))
            e = self.expr(FLOAT, ctx, 1)
            rhs = f"(abs({e.text}) + 1.0)" if op == "/=" else e.text
            self.emit(ctx, f"{var.name} {op} {rhs}")
        elif var.ty in (STR, BYTES, LIST):
            e = self.expr(var.ty, ctx, 1)
            if var.ty == LIST and self.ch.draw(3) == 0:
                self.emit(ctx, f"{var.name} *= {self.ch.between(0, 3)}")
            else:
                self.emit(ctx, f"{var.name} += {clamp(e, CAPS[var.ty], self.ch).text}")
            n = var.cap.length
            if var.ty == LIST:
                self.emit(ctx, f"del {var.name}[{n}:]")
            elif self.ch.draw(2):
                self.emit(ctx, f"{var.name} = {var.name}[-{n}:]")
            else:
                self.emit(ctx, f"{var.name} = {var.name}[:{n}]")
        else:  # set: in-place set algebra keeps elements in range
            if ctx.frozen:
                return False
            op = self.ch.pick(("|=", "&=", "-=", "^="))
            self.emit(ctx, f"{var.name} {op} {self.expr(SET, ctx, 1).text}")
            ctx.fn.mutates = True
        return True

    def aug_int(self, ctx: Ctx, target: str, cap: Abs) -> None:
        """``target op= rhs`` for an int target, then re-clamp it when it may have grown."""
        op = self.ch.pick(("+=", "-=", "*=", "//=", "%=", "<<=", ">>=", "&=", "|=", "^=",
                           "**=", "+=", "-="))
        bits = cap.bits
        if op in ("//=", "%="):
            if self.risky(ctx, "ZeroDivisionError"):
                rhs = self.expr(INT, ctx, 1)
                self.note("risk.zero-division")
            else:
                rhs = self.divisor(ctx, 1)
            if op == "%=":
                bits = rhs.abs.bits
        elif op == "<<=":
            k = self.ch.between(0, 16)
            rhs, bits = E(str(k), INT, Abs(bits=5)), bits + k
        elif op == ">>=":
            rhs = E(f"({self.expr(INT, ctx, 1).text} & 15)", INT, Abs(bits=4))
        elif op == "**=":
            k = self.ch.between(0, 3)
            rhs, bits = E(str(k), INT, Abs(bits=2)), bits * max(k, 1)
        else:
            rhs = self.fit(INT, ctx, 1)
            bits = bits + rhs.abs.bits if op == "*=" else max(bits, rhs.abs.bits) + 1
        self.emit(ctx, f"{target} {op} {rhs.text}")
        if bits > cap.bits:
            fix = clamp(E(target, INT, Abs(bits=bits)), cap, self.ch)
            if self.ch.draw(2) and fix.text.startswith(f"(({target}) % "):
                self.emit(ctx, f"{target} %= {fix.text.split(' % ', 1)[1][:-1]}")
            else:
                self.emit(ctx, f"{target} = {fix.text}")

    def s_item_aug(self, ctx: Ctx) -> bool:
        found = self.vars_of(ctx, LIST, DICT)
        if not found:
            return False
        var = self.ch.pick(found)
        if var.ty == LIST:
            k = self.ch.between(0, 30)
            self.emit(ctx, f"if {var.name}:")
            self.aug_int(ctx.block(), f"{var.name}[{k} % len({var.name})]", Abs(bits=40))
        else:
            key = key_literal(self.ch)
            self.emit(ctx, f"if {key} in {var.name}:")
            self.aug_int(ctx.block(), f"{var.name}[{key}]", Abs(bits=40))
        self.note("stmt.item-augassign")
        return True

    # --- calls and output ------------------------------------------------------------------
    def s_call(self, ctx: Ctx) -> bool:
        found = [f for f in self.callables(ctx) if f.kind not in ("generator",)
                 and self.affordable(ctx, f.cost + 2) and not (ctx.frozen and f.mutates)]
        if not found:
            return False
        f = self.ch.pick(found)
        self.spend(ctx, f.cost + 2)
        ctx.fn.mutates |= f.mutates
        call = self.call_text(f, ctx, 1)
        if f.kind == "async":
            self.async_used = True
            call = f"await {call}" if ctx.fn.kind == "async" else f"_run({call})"
        self.emit(ctx, call)
        return True

    def s_print(self, ctx: Ctx) -> bool:
        if ctx.mult > 8:  # in a hot loop the output would swamp the comparison
            return False
        args = [self.expr(self.ch.pick((INT, FLOAT, STR, BOOL, LIST, TUPLE)), ctx, 2).text
                for _ in range(self.ch.between(1, 3))]
        extra = self.ch.pick(("", ", sep='|'", ", end=';\\n'", ""))
        self.emit(ctx, f"print({', '.join(args)}{extra})")
        return True

    # --- mutation of containers ------------------------------------------------------------
    def s_mutate(self, ctx: Ctx) -> bool:
        found = self.vars_of(ctx, LIST, SLIST) + ([] if ctx.frozen else
                                                  self.vars_of(ctx, DICT, SET))
        if not found:
            return False
        var = self.ch.pick(found)
        name = self.read(ctx, var)
        self.declare_global(ctx, var)  # ``d |= other`` rebinds the name
        if var.ty in (LIST, SLIST):
            self.mutate_list(ctx, name, var.ty)
        elif var.ty == DICT:
            self.mutate_dict(ctx, name, var in self.assignable(ctx, DICT))
        else:
            self.mutate_set(ctx, name)
        return True

    def mutate_list(self, ctx: Ctx, name: str, ty: str) -> None:
        cap = CAPS[ty]
        elem_ty, elem_cap = (INT, Abs(bits=cap.elem)) if ty == LIST else (STR, Abs(length=12))
        shape = self.ch.draw(10)
        if shape <= 2:
            item = self.fit(elem_ty, ctx, 1, elem_cap).text
            self.emit(ctx, f"if len({name}) < {cap.length}:")
            call = f"append({item})" if shape < 2 else f"insert({self.ch.between(-3, 5)}, {item})"
            self.emit(ctx, f"{name}.{call}", 1)
        elif shape == 3:
            self.emit(ctx, f"if {name}:")
            self.emit(ctx, f"{name}.pop({self.ch.pick(('', '0', '-1'))})", 1)
        elif shape == 4:
            key = "" if ty == SLIST or self.ch.draw(2) else "key=lambda v: (v % 5, -v)"
            self.emit(ctx, f"{name}.sort({key})" if self.ch.draw(3) else f"{name}.reverse()")
        elif shape == 5:
            other = self.fit(ty, ctx, 1)
            self.emit(ctx, f"{name}.extend({other.text}[:{cap.length} - len({name})])")
        elif shape == 6:
            item = self.fit(elem_ty, ctx, 1, elem_cap).text
            self.emit(ctx, f"if {name}:")
            self.emit(ctx, f"{name}[{self.expr(INT, ctx, 2).text} % len({name})] = {item}", 1)
        elif shape == 7:
            self.emit(ctx, f"if {name}:")
            self.emit(ctx, f"del {name}[{self.ch.between(-2, 3)} % len({name})]", 1)
        elif shape == 8:
            a, b = self.ch.between(0, 3), self.ch.between(0, 6)
            if self.ch.draw(2):
                self.emit(ctx, f"del {name}[{a}:{b}]")
            else:
                other = self.fit(ty, ctx, 1)
                self.emit(ctx, f"{name}[:{b}] = {other.text}[:{b}]")
                self.note("stmt.slice-assign")
        else:
            item = self.fit(elem_ty, ctx, 1, elem_cap).text
            if self.risky(ctx, "ValueError"):
                self.emit(ctx, f"{name}.remove({item})")
            else:
                self.emit(ctx, f"if {item} in {name}:")
                self.emit(ctx, f"{name}.remove({item})", 1)

    def mutate_dict(self, ctx: Ctx, name: str, rebind: bool) -> None:
        ctx.fn.mutates = True
        key = key_literal(self.ch)
        shape = self.ch.draw(7)
        value = self.fit(INT, ctx, 1, Abs(bits=40)).text
        if shape <= 1:
            self.emit(ctx, f"{name}[{key}] = {value}")
        elif shape == 2:
            self.emit(ctx, f"{name}.setdefault({key}, {value})")
        elif shape == 3:
            self.emit(ctx, f"{name}.update({self.fit(DICT, ctx, 1).text})")
        elif shape == 4:
            self.emit(ctx, f"{name}.pop({key}, None)")
        elif shape == 5:
            if self.risky(ctx, "KeyError"):
                self.emit(ctx, f"del {name}[{key}]")
            else:
                self.emit(ctx, f"if {key} in {name}:")
                self.emit(ctx, f"del {name}[{key}]", 1)
        else:
            self.emit(ctx, f"{name} |= {self.fit(DICT, ctx, 1).text}"
                      if rebind and self.ch.draw(2) else f"{name}.clear()")

    def mutate_set(self, ctx: Ctx, name: str) -> None:
        ctx.fn.mutates = True
        e = self.expr(INT, ctx, 1)
        shape = self.ch.draw(4)
        if shape == 0:
            self.emit(ctx, f"{name}.add({e.text} % 32)")
        elif shape == 1:
            self.emit(ctx, f"{name}.discard({e.text})")
        elif shape == 2:
            self.emit(ctx, f"{name}.update({self.expr(SET, ctx, 1).text})")
        else:
            self.emit(ctx, f"if {e.text} in {name}:")
            self.emit(ctx, f"{name}.remove({e.text})", 1)

    # --- globals, deletion, unpacking, attributes ------------------------------------------
    def s_global(self, ctx: Ctx) -> bool:
        found = [v for v in ctx.scope if v.kind == "global"]
        if not found:
            return False
        var = self.ch.pick(found)
        if var.ty == INT:
            self.declare_global(ctx, var)
            self.aug_int(ctx, var.name, var.cap)
        elif var.ty == LIST:
            item = self.fit(INT, ctx, 1, Abs(bits=40)).text
            self.emit(ctx, f"if len({var.name}) < {var.cap.length}:")
            self.emit(ctx, f"{var.name}.append({item})", 1)
        elif var.ty == DICT and not ctx.frozen:
            ctx.fn.mutates = True
            self.emit(ctx, f"{var.name}[{key_literal(self.ch)}] = "
                      f"{self.fit(INT, ctx, 1, Abs(bits=40)).text}")
        else:
            self.declare_global(ctx, var)
            self.emit(ctx, f"{var.name} = {self.fit(var.ty, ctx, 1, var.cap).text}")
        return True

    def s_rmw(self, ctx: Ctx) -> bool:
        """Update one slot two or three times in a row (``xs[0] = xs[0] + k``): each read
        must see the store before it, a container read is no pure function of its operands."""
        found = self.vars_of(ctx, LIST, DICT)
        if not found:
            return False
        var = self.ch.pick(found)
        name = self.read(ctx, var)
        if var.ty == LIST:
            slot = f"{name}[{self.ch.pick(('0', '-1'))}]"
            self.emit(ctx, f"if {name}:")
        else:
            key = key_literal(self.ch)
            slot = f"{name}[{key}]"
            self.emit(ctx, f"if {key} in {name}:")
        cap = Abs(bits=CAPS[var.ty].elem)
        for _ in range(self.ch.between(2, 3)):
            step = clamp(self.leaf(INT, ctx), Abs(bits=20), self.ch)  # a leaf: no calls
            op = self.ch.pick(("+", "-", "^", "*"))
            value = clamp(E(f"({slot} {op} {step.text})", INT, Abs(bits=cap.bits + 21)), cap,
                          self.ch)
            self.emit(ctx, f"{slot} = {value.text}", 1)
        return True

    def s_displays(self, ctx: Ctx) -> Ctx | bool:
        """Two new locals from equal displays, then one of them changes: each display builds
        a new object, so the other must not (identity and aliasing are observable)."""
        ty = LIST if ctx.frozen or self.ch.draw(2) else DICT
        text = literal(ty, self.ch, self.p.huge_int, self.p.special_float).text
        first, second = (Var(self.fresh("v"), ty, CAPS[ty], ctx.fn) for _ in range(2))
        self.emit(ctx, f"{first.name} = {text}")
        self.emit(ctx, f"{second.name} = {text}")
        after = ctx.with_vars(first, second)
        changed = self.ch.pick((first, second))
        if ty == LIST:
            self.mutate_list(after, changed.name, LIST)
        else:
            self.mutate_dict(after, changed.name, True)
        return after

    def s_patch(self, ctx: Ctx) -> Ctx | bool:
        """Swap a module function's ``__code__`` with its twin's, as a monkeypatch would:
        callers compiled with the function inlined must notice (their guard fails)."""
        found = [f for f in self.functions if f.twin is not None and f is not ctx.fn]
        if not found:
            return False
        f = self.ch.pick(found)
        assert f.twin is not None
        a, b = f"{f.name}.__code__", f"{f.twin.name}.__code__"
        self.emit(ctx, f"{a}, {b} = {b}, {a}")
        hidden = f.kind == "helper" and f not in self.callables(ctx)
        if hidden or f.kwonly or not self.affordable(ctx, f.cost + 2) or (ctx.frozen and f.mutates):
            return True
        # Call it at once, with exactly its positional parameters (the call sites the
        # inliner takes): the swapped-in code must run, not the inlined body.
        self.spend(ctx, f.cost + 2)
        ctx.fn.mutates |= f.mutates
        # No walrus in the arguments: clamping a container result may make the call a
        # comprehension's iterable.
        plain = ctx.child(no_walrus=True)
        args = ", ".join(self.fit(p.ty, plain, 1, p.cap).text for p in f.params)
        targets = self.assignable(ctx, f.ret)
        var = self.ch.pick(targets) if targets else Var(self.fresh("v"), f.ret, CAPS[f.ret],
                                                        ctx.fn)
        self.declare_global(ctx, var)
        value = clamp(E(f"{f.name}({args})", f.ret, f.ret_cap), var.cap, self.ch)
        self.emit(ctx, f"{var.name} = {value.text}")
        return ctx if targets else ctx.with_vars(var)

    def s_del(self, ctx: Ctx) -> bool:
        found = [v for v in ctx.scope if v in self.assignable(ctx, v.ty)
                 and v.kind in ("local", "param", "global")]
        if not found:
            return False
        var = self.ch.pick(found)
        self.declare_global(ctx, var)
        self.emit(ctx, f"del {var.name}")
        # Only a literal may rebind it: a call could read the deleted global.
        value = "Box(0)" if var.ty == BOX else literal(
            var.ty, self.ch, self.p.huge_int, self.p.special_float, var.cap.bits or 64).text
        self.emit(ctx, f"{var.name} = {value}")
        return True

    def s_unpack(self, ctx: Ctx) -> bool:
        shape = self.ch.draw(4)
        ints = [v for v in self.assignable(ctx, INT) if v.kind != "global"]
        if shape == 0:
            ty = self.ch.pick((INT, STR, LIST, FLOAT))
            found = [v for v in self.assignable(ctx, ty) if v.kind != "global"]
            if len(found) < 2:
                return False
            a, b = self.ch.pick(found), self.ch.pick(found)
            if a is b or a.cap != b.cap:
                return False
            self.emit(ctx, f"{a.name}, {b.name} = {b.name}, {a.name}")
            return True
        if len(ints) < 2:
            return False
        x, y = self.ch.pick(ints), self.ch.pick(ints)
        if x is y:
            return False
        if shape == 1:
            self.emit(ctx, f"{x.name}, {y.name} = {self.fit(TUPLE, ctx, 1).text}")
            return True
        lists = [v for v in self.assignable(ctx, LIST) if v.kind != "global"]
        if shape == 2 and lists:
            rest = self.ch.pick(lists)
            src = self.fit(LIST, ctx, 1)
            self.emit(ctx, f"{x.name}, *{rest.name} = {src.text} or [0]")
            self.note("stmt.star-unpack")
            return True
        e1, e2 = self.fit(INT, ctx, 1), self.fit(INT, ctx, 1)
        self.emit(ctx, f"[{x.name}, {y.name}] = ({e1.text}, {e2.text})")
        return True

    def s_walrus(self, ctx: Ctx) -> bool:
        targets = [v for v in self.assignable(ctx, INT) if v.kind in ("local", "param")]
        if not targets or ctx.no_walrus:
            return False
        var = self.ch.pick(targets)
        e = self.fit(INT, ctx, 1, var.cap)
        op = self.ch.pick((">", "<", "==", "!="))
        self.emit(ctx, f"if ({var.name} := {e.text}) {op} {self.ch.between(-3, 50)}:")
        self.sub_block(ctx)
        return True

    def s_attr(self, ctx: Ctx) -> bool:
        boxes = self.vars_of(ctx, BOX)
        if not boxes:
            return False
        name = self.read(ctx, self.ch.pick(boxes))
        shape = self.ch.draw(3)
        if shape == 0:
            self.emit(ctx, f"{name}.val = {self.fit(INT, ctx, 1).text}")
        elif shape == 1:
            self.aug_int(ctx, f"{name}.val", Abs(bits=64))
        else:
            self.emit(ctx, f"{name}.tag = {self.fit(INT, ctx, 1).text}")
            targets = self.assignable(ctx, INT)
            if targets:
                var = self.ch.pick(targets)
                self.declare_global(ctx, var)
                self.emit(ctx, f"{var.name} = {name}.tag if hasattr({name}, 'tag') else 0")
            self.emit(ctx, f"del {name}.tag")
            self.note("stmt.attr-del")
        return True

    # --- imports ---------------------------------------------------------------------------
    def s_import(self, ctx: Ctx) -> bool:
        targets = self.assignable(ctx, INT)
        if not targets or ctx.nesting > 0:
            return False
        var = self.ch.pick(targets)
        self.declare_global(ctx, var)
        a, b = self.fit(INT, ctx, 1), self.fit(INT, ctx, 1)
        # Always under a fresh alias: a plain ``import math`` would make ``math`` a local of
        # the whole function, unbound where earlier code reads the module global.
        if self.ch.draw(2):
            alias = self.fresh("mod")
            self.emit(ctx, f"import math as {alias}")
            self.emit(ctx, f"{var.name} = {alias}.gcd({a.text}, {b.text})")
        else:
            alias = self.fresh("isqrt")
            self.emit(ctx, f"from math import isqrt as {alias}")
            self.emit(ctx, f"{var.name} = {alias}(abs({a.text}))")
        return True
