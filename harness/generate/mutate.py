"""AST-level mutation of real code: the generator's robustness mode.

Real code (our corpora, the standard library) has shapes no grammar-driven generator writes;
mutating it keeps those shapes while breaking the assumptions its authors relied on (a
statement from another file, a swapped operand, a deleted guard...).  The result is always
syntactically valid: each mutant goes through ``ast.unparse`` and ``compile``; a mutation
that does not survive that (``break`` moved out of its loop, ``await`` out of its coroutine)
is dropped and another one drawn.  Mutants are not meant to run: they feed the compiler's
front end and, where they happen to run, the differential runner.
"""

from __future__ import annotations

import ast
import copy
import random
import warnings
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

__all__ = ["Mutator", "mutants", "mutate"]

STMT_FIELDS = ("body", "orelse", "finalbody")
BINOPS = (ast.Add, ast.Sub, ast.Mult, ast.FloorDiv, ast.Mod, ast.Pow, ast.LShift, ast.RShift,
          ast.BitAnd, ast.BitOr, ast.BitXor, ast.Div)
CMPOPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Is, ast.IsNot, ast.In,
          ast.NotIn)
MAX_TRIES = 12

StmtSlot = tuple[list[ast.stmt], int]  # a statement list and an index into it
ExprSlot = tuple[ast.AST, str, int | None]  # parent, field, index (None: a single child)


@dataclass(slots=True)
class _Parsed:
    """One corpus file: its text, and its statements and expressions as splice donors."""

    source: str
    stmts: list[ast.stmt] = field(default_factory=list)
    exprs: list[ast.expr] = field(default_factory=list)


