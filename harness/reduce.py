"""Test-case reduction and blame.

* ``shrink_choices``: Hypothesis-style shrinking of a generated program's choice sequence
  (delete blocks, zero blocks, lower single values) while the failure persists; every candidate
  is a program the generator itself produced, so it stays well-formed.
* ``reduce_source``: AST-level delta debugging on any program (delete statements, empty bodies
  become ``pass``, drop ``CASES`` entries) while the failure persists.
* ``blame``: which optimized function, and which pass of the pipeline, causes the failure
  (bisection over functions with ``skip=``, then over pipeline prefixes, as LLVM's opt-bisect
  narrows a miscompile to one transformation).  Failures are deduplicated by its signature.

All three take a predicate ``still_fails`` and never assume anything about what "fails" means:
the campaign passes differential execution in the sandbox, tests pass cheaper checks.
"""

from __future__ import annotations

import ast
import time
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

Predicate = Callable[[str], bool]


# --- choice-sequence shrinking --------------------------------------------------------------------
def shrink_choices(choices: Sequence[int], still_fails: Predicate, *,
                   regenerate: Callable[[Sequence[int]], str] | None = None,
                   budget_s: float = 30.0) -> tuple[tuple[int, ...], str]:
    """The smallest choice sequence found (shortlex) whose program still fails."""
    if regenerate is None:
        from harness.generate.typed import replay

        def regenerate(seq: Sequence[int]) -> str:
            return replay(seq).source

    deadline = time.monotonic() + budget_s
    best = tuple(choices)
    best_source = regenerate(best)
    tried: set[tuple[int, ...]] = {best}

    def attempt(candidate: tuple[int, ...]) -> bool:
        nonlocal best, best_source
        if candidate in tried or time.monotonic() > deadline:
            return False
        tried.add(candidate)
        try:
            source = regenerate(candidate)
        except Exception:  # noqa: BLE001 - an invalid sequence is just a rejected candidate
            return False
        if source != best_source and still_fails(source):
            best, best_source = candidate, source
            return True
        return False

    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for size in (8, 4, 2, 1):  # delete blocks
            i = 0
            while i < len(best):
                if attempt(best[:i] + best[i + size:]):
                    improved = True
                else:
                    i += size
        for size in (8, 4, 2, 1):  # zero blocks
            for i in range(0, len(best), size):
                block = best[i:i + size]
                if any(block) and attempt(best[:i] + (0,) * len(block) + best[i + size:]):
                    improved = True
        for i in range(len(best)):  # lower single values, binary search towards 0
            low, high = 0, best[i]
            while low < high and time.monotonic() < deadline:
                mid = (low + high) // 2
                if attempt((*best[:i], mid, *best[i + 1:])):
                    high = best[i]
                    improved = True
                else:
                    low = mid + 1
    return best, best_source


# --- AST delta debugging --------------------------------------------------------------------------
def reduce_source(source: str, still_fails: Predicate, *, budget_s: float = 30.0) -> str:
    """Delta-debug a failing program: one CASES entry, then chunks of top-level statements
    (ddmin), then single statements anywhere, largest first, while the failure persists.

    A statement deletion that fails is not retried in the same round: after a success the
    round goes on from where it was (the classic restart-from-the-top costs quadratic time in
    the failed candidates, which is what left large programs unreduced)."""
    deadline = time.monotonic() + budget_s

    def alive() -> bool:
        return time.monotonic() < deadline

    best = _one_case(source, still_fails, alive)
    best = _ddmin_top_level(best, still_fails, alive)
    changed = True
    while changed and alive():
        changed = False
        position = 0
        while alive():
            candidate = _deletion(best, position)
            if candidate is None:
                break
            if candidate and candidate != best and still_fails(candidate):
                best, changed = candidate, True  # the next site has moved into this position
            else:
                position += 1
    return best


def _one_case(source: str, still_fails: Predicate, alive: Callable[[], bool]) -> str:
    """The program with only one of its CASES, the first that still fails."""
    tree = ast.parse(source)
    cases = _cases_list(tree)
    if cases is None or len(cases.elts) < 2:
        return source
    everything = list(cases.elts)
    for element in everything:
        if not alive():
            break
        cases.elts = [element]
        candidate = _unparse(tree)
        if candidate and still_fails(candidate):
            return candidate
    return source


def _cases_list(tree: ast.Module) -> ast.List | None:
    for stmt in tree.body:
        if isinstance(stmt, ast.Assign) and isinstance(stmt.value, ast.List) and any(
                isinstance(t, ast.Name) and t.id == "CASES" for t in stmt.targets):
            return stmt.value
    return None


