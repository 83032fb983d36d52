"""Expression forms of the sized and object types: str, bytes, lists, dicts, sets, tuples, Box.

Same contract as exprs.py: each ``<type>_<form>`` returns a values.E or None.  Length bounds
are tracked for everything sized (``bounded`` cuts an intermediate that could grow past
``STR_LIMIT``/``SEQ_LIMIT``); comprehensions multiply the running cost by their length.
"""

from __future__ import annotations

from harness.generate.exprs import POW2, SEQ_LIMIT, STR_LIMIT, ExprCore, _bits
from harness.generate.scope import Ctx, Var
from harness.generate.values import (
    BOOL,
    BOX,
    BYTES,
    CAPS,
    DICT,
    FLOAT,
    INT,
    KEY_POOL,
    LIST,
    SET,
    SLIST,
    STR,
    TUPLE,
    Abs,
    E,
    key_literal,
    literal,
)

__all__ = ["ExprGen"]


class ExprGen(ExprCore):
    """All expression forms (the core's ints, bools, floats and calls, plus these)."""

    # --- strs ------------------------------------------------------------------------------
    def str_lit(self, ctx: Ctx, d: int) -> E:
        return literal(STR, self.ch)

    def str_var(self, ctx: Ctx, d: int) -> E | None:
        return self.var_form(ctx, STR)

    def bounded(self, e: E, limit: int = STR_LIMIT) -> E:
        if e.abs.length <= limit:
            return e
        return E(f"({e.text})[:{limit}]", e.ty, Abs(length=limit, elem=e.abs.elem,
                                                     nonneg=e.abs.nonneg))

    def str_concat(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(STR, ctx, d), self.expr(STR, ctx, d)
        return self.bounded(E(f"({a.text} + {b.text})", STR,
                              Abs(length=a.abs.length + b.abs.length)))

    def str_repeat(self, ctx: Ctx, d: int) -> E:
        s = self.bounded(self.expr(STR, ctx, d), 60)
        if self.ch.draw(2):
            k = self.ch.between(-1, 4)
            return E(f"({s.text} * {k})", STR, Abs(length=s.abs.length * max(k, 0)))
        e = self.expr(INT, ctx, d)
        return E(f"({s.text} * ({e.text} % 4))", STR, Abs(length=s.abs.length * 3))

    def str_slice(self, ctx: Ctx, d: int) -> E:
        s = self.expr(STR, ctx, d)
        return E(f"{s.text}[{self.slice_text(ctx, d)}]", STR, s.abs)

    def slice_text(self, ctx: Ctx, d: int) -> str:
        """Slice bounds: any ints work (big or negative); a zero step is the one error."""
        shape = self.ch.draw(5)
        if shape == 0:
            return self.ch.pick(("::-1", "1:", ":-1", "::2", "1::3", ":3"))
        a = self.expr(INT, ctx, d + 1)
        if shape == 1:
            return f"{a.text}:"
        if shape == 2:
            return f":{a.text}"
        b = self.expr(INT, ctx, d + 1)
        if shape == 3:
            return f"{a.text}:{b.text}"
        step = self.ch.pick(("-1", "2", "-2", "3"))
        return f"{a.text}:{b.text}:{step}"

    def str_method(self, ctx: Ctx, d: int) -> E:
        s = self.expr(STR, ctx, d)
        shape = self.ch.draw(4)
        if shape == 0:
            meth = self.ch.pick(("upper", "lower", "strip", "title", "swapcase", "lstrip",
                                 "capitalize", "casefold"))
            return E(f"{s.text}.{meth}()", STR, Abs(length=s.abs.length * 3))  # ß -> SS...
        if shape == 1:
            old, new = key_literal(self.ch), self.ch.pick(("''", "'xy'", "'-'", "'Q'"))
            return self.bounded(E(f"{s.text}.replace({old}, {new})", STR,
                                  Abs(length=s.abs.length * 2)))
        if shape == 2:
            width = self.ch.between(0, 12)
            meth = self.ch.pick(("zfill", "rjust", "ljust", "center"))
            return E(f"{s.text}.{meth}({width})", STR, Abs(length=max(s.abs.length, width)))
        chars = self.ch.pick(("' '", "'a'", "'ab'"))
        return E(f"{s.text}.strip({chars})", STR, s.abs)

    def str_convert(self, ctx: Ctx, d: int) -> E:
        ty = self.ch.pick((INT, INT, FLOAT, BOOL, TUPLE, BOX))
        e = self.expr(ty, ctx, d)
        fn = self.ch.pick(("str", "repr"))
        length = e.abs.bits * 31 // 100 + 3 if ty == INT else 60 if ty in (TUPLE, BOX) else 26
        return E(f"{fn}({e.text})", STR, Abs(length=length))

    def str_fstring(self, ctx: Ctx, d: int) -> E:
        parts: list[str] = []
        length = 0
        for _ in range(self.ch.between(1, 3)):
            parts.append(self.ch.pick(("", "-", " = ", "|", "x")))
            length += 3
            found = self.vars_of(ctx, INT, FLOAT, STR, BOOL)
            if not found:
                continue
            var = self.ch.pick(found)
            spec = self.fstring_spec(var.ty)
            parts.append("{" + self.read(ctx, var) + spec + "}")
            length += (var.cap.bits * 31 // 100 + 3 if var.ty == INT else
                       var.cap.length + 12 if var.ty == STR else 26)
        text = "".join(parts).replace("'", "")
        return E(f"f'{text}'", STR, Abs(length=length))

    def fstring_spec(self, ty: str) -> str:
        if ty == INT:
            return self.ch.pick(("", "!r", ":x", ":>8", ":08d", ":,", ":+"))
        if ty == FLOAT:
            return self.ch.pick(("", "!r", ":.3g", ":.2e", ":>12.4g", ":g"))
        if ty == STR:
            return self.ch.pick(("", "!r", ":>10", ":^7", ":.3", "!a"))
        return self.ch.pick(("", "!r", ":>6"))

    def str_join(self, ctx: Ctx, d: int) -> E:
        sep = self.ch.pick(("''", "'-'", "', '", "'|'"))
        if self.ch.draw(2):
            sl = self.expr(SLIST, ctx, d)
            return self.bounded(E(f"{sep}.join({sl.text})", STR,
                                  Abs(length=sl.abs.length * (sl.abs.elem + 2))))
        src = self.expr(LIST, ctx, d)
        var = Var(self.fresh("c"), INT, Abs(bits=src.abs.elem), ctx.fn, readonly=True)
        return self.bounded(E(f"{sep}.join(str({var.name}) for {var.name} in {src.text})",
                              STR, Abs(length=src.abs.length * (src.abs.elem // 3 + 4))))

    def str_char(self, ctx: Ctx, d: int) -> E:
        e = self.expr(INT, ctx, d)
        if self.ch.draw(2):
            return E(f"chr(97 + {e.text} % 26)", STR, Abs(length=1))
        return E(f"{KEY_POOL!r}[{e.text} % {len(KEY_POOL)}]", STR, Abs(length=1))

    def str_percent(self, ctx: Ctx, d: int) -> E:
        i, s = self.expr(INT, ctx, d), self.expr(STR, ctx, d)
        fmt = self.ch.pick(("'%d:%s'", "'%s/%r'", "'%x-%s'", "'%5d|%-4s|'"))
        if "%s/" in fmt:
            i = E(f"str({i.text})", STR, Abs(length=i.abs.bits // 3 + 3))
        length = i.abs.bits // 3 + s.abs.length * 2 + 20
        return self.bounded(E(f"({fmt} % ({i.text}, {s.text}))", STR, Abs(length=length)))

    def str_format(self, ctx: Ctx, d: int) -> E:
        a, f = self.expr(INT, ctx, d), self.expr(FLOAT, ctx, d)
        return E(f"'{{}}<{{:.3g}}>'.format({a.text}, {f.text})", STR,
                 Abs(length=a.abs.bits // 3 + 30))

    def str_call(self, ctx: Ctx, d: int) -> E | None:
        return self.call(ctx, d, STR)

    def str_ifexp(self, ctx: Ctx, d: int) -> E:
        c, a, b = self.expr(BOOL, ctx, d), self.expr(STR, ctx, d), self.expr(STR, ctx, d)
        return E(f"({a.text} if {c.text} else {b.text})", STR,
                 Abs(length=max(a.abs.length, b.abs.length)))

    def str_index(self, ctx: Ctx, d: int) -> E:
        s, i = self.expr(STR, ctx, d), self.expr(INT, ctx, d)
        if self.risky(ctx, "IndexError"):
            self.note("risk.index")
            return E(f"{s.text}[{i.text}]", STR, Abs(length=1))
        return E(f"({s.text}[{i.text} % len({s.text})] if {s.text} else '')", STR,
                 Abs(length=1))

    def str_typename(self, ctx: Ctx, d: int) -> E:
        e = self.expr(self.ch.pick((INT, FLOAT, LIST, BOX, BOOL)), ctx, d)
        return E(f"type({e.text}).__name__", STR, Abs(length=8))

    # --- bytes -----------------------------------------------------------------------------
    def bytes_lit(self, ctx: Ctx, d: int) -> E:
        return literal(BYTES, self.ch)

    def bytes_var(self, ctx: Ctx, d: int) -> E | None:
        return self.var_form(ctx, BYTES)

    def bytes_concat(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(BYTES, ctx, d), self.expr(BYTES, ctx, d)
        if self.ch.draw(3) == 0:
            a = self.bounded(a, 40)
            k = self.ch.between(0, 3)
            return E(f"({a.text} * {k})", BYTES, Abs(length=a.abs.length * k))
        return self.bounded(E(f"({a.text} + {b.text})", BYTES,
                              Abs(length=a.abs.length + b.abs.length)))

    def bytes_slice(self, ctx: Ctx, d: int) -> E:
        b = self.expr(BYTES, ctx, d)
        return E(f"{b.text}[{self.slice_text(ctx, d)}]", BYTES, b.abs)

    def bytes_encode(self, ctx: Ctx, d: int) -> E:
        s = self.expr(STR, ctx, d)
        return self.bounded(E(f"{s.text}.encode()", BYTES, Abs(length=s.abs.length * 4)))

    def bytes_build(self, ctx: Ctx, d: int) -> E:
        if self.ch.draw(2):
            lst = self.expr(LIST, ctx, d)
            return E(f"bytes([v & 255 for v in {lst.text}])", BYTES, Abs(length=lst.abs.length))
        k = self.ch.between(0, 12)
        return E(f"bytes(range({k}))", BYTES, Abs(length=k))

    def bytes_method(self, ctx: Ctx, d: int) -> E:
        b = self.expr(BYTES, ctx, d)
        shape = self.ch.draw(3)
        if shape == 0:
            return E(f"{b.text}.{self.ch.pick(('upper', 'lower', 'strip'))}()", BYTES, b.abs)
        if shape == 1:
            return E(f"bytes(reversed({b.text}))", BYTES, b.abs)
        return self.bounded(E(f"{b.text}.replace(b'a', b'xy')", BYTES,
                              Abs(length=b.abs.length * 2)))

    def bytes_call(self, ctx: Ctx, d: int) -> E | None:
        return self.call(ctx, d, BYTES)

    # --- lists of ints ---------------------------------------------------------------------
    def list_lit(self, ctx: Ctx, d: int) -> E:
        if self.ch.draw(2):
            return literal(LIST, self.ch, self.p.huge_int)
        items = [self.expr(INT, ctx, d) for _ in range(self.ch.between(0, 4))]
        bits = max((e.abs.bits for e in items), default=1)
        return E("[" + ", ".join(e.text for e in items) + "]", LIST,
                 Abs(length=len(items), elem=bits))

    def list_var(self, ctx: Ctx, d: int) -> E | None:
        return self.var_form(ctx, LIST)

    def seq_bounded(self, e: E) -> E:
        return self.bounded(e, SEQ_LIMIT)

    def list_concat(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(LIST, ctx, d), self.expr(LIST, ctx, d)
        return self.seq_bounded(E(f"({a.text} + {b.text})", LIST,
                                  Abs(length=a.abs.length + b.abs.length,
                                      elem=max(a.abs.elem, b.abs.elem))))

    def list_repeat(self, ctx: Ctx, d: int) -> E:
        a = self.bounded(self.expr(LIST, ctx, d), 40)
        k = self.ch.between(0, 3)
        return E(f"({a.text} * {k})", LIST, Abs(length=a.abs.length * k, elem=a.abs.elem))

    def list_slice(self, ctx: Ctx, d: int) -> E:
        a = self.expr(LIST, ctx, d)
        return E(f"{a.text}[{self.slice_text(ctx, d)}]", LIST, a.abs)

    def list_sorted(self, ctx: Ctx, d: int) -> E:
        a = self.expr(LIST, ctx, d)
        shape = self.ch.draw(4)
        if shape == 0:
            return E(f"sorted({a.text})", LIST, a.abs)
        if shape == 1:
            return E(f"sorted({a.text}, reverse=True)", LIST, a.abs)
        if shape == 2:
            key = self.ch.pick(("lambda v: (v % 3, v)", "lambda v: -v", "abs",
                                "lambda v: str(v)"))
            return E(f"sorted({a.text}, key={key})", LIST, a.abs)
        return E(f"list(reversed({a.text}))", LIST, a.abs)

    def list_comp(self, ctx: Ctx, d: int) -> E:
        shape = self.ch.draw(5)
        if shape == 3:  # two generators: the length multiplies
            a, b = self.bounded(self.expr(LIST, ctx, d), 8), self.bounded(self.expr(LIST, ctx,
                                                                                     d), 8)
            x = Var(self.fresh("c"), INT, Abs(bits=a.abs.elem), ctx.fn, readonly=True)
            y = Var(self.fresh("c"), INT, Abs(bits=b.abs.elem), ctx.fn, readonly=True)
            inner = ctx.child(mult=ctx.mult * 64, in_comp=True, no_walrus=True).with_vars(x, y)
            elem = self.expr(INT, inner, d + 1)
            return E(f"[{elem.text} for {x.name} in {a.text} for {y.name} in {b.text}]", LIST,
                     Abs(length=a.abs.length * b.abs.length, elem=elem.abs.bits))
        if shape == 4:
            src, ty = self.bounded(self.expr(STR, ctx.child(no_walrus=True), d), 48), STR
            var = Var(self.fresh("c"), STR, Abs(length=1), ctx.fn, readonly=True)
        else:
            src, ty = self.expr(LIST, ctx, d), LIST
            var = Var(self.fresh("c"), INT, Abs(bits=src.abs.elem), ctx.fn, readonly=True)
        inner = ctx.child(mult=ctx.mult * max(1, src.abs.length), in_comp=True).with_vars(var)
        elem = self.expr(INT, inner, d + 1)
        cond = f" if {self.expr(BOOL, inner, d + 1).text}" if self.ch.draw(2) else ""
        length = src.abs.length
        if ty == LIST and self.ch.draw(4) == 0:
            idx = Var(self.fresh("c"), INT, Abs(bits=_bits(length), nonneg=True), ctx.fn,
                      readonly=True)
            inner = inner.with_vars(idx)
            elem = self.expr(INT, inner, d + 1)
            return E(f"[{elem.text} for {idx.name}, {var.name} in enumerate({src.text})]",
                     LIST, Abs(length=length, elem=elem.abs.bits))
        return E(f"[{elem.text} for {var.name} in {src.text}{cond}]", LIST,
                 Abs(length=length, elem=elem.abs.bits))

    def list_range(self, ctx: Ctx, d: int) -> E:
        shape = self.ch.draw(4)
        if shape == 0:
            k = self.ch.between(0, 12)
            return E(f"list(range({k}))", LIST, Abs(length=k, elem=_bits(k), nonneg=True))
        e = self.expr(INT, ctx, d)
        if shape == 1:
            return E(f"list(range({e.text} % 10))", LIST, Abs(length=10, elem=4))
        if shape == 2:
            return E(f"list(range({e.text} % 7, 12, {self.ch.pick((1, 2, 3))}))", LIST,
                     Abs(length=12, elem=4))
        return E(f"list(range(8, {e.text} % 9 - 4, -{self.ch.pick((1, 2))}))", LIST,
                 Abs(length=13, elem=4))

    def list_map(self, ctx: Ctx, d: int) -> E:
        a = self.expr(LIST, ctx, d)
        shape = self.ch.draw(3)
        if shape == 0:
            k = self.small()
            return E(f"list(map(lambda v: v * {k} + 1, {a.text}))", LIST,
                     Abs(length=a.abs.length, elem=a.abs.elem + 8))
        if shape == 1:
            return E(f"list(filter(lambda v: v % {self.small() + 1}, {a.text}))", LIST, a.abs)
        b = self.expr(LIST, ctx, d)
        return E(f"[x * y for x, y in zip({a.text}, {b.text})]", LIST,
                 Abs(length=min(a.abs.length, b.abs.length), elem=a.abs.elem + b.abs.elem))

    def list_gen(self, ctx: Ctx, d: int) -> E | None:
        g = self.pick_callee(ctx, "generator", INT)
        if g is None:
            return None
        call = self.call_text(g, ctx.child(no_walrus=True), d)
        if self.ch.draw(2):
            return E(f"list({call})", LIST, Abs(length=g.yields, elem=g.ret_cap.bits))
        var = Var(self.fresh("c"), INT, g.ret_cap, ctx.fn, readonly=True)
        inner = ctx.child(mult=ctx.mult * max(1, g.yields), in_comp=True,
                          frozen=True).with_vars(var)
        elem = self.expr(INT, inner, d + 1)
        return E(f"[{elem.text} for {var.name} in {call}]", LIST,
                 Abs(length=g.yields, elem=elem.abs.bits))

    def list_convert(self, ctx: Ctx, d: int) -> E:
        shape = self.ch.draw(5)
        if shape == 0:
            s = self.expr(SET, ctx, d)
            return E(f"sorted({s.text})", LIST, Abs(length=s.abs.length, elem=5))
        if shape == 1:
            dct = self.expr(DICT, ctx, d)
            return E(f"list({dct.text}.values())", LIST,
                     Abs(length=dct.abs.length, elem=dct.abs.elem))
        if shape == 2:
            t = self.expr(TUPLE, ctx, d)
            return E(f"list({t.text})", LIST, Abs(length=2, elem=t.abs.elem))
        if shape == 3:
            b = self.expr(BYTES, ctx, d)
            return E(f"list({b.text})", LIST, Abs(length=b.abs.length, elem=8))
        s = self.bounded(self.expr(STR, ctx.child(no_walrus=True), d), 48)
        return E(f"[ord(ch) for ch in {s.text}]", LIST, Abs(length=s.abs.length, elem=21))

    def list_star(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(LIST, ctx, d), self.expr(INT, ctx, d)
        if self.ch.draw(2):
            c = self.expr(LIST, ctx, d)
            return self.seq_bounded(E(f"[*{a.text}, {b.text}, *{c.text}]", LIST,
                                      Abs(length=a.abs.length + c.abs.length + 1,
                                          elem=max(a.abs.elem, b.abs.bits, c.abs.elem))))
        return E(f"[{b.text}, *{a.text}]", LIST, Abs(length=a.abs.length + 1,
                                                    elem=max(a.abs.elem, b.abs.bits)))

    def list_call(self, ctx: Ctx, d: int) -> E | None:
        return self.call(ctx, d, LIST)

    def list_ifexp(self, ctx: Ctx, d: int) -> E:
        c, a, b = self.expr(BOOL, ctx, d), self.expr(LIST, ctx, d), self.expr(LIST, ctx, d)
        return E(f"({a.text} if {c.text} else {b.text})", LIST,
                 Abs(length=max(a.abs.length, b.abs.length), elem=max(a.abs.elem, b.abs.elem)))

    # --- lists of strs ---------------------------------------------------------------------
    def slist_lit(self, ctx: Ctx, d: int) -> E:
        return literal(SLIST, self.ch)

    def slist_var(self, ctx: Ctx, d: int) -> E | None:
        return self.var_form(ctx, SLIST)

    def slist_split(self, ctx: Ctx, d: int) -> E:
        s = self.bounded(self.expr(STR, ctx, d), 60)
        sep = self.ch.pick(("", "','", "' '", "'a'"))
        return E(f"{s.text}.split({sep})", SLIST, Abs(length=s.abs.length + 1,
                                                      elem=s.abs.length))

    def slist_keys(self, ctx: Ctx, d: int) -> E:
        dct = self.expr(DICT, ctx, d)
        form = self.ch.pick(("list({0})", "sorted({0})", "list({0}.keys())",
                             "sorted({0}, key={0}.get)"))
        return E(form.format(dct.text), SLIST, Abs(length=dct.abs.length, elem=1))

    def slist_comp(self, ctx: Ctx, d: int) -> E:
        if self.ch.draw(2):
            src = self.expr(LIST, ctx, d)
            var = Var(self.fresh("c"), INT, Abs(bits=src.abs.elem), ctx.fn, readonly=True)
            inner = ctx.child(mult=ctx.mult * max(1, src.abs.length), in_comp=True)
            elem = self.expr(STR, inner.with_vars(var), d + 1)
            return E(f"[{elem.text} for {var.name} in {src.text}]", SLIST,
                     Abs(length=src.abs.length, elem=elem.abs.length))
        src = self.expr(SLIST, ctx, d)
        var = Var(self.fresh("c"), STR, Abs(length=src.abs.elem), ctx.fn, readonly=True)
        inner = ctx.child(mult=ctx.mult * max(1, src.abs.length), in_comp=True).with_vars(var)
        cond = self.expr(BOOL, inner, d + 1)
        meth = self.ch.pick(("upper", "strip", "title"))
        return E(f"[{var.name}.{meth}() for {var.name} in {src.text} if {cond.text}]", SLIST,
                 Abs(length=src.abs.length, elem=src.abs.elem * 3))

    def slist_sorted(self, ctx: Ctx, d: int) -> E:
        sl = self.expr(SLIST, ctx, d)
        key = self.ch.pick(("", ", key=len", ", reverse=True", ", key=str.lower"))
        return E(f"sorted({sl.text}{key})", SLIST, sl.abs)

    def slist_concat(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(SLIST, ctx, d), self.expr(SLIST, ctx, d)
        return self.seq_bounded(E(f"({a.text} + {b.text})", SLIST,
                                  Abs(length=a.abs.length + b.abs.length,
                                      elem=max(a.abs.elem, b.abs.elem))))

    def slist_call(self, ctx: Ctx, d: int) -> E | None:
        return self.call(ctx, d, SLIST)

    # --- dicts (str keys from KEY_POOL -> int) ---------------------------------------------
    def dict_lit(self, ctx: Ctx, d: int) -> E:
        if self.ch.draw(2):
            return literal(DICT, self.ch, self.p.huge_int)
        keys = list(dict.fromkeys(key_literal(self.ch) for _ in range(self.ch.between(0, 4))))
        values = [self.expr(INT, ctx, d) for _ in keys]
        bits = max((v.abs.bits for v in values), default=1)
        body = ", ".join(f"{k}: {v.text}" for k, v in zip(keys, values, strict=True))
        return E("{" + body + "}", DICT, Abs(length=len(keys), elem=bits))

    def dict_var(self, ctx: Ctx, d: int) -> E | None:
        return self.var_form(ctx, DICT)

    def dict_merge(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(DICT, ctx, d), self.expr(DICT, ctx, d)
        bits = max(a.abs.elem, b.abs.elem)
        size = Abs(length=min(10, a.abs.length + b.abs.length + 1), elem=bits)
        if self.ch.draw(2):
            return E(f"({a.text} | {b.text})", DICT, size)
        v = self.expr(INT, ctx, d)
        return E(f"{{**{a.text}, {key_literal(self.ch)}: {v.text}}}", DICT,
                 Abs(length=size.length, elem=max(bits, v.abs.bits)))

    def dict_comp(self, ctx: Ctx, d: int) -> E:
        src = self.expr(DICT, ctx, d)
        k = Var(self.fresh("c"), STR, Abs(length=1), ctx.fn, readonly=True)
        v = Var(self.fresh("c"), INT, Abs(bits=src.abs.elem), ctx.fn, readonly=True)
        inner = ctx.child(mult=ctx.mult * 10, in_comp=True, frozen=True).with_vars(k, v)
        elem = self.expr(INT, inner, d + 1)
        cond = f" if {self.expr(BOOL, inner, d + 1).text}" if self.ch.draw(2) else ""
        return E(f"{{{k.name}: {elem.text} for {k.name}, {v.name} in {src.text}.items()"
                 f"{cond}}}", DICT, Abs(length=src.abs.length, elem=elem.abs.bits))

    def dict_zip(self, ctx: Ctx, d: int) -> E:
        lst = self.expr(LIST, ctx, d)
        keys = "".join(self.ch.pick(KEY_POOL) for _ in range(self.ch.between(1, 6)))
        if self.ch.draw(2):
            return E(f"dict(zip({keys!r}, {lst.text}))", DICT,
                     Abs(length=len(set(keys)), elem=lst.abs.elem))
        k = Var(self.fresh("c"), STR, Abs(length=1), ctx.fn, readonly=True)
        v = Var(self.fresh("c"), INT, Abs(bits=lst.abs.elem), ctx.fn, readonly=True)
        inner = ctx.child(mult=ctx.mult * 6, in_comp=True).with_vars(k, v)
        elem = self.expr(INT, inner, d + 1)
        return E(f"{{{k.name}: {elem.text} for {k.name}, {v.name} in zip({keys!r}, "
                 f"{lst.text})}}", DICT, Abs(length=len(set(keys)), elem=elem.abs.bits))

    def dict_copy(self, ctx: Ctx, d: int) -> E:
        a = self.expr(DICT, ctx, d)
        return E(self.ch.pick(("dict({0})", "{0}.copy()", "dict(sorted({0}.items()))"))
                 .format(a.text), DICT, a.abs)

    def dict_fromkeys(self, ctx: Ctx, d: int) -> E:
        v = self.expr(INT, ctx, d)
        keys = "".join(sorted(set(self.ch.pick(KEY_POOL) for _ in range(3))))
        return E(f"dict.fromkeys({keys!r}, {v.text})", DICT,
                 Abs(length=len(keys), elem=v.abs.bits))

    def dict_call(self, ctx: Ctx, d: int) -> E | None:
        return self.call(ctx, d, DICT)

    # --- sets of small ints ----------------------------------------------------------------
    def set_lit(self, ctx: Ctx, d: int) -> E:
        if self.ch.draw(2):
            return literal(SET, self.ch)
        items = [self.expr(INT, ctx, d) for _ in range(self.ch.between(1, 3))]
        body = ", ".join(f"{e.text} % 32" for e in items)
        return E("{" + body + "}", SET, Abs(length=len(items), elem=5, nonneg=True))

    def set_var(self, ctx: Ctx, d: int) -> E | None:
        return self.var_form(ctx, SET)

    def set_setop(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(SET, ctx, d), self.expr(SET, ctx, d)
        return E(f"({a.text} {self.ch.pick(('|', '&', '-', '^'))} {b.text})", SET,
                 Abs(length=32, elem=5, nonneg=True))

    def set_comp(self, ctx: Ctx, d: int) -> E:
        src = self.expr(LIST, ctx, d)
        var = Var(self.fresh("c"), INT, Abs(bits=src.abs.elem), ctx.fn, readonly=True)
        inner = ctx.child(mult=ctx.mult * max(1, src.abs.length), in_comp=True).with_vars(var)
        elem = self.expr(INT, inner, d + 1)
        return E(f"{{{elem.text} % 32 for {var.name} in {src.text}}}", SET,
                 Abs(length=min(32, src.abs.length), elem=5, nonneg=True))

    def set_range(self, ctx: Ctx, d: int) -> E:
        k = self.ch.between(0, 31)
        return E(f"set(range({k}, 32, {self.ch.between(1, 5)}))", SET,
                 Abs(length=32, elem=5, nonneg=True))

    def set_method(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(SET, ctx, d), self.expr(SET, ctx, d)
        meth = self.ch.pick(("union", "intersection", "difference", "symmetric_difference"))
        return E(f"{a.text}.{meth}({b.text})", SET, Abs(length=32, elem=5, nonneg=True))

    def set_call(self, ctx: Ctx, d: int) -> E | None:
        return self.call(ctx, d, SET)

    # --- tuples (int, int) -----------------------------------------------------------------
    def tuple_lit(self, ctx: Ctx, d: int) -> E:
        return literal(TUPLE, self.ch, self.p.huge_int)

    def tuple_var(self, ctx: Ctx, d: int) -> E | None:
        return self.var_form(ctx, TUPLE)

    def tuple_pair(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(INT, ctx, d), self.expr(INT, ctx, d)
        return E(f"({a.text}, {b.text})", TUPLE, Abs(elem=max(a.abs.bits, b.abs.bits)))

    def tuple_divmod(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(INT, ctx, d), self.divisor(ctx, d)
        return E(f"divmod({a.text}, {b.text})", TUPLE, Abs(elem=max(a.abs.bits, b.abs.bits)))

    def tuple_swap(self, ctx: Ctx, d: int) -> E:
        t = self.expr(TUPLE, ctx, d)
        return E(self.ch.pick(("({0}[1], {0}[0])", "{0}[::-1]", "tuple(sorted({0}))"))
                 .format(t.text), TUPLE, t.abs)

    def tuple_sorted(self, ctx: Ctx, d: int) -> E:
        a, b = self.expr(TUPLE, ctx, d), self.expr(TUPLE, ctx, d)
        return E(f"{self.ch.pick(('min', 'max'))}({a.text}, {b.text})", TUPLE,
                 Abs(elem=max(a.abs.elem, b.abs.elem)))

    def tuple_call(self, ctx: Ctx, d: int) -> E | None:
        return self.call(ctx, d, TUPLE)

    def tuple_ifexp(self, ctx: Ctx, d: int) -> E:
        lst = self.expr(LIST, ctx, d)
        return E(f"(({lst.text}[0], {lst.text}[-1]) if {lst.text} else (0, 0))", TUPLE,
                 Abs(elem=lst.abs.elem))

    # --- Box objects (operator overloading) ------------------------------------------------
    def box_new(self, ctx: Ctx, d: int) -> E:
        value = self.fit(INT, ctx, d).text
        shape = self.ch.draw(4)
        if shape == 2:  # the subclass: super().__init__, a classmethod
            return E(f"Tagged({value}, {self.ch.between(0, 9)})", BOX, CAPS[BOX])
        if shape == 3:
            return E(f"Tagged.make({value})", BOX, CAPS[BOX])
        return E(f"Box({value})", BOX, CAPS[BOX])

    def box_var(self, ctx: Ctx, d: int) -> E | None:
        return self.var_form(ctx, BOX)

    def box_add(self, ctx: Ctx, d: int) -> E:
        a = self.expr(BOX, ctx, d)
        self.spend(ctx, 8)
        if self.ch.draw(2):
            b = self.expr(BOX, ctx, d)
            return E(f"({a.text} + {b.text})", BOX, CAPS[BOX])
        i = self.fit(INT, ctx, d)
        return E(f"({i.text} + {a.text})" if self.ch.draw(2) else f"({a.text} + {i.text})",
                 BOX, CAPS[BOX])

    def box_op(self, ctx: Ctx, d: int) -> E:
        a = self.expr(BOX, ctx, d)
        self.spend(ctx, 8)
        shape = self.ch.draw(3)
        if shape == 0:
            return E(f"(-{a.text})", BOX, CAPS[BOX])
        if shape == 1:
            return E(f"({a.text} * {self.fit(INT, ctx, d).text})", BOX, CAPS[BOX])
        return E(f"({a.text} - {self.expr(BOX, ctx, d).text})", BOX, CAPS[BOX])

    def box_peep(self, ctx: Ctx, d: int) -> E:
        """Box operands in the shapes int-only rewrites match: ``b // 4`` and ``b % 8`` (no
        ``>>``/``&`` on a Box), ``b ** 2`` (``__pow__`` is not ``b * b``), ``b + 0``, ``b * 1``
        (a new, normalised Box, not ``b``)."""
        a = self.expr(BOX, ctx, d)
        self.spend(ctx, 8)
        shape = self.ch.draw(3)
        if shape == 0:
            op = self.ch.pick(("//", "%"))
            return E(f"({a.text} {op} {self.ch.pick((*POW2, 3))})", BOX, CAPS[BOX])
        if shape == 1:
            return E(f"({a.text} ** {self.ch.pick((2, 2, 3))})", BOX, CAPS[BOX])
        form = self.ch.pick(("({0} + 0)", "(0 + {0})", "({0} * 1)"))
        return E(form.format(a.text), BOX, CAPS[BOX])

    def box_method(self, ctx: Ctx, d: int) -> E | None:
        methods = [m for m in self.methods if m.ret == BOX and self.affordable(ctx, m.cost)
                   and not (ctx.frozen and m.mutates)]
        if not methods:
            return None
        m = self.ch.pick(methods)
        a = self.expr(BOX, ctx, d)
        self.spend(ctx, m.cost + 2)
        ctx.fn.mutates |= m.mutates
        return E(f"{a.text}.{m.name}({self.args_text(m, ctx, d)})", BOX, m.ret_cap)

    def box_minmax(self, ctx: Ctx, d: int) -> E:
        items = [self.expr(BOX, ctx, d) for _ in range(self.ch.between(2, 3))]
        fn = self.ch.pick(("min", "max"))
        if self.ch.draw(2):
            return E(f"sorted([{', '.join(e.text for e in items)}])[0]", BOX, CAPS[BOX])
        return E(f"{fn}({', '.join(e.text for e in items)})", BOX, CAPS[BOX])

    def box_call(self, ctx: Ctx, d: int) -> E | None:
        return self.call(ctx, d, BOX)