def _stmt_lists(nodes: Iterable[ast.AST]) -> list[list[ast.stmt]]:
    lists: list[list[ast.stmt]] = []
    for node in nodes:
        for name in STMT_FIELDS:
            body = getattr(node, name, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                lists.append(body)
    return lists


def _expr_slots(tree: ast.AST) -> list[ExprSlot]:
    """Places holding a loaded expression that any other expression may replace."""
    slots: list[ExprSlot] = []
    skip: set[int] = set()
    for node in ast.walk(tree):
        if id(node) in skip:
            continue
        if isinstance(node, (ast.JoinedStr, ast.pattern)):  # parts must keep their kind
            skip.update(id(n) for n in ast.walk(node) if n is not node)
            if isinstance(node, ast.JoinedStr):
                slots += [(v, "value", None) for v in node.values
                          if isinstance(v, ast.FormattedValue)]
            continue
        for name, value in ast.iter_fields(node):
            if isinstance(value, ast.expr) and _replaceable(value):
                slots.append((node, name, None))
            elif isinstance(value, list):
                slots += [(node, name, i) for i, v in enumerate(value)
                          if isinstance(v, ast.expr) and _replaceable(v)]
    return slots


def _replaceable(node: ast.expr) -> bool:
    ctx = getattr(node, "ctx", None)
    return (ctx is None or isinstance(ctx, ast.Load)) and not isinstance(node, ast.Starred)


class _View:
    """One parsed mutant and its mutation sites, collected once per tree.

    Sites go stale as mutations change the tree; a stale site only edits a detached node,
    which is harmless, so the lists are not recomputed between mutations.
    """

    __slots__ = ("_lists", "_nodes", "_slots", "tree")

    def __init__(self, tree: ast.Module) -> None:
        self.tree = tree
        self._nodes: list[ast.AST] | None = None
        self._lists: list[list[ast.stmt]] | None = None
        self._slots: list[ExprSlot] | None = None

    @property
    def nodes(self) -> list[ast.AST]:
        if self._nodes is None:
            self._nodes = list(ast.walk(self.tree))
        return self._nodes

    @property
    def lists(self) -> list[list[ast.stmt]]:
        if self._lists is None:
            self._lists = _stmt_lists(self.nodes)
        return self._lists

    @property
    def slots(self) -> list[ExprSlot]:
        if self._slots is None:
            self._slots = _expr_slots(self.tree)
        return self._slots


class Mutator:
    """Mutates programs drawn from a fixed corpus; parse the corpus once, mutate many times."""

    def __init__(self, sources: Sequence[str]) -> None:
        self.files: list[_Parsed] = []
        for source in sources:
            try:
                tree = ast.parse(source)
                with warnings.catch_warnings():
                    warnings.simplefilter("ignore")
                    compile(tree, "<corpus>", "exec", dont_inherit=True)
            except (SyntaxError, ValueError, RecursionError):
                continue  # a file that does not compile gives nothing to mutate or splice
            parsed = _Parsed(source)
            for body in _stmt_lists(ast.walk(tree)):
                parsed.stmts.extend(body)
            parsed.exprs = [n for n in ast.walk(tree) if isinstance(n, ast.expr)
                            and _replaceable(n)]
            self.files.append(parsed)
        if not self.files:
            raise ValueError("mutate() needs at least one source that parses")
        self.operators: tuple[Callable[[random.Random, _View], bool], ...] = (
            self.swap_stmts, self.delete_stmt, self.duplicate_stmt, self.splice_stmt,
            self.splice_expr, self.swap_exprs, self.change_operator, self.change_constant,
            self.wrap_stmt,
        )

    def mutate(self, seed: int, count: int | None = None) -> str:
        """A mutant of one corpus file with ``count`` (default 1-4) mutations applied.

        All mutations go into one tree, checked once; an invalid mutant is redrawn whole
        (parsing afresh is cheaper than deep-copying the tree).
        """
        rng = random.Random(seed)
        base = rng.choice(self.files)
        wanted = count if count is not None else rng.randint(1, 4)
        for _ in range(MAX_TRIES):
            view = _View(ast.parse(base.source))
            applied = 0
            for _ in range(4 * wanted):
                if applied == wanted:
                    break
                applied += rng.choice(self.operators)(rng, view)
            text = _valid(view.tree)
            if text is not None:
                return text
        return base.source  # it compiles (checked when the corpus was read)

    # --- statement mutations -------------------------------------------------------------
    def _body(self, rng: random.Random, view: _View) -> list[ast.stmt] | None:
        lists = view.lists
        return rng.choice(lists) if lists else None

    def swap_stmts(self, rng: random.Random, view: _View) -> bool:
        body = self._body(rng, view)
        if body is None or len(body) < 2:
            return False
        i, j = rng.sample(range(len(body)), 2)
        body[i], body[j] = body[j], body[i]
        return True

    def delete_stmt(self, rng: random.Random, view: _View) -> bool:
        body = self._body(rng, view)
        if body is None:
            return False
        i = rng.randrange(len(body))
        if len(body) == 1:
            body[i] = ast.Pass()
        else:
            del body[i]
        return True

    def duplicate_stmt(self, rng: random.Random, view: _View) -> bool:
        body = self._body(rng, view)
        if body is None:
            return False
        i = rng.randrange(len(body))
        body.insert(rng.randrange(len(body) + 1), copy.deepcopy(body[i]))
        return True

    def splice_stmt(self, rng: random.Random, view: _View) -> bool:
        body = self._body(rng, view)
        donor = rng.choice(self.files)
        if body is None or not donor.stmts:
            return False
        stmt = copy.deepcopy(rng.choice(donor.stmts))
        if rng.random() < 0.5:
            body[rng.randrange(len(body))] = stmt
        else:
            body.insert(rng.randrange(len(body) + 1), stmt)
        return True

    def wrap_stmt(self, rng: random.Random, view: _View) -> bool:
        """Put a statement under ``if``/``for``/``try``/``while`` (new scopes for its names)."""
        body = self._body(rng, view)
        if body is None:
            return False
        i = rng.randrange(len(body))
        inner = [body[i]]
        shape = rng.randrange(4)
        if shape == 0:
            new: ast.stmt = ast.If(test=ast.Constant(rng.random() < 0.5), body=inner, orelse=[])
        elif shape == 1:
            new = ast.For(target=ast.Name("_m", ast.Store()),
                          iter=ast.Call(ast.Name("range", ast.Load()), [ast.Constant(2)], []),
                          body=inner, orelse=[], type_comment=None)
        elif shape == 2:
            handler = ast.ExceptHandler(type=ast.Name("Exception", ast.Load()), name=None,
                                        body=[ast.Pass()])
            new = ast.Try(body=inner, handlers=[handler], orelse=[], finalbody=[])
        else:
            new = ast.While(test=ast.Constant(False), body=inner, orelse=[])
        body[i] = new
        return True

    # --- expression mutations ------------------------------------------------------------
    def _slot(self, rng: random.Random, view: _View) -> ExprSlot | None:
        slots = view.slots
        return rng.choice(slots) if slots else None

    def splice_expr(self, rng: random.Random, view: _View) -> bool:
        slot = self._slot(rng, view)
        donor = rng.choice(self.files)
        if slot is None or not donor.exprs:
            return False
        _put(slot, copy.deepcopy(rng.choice(donor.exprs)))
        return True

    def swap_exprs(self, rng: random.Random, view: _View) -> bool:
        slots = view.slots
        if len(slots) < 2:
            return False
        a, b = rng.sample(slots, 2)
        x, y = _get(a), _get(b)
        if x is None or y is None or _contains(x, y) or _contains(y, x):
            return False
        _put(a, y)
        _put(b, x)
        return True

    def change_operator(self, rng: random.Random, view: _View) -> bool:
        nodes = [n for n in view.nodes if isinstance(n, (ast.BinOp, ast.AugAssign,
                                                           ast.Compare, ast.BoolOp))]
        if not nodes:
            return False
        node = rng.choice(nodes)
        if isinstance(node, (ast.BinOp, ast.AugAssign)):
            node.op = rng.choice(BINOPS)()
        elif isinstance(node, ast.Compare):
            node.ops[rng.randrange(len(node.ops))] = rng.choice(CMPOPS)()
        else:
            node.op = ast.Or() if isinstance(node.op, ast.And) else ast.And()
        return True

    def change_constant(self, rng: random.Random, view: _View) -> bool:
        nodes = [n for n in view.nodes if isinstance(n, ast.Constant)
                 and isinstance(n.value, (int, float, str, bool))]
        if not nodes:
            return False
        node = rng.choice(nodes)
        value = node.value
        if isinstance(value, bool):
            node.value = not value
        elif isinstance(value, int):
            node.value = rng.choice((0, -1, value + 1, value - 1, -value, 2**64, value * 2))
        elif isinstance(value, float):
            node.value = rng.choice((0.0, -0.0, value * 2, float("inf"), 1e308, -value))
        elif isinstance(value, str):
            node.value = rng.choice(("", value * 2, value[::-1], "\u00e9", value.upper()))
        return True


def _valid(tree: ast.Module) -> str | None:
    """The tree's source when it unparses and compiles, else None."""
    try:
        text = ast.unparse(tree)  # positions are not needed: the text is compiled afresh
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # SyntaxWarnings of a mutant are fine
            compile(text, "<mutant>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError, TypeError, AttributeError, RecursionError):
        return None  # not valid Python any more
    return text + "\n"


def _get(slot: ExprSlot) -> ast.expr | None:
    parent, name, index = slot
    value = getattr(parent, name)
    result = value if index is None else value[index]
    return result if isinstance(result, ast.expr) else None


def _put(slot: ExprSlot, node: ast.expr) -> None:
    parent, name, index = slot
    if index is None:
        setattr(parent, name, node)
    else:
        getattr(parent, name)[index] = node


def _contains(outer: ast.AST, inner: ast.AST) -> bool:
    return any(n is inner for n in ast.walk(outer))


_CACHE: dict[tuple[str, ...], Mutator] = {}


def mutate(sources: list[str], seed: int) -> str:
    """A syntactically valid mutant of one of ``sources`` (deterministic in ``seed``).

    The parsed corpus is cached, so calling this in a loop over seeds stays cheap.
    """
    key = tuple(sources)
    mutator = _CACHE.get(key)
    if mutator is None:
        if len(_CACHE) > 8:
            _CACHE.clear()
        mutator = _CACHE[key] = Mutator(sources)
    return mutator.mutate(seed)


def mutants(sources: Sequence[str], seed: int = 0) -> Iterator[str]:
    """An endless stream of mutants (seeds ``seed``, ``seed + 1``, ...)."""
    mutator = Mutator(sources)
    while True:
        yield mutator.mutate(seed)
        seed += 1