def _ddmin_top_level(source: str, still_fails: Predicate, alive: Callable[[], bool]) -> str:
    """Zeller's ddmin over the module's statements: drop ever smaller chunks."""
    tree = ast.parse(source)
    body = list(tree.body)
    best, parts = source, 2
    while len(body) >= 2 and alive():
        size = -(-len(body) // parts)
        for start in range(0, len(body), size):
            tree.body = body[:start] + body[start + size:]
            candidate = _unparse(tree)
            if candidate and still_fails(candidate):
                body, best, parts = tree.body, candidate, max(parts - 1, 2)
                break
            if not alive():
                break
        else:
            if parts >= len(body):
                break
            parts = min(len(body), parts * 2)
    return best


def _deletion(source: str, position: int) -> str | None:
    """The ``position``-th program with one statement fewer (largest statements first; an
    emptied body becomes ``pass``), or with one CASES entry fewer after those; None past the
    end, "" for a candidate that does not compile."""
    tree = ast.parse(source)
    sites = _sites(tree)
    if position < len(sites):
        _, body, index = sites[position]
        del body[index]
        if not body:
            body.append(ast.Pass())
        return _unparse(tree)
    cases = _cases_list(tree)
    position -= len(sites)
    if cases is None or len(cases.elts) < 2 or position >= len(cases.elts):
        return None
    del cases.elts[position]
    return _unparse(tree)


def _sites(tree: ast.Module) -> list[tuple[int, list[ast.stmt], int]]:
    """(lines, body, index) of every statement, largest first (stable for equal sizes)."""
    sites: list[tuple[int, list[ast.stmt], int]] = []
    for node in ast.walk(tree):
        for name in ("body", "orelse", "finalbody"):
            body = getattr(node, name, None)
            if isinstance(body, list) and body and isinstance(body[0], ast.stmt):
                for index, stmt in enumerate(body):
                    lines = (stmt.end_lineno or stmt.lineno) - stmt.lineno + 1
                    sites.append((lines, body, index))
    sites.sort(key=lambda site: -site[0])
    return sites


def _unparse(tree: ast.Module) -> str:
    try:
        text = ast.unparse(tree)
        with warnings.catch_warnings():  # the candidates' SyntaxWarnings are nobody's concern
            warnings.simplefilter("ignore")
            compile(text, "<reduce>", "exec", dont_inherit=True)
        return text
    except (SyntaxError, ValueError, RecursionError):
        return ""


# --- blame ----------------------------------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class Blame:
    function: str | None  # the optimized function whose rewrite causes the failure
    pass_name: str | None  # the first pipeline pass with which it appears
    rules: tuple[str, ...] = ()  # rewrites applied to that function by the failing pipeline
    notes: tuple[str, ...] = field(default=())

    @property
    def signature(self) -> str:
        """What deduplicates findings: the same pass making the same kind of rewrite."""
        return f"{self.pass_name or '?'}:{'+'.join(self.rules) or '?'}"

    def to_json(self) -> dict[str, Any]:
        return {"function": self.function, "pass": self.pass_name, "rules": list(self.rules),
                "signature": self.signature, "notes": list(self.notes)}


def blame(source: str, filename: str, fails: Callable[[str], bool], *, level: str = "baseline",
          extra_passes: Sequence[Any] = (), trusting: bool = False) -> Blame:
    # ``trusting``: the passes are under test, so neither the rule verifier nor the cost model
    # may hide what they do (the harness checks the result itself).
    """Narrow a miscompile to one function and one pass.

    ``fails(compiled_source)`` says whether a compiled version shows the failure.  Functions are
    bisected by compiling with every other optimized function skipped; passes by compiling with
    growing prefixes of the pipeline.
    """
    from trm_agent.agent import TRMAgent
    from trm_agent.optimize import Options, TrustingVerifier
    from trm_agent.passes import PassManager, baseline_passes

    agent = TRMAgent.load()
    pipeline = [*baseline_passes(), *extra_passes]

    def compile_with(passes: Sequence[Any], skip: frozenset[str]) -> Any:
        options = Options(manager=PassManager(list(passes)),
                          verifier=TrustingVerifier() if trusting else None,
                          check_cost=not trusting)
        return agent.compile_source(source, filename, opt=level, skip=skip, options=options)

    full = compile_with(pipeline, frozenset())
    if full.source is None or not fails(full.source):
        return Blame(None, None, notes=("the failure does not reproduce when compiled",))
    changed = [o.qualname for o in full.outcomes]
    function = next((name for name in changed
                     if _fails(compile_with(pipeline, frozenset(changed) - {name}), fails)), None)
    skip = frozenset(changed) - {function} if function else frozenset()
    low, high = 1, len(pipeline)  # smallest prefix that fails; the full one does
    while low < high:
        mid = (low + high) // 2
        if _fails(compile_with(pipeline[:mid], skip), fails):
            high = mid
        else:
            low = mid + 1
    result = compile_with(pipeline[:low], skip)
    applied = {rule for o in result.outcomes if function in (None, o.qualname)
               for rule in o.rules}
    own = applied & set(getattr(pipeline[low - 1], "rules", ()))
    rules = sorted(own or applied)
    notes = () if function else ("no single function fails alone: an interaction",)
    return Blame(function, getattr(pipeline[low - 1], "name", None), tuple(rules), notes)


def _fails(result: Any, fails: Callable[[str], bool]) -> bool:
    return result.source is not None and fails(result.source)
