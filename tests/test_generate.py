"""The typed program generator and the AST mutator (harness/generate/).

Generated programs must regenerate exactly from their seed, replay from their recorded choice
sequence (also when it is shortened, as a reducer does), run to completion deterministically
(also under another hash seed), cover the IR's op kinds, and feed the CASES protocol of the
differential runner.  Mutants of real code must always compile.
"""

from __future__ import annotations

import ast
import contextlib
import io
import itertools
import os
import re
import subprocess
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest

from harness.equivalence.outcome import run_cases
from harness.generate import (
    GENERATOR_VERSION,
    PRESETS,
    Choices,
    GeneratedProgram,
    Policy,
    generate,
    replay,
)
from harness.generate.measure import EXCLUDED_OPS
from harness.generate.mutate import Mutator, mutate

ROOT = Path(__file__).resolve().parent.parent
PATTERNS = sorted((ROOT / "corpora" / "patterns").glob("*.py"))
FORBIDDEN_CALLS = {"id", "hash", "input", "open", "eval", "exec", "locals", "vars", "globals"}


def _run(source: str) -> tuple[str, dict[str, Any]]:
    """Execute a program's module body and main() in-process; return (stdout, namespace)."""
    namespace: dict[str, Any] = {"__name__": "__generated__"}
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "<generated>", "exec"), namespace)
        namespace["main"]()
    return out.getvalue(), namespace


@pytest.fixture(scope="module")
def programs() -> list[GeneratedProgram]:
    return [generate(seed) for seed in range(50)]


# --- choices ---------------------------------------------------------------------------------
def test_choices_record_and_replay() -> None:
    first = Choices(seed=7)
    drawn = [first.draw(10) for _ in range(20)] + [first.weighted([0, 3, 1])]
    again = Choices(prefix=first.sequence)
    assert [again.draw(10) for _ in range(20)] + [again.weighted([0, 3, 1])] == drawn
    tail = Choices(prefix=[5])
    assert tail.draw(3) == 2  # a recorded value larger than the range is reduced into it
    assert tail.draw(1000) == 0 and not tail.chance(0.9)  # past the prefix: the simplest
    assert Choices(seed=1).weighted([0, 0, 5]) == 2
    with pytest.raises(ValueError):
        Choices(seed=1).draw(0)


# --- determinism -----------------------------------------------------------------------------
def test_same_seed_same_program_and_different_seeds_differ() -> None:
    a, b = generate(11), generate(11)
    assert a.source == b.source and a.choices == b.choices
    assert a.version == GENERATOR_VERSION and a.seed == 11
    assert generate(12).source != a.source
    assert generate(11, PRESETS["arith"]).source != a.source


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_replay_from_the_choice_sequence(name: str) -> None:
    policy = Policy.preset(name)
    for seed in (3, 4):
        program = generate(seed, policy)
        assert replay(program.choices, policy).source == program.source


def test_shortened_sequences_still_give_valid_terminating_programs() -> None:
    """What a reducer does: cut the sequence; draws past its end are 0 (the simplest)."""
    program = generate(5)
    sizes = []
    for keep in (0, len(program.choices) // 4, len(program.choices) // 2):
        smaller = replay(program.choices[:keep])
        out, _ = _run(smaller.source)
        assert "checksum" in out
        sizes.append(len(smaller.source))
    assert sizes[0] < len(program.source)


def test_fifty_programs_run_to_completion_with_the_same_checksum_twice(
        programs: list[GeneratedProgram]) -> None:
    checksums = []
    for program in programs:
        first, namespace = _run(program.source)
        second, _ = _run(program.source)
        assert first == second, f"seed {program.seed} printed differently"
        assert "checksum" in first
        checksums.append(first.splitlines()[-1])
        assert namespace["CASES"], "every program calls its entries"
    # Another process with another hash seed prints the same (no str hashing, no id()).
    script = ("import sys, contextlib, io\nfor path in sys.argv[1:]:\n"
              "    ns = {'__name__': 'gen'}\n    out = io.StringIO()\n"
              "    with contextlib.redirect_stdout(out):\n"
              "        exec(open(path).read(), ns); ns['main']()\n"
              "    print(out.getvalue().splitlines()[-1])\n")
    return_lines = _in_subprocess(script, programs[:10])
    assert return_lines == checksums[:10]


def _in_subprocess(script: str, programs: list[GeneratedProgram]) -> list[str]:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for program in programs:
            path = Path(tmp) / f"gen_{program.seed}.py"
            path.write_text(program.source)
            paths.append(str(path))
        env = {**os.environ, "PYTHONHASHSEED": "12345"}
        done = subprocess.run([sys.executable, "-c", script, *paths], capture_output=True,
                              text=True, env=env, timeout=120, check=True)
    return done.stdout.splitlines()


def test_programs_avoid_excluded_behaviour(programs: list[GeneratedProgram]) -> None:
    for program in programs[:20]:
        tree = ast.parse(program.source)
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                called = node.func.id
                allowed = called == "globals" and _in_main(tree, node)
                assert called not in FORBIDDEN_CALLS or allowed, (program.seed, called)


def test_only_deliberate_exceptions_escape(programs: list[GeneratedProgram]) -> None:
    """Type errors, unbound names, runaway recursion would be generator bugs, not programs."""
    bugs = {"TypeError", "AttributeError", "NameError", "UnboundLocalError", "RecursionError",
            "RuntimeError", "StopIteration", "MemoryError"}
    for program in programs[:25]:
        _, namespace = _run(program.source)
        with contextlib.redirect_stdout(io.StringIO()):
            for name, args, kwargs in namespace["CASES"]:
                try:
                    namespace[name](*args, **kwargs)
                except Exception as exc:  # noqa: BLE001 - the type is what is checked
                    assert type(exc).__name__ not in bugs, (program.seed, name, repr(exc))


def _in_main(tree: ast.Module, call: ast.Call) -> bool:
    main = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "main")
    return any(n is call for n in ast.walk(main))


# --- the CASES protocol ----------------------------------------------------------------------
def test_cases_follow_the_patterns_format(programs: list[GeneratedProgram]) -> None:
    program = programs[0]
    _, namespace = _run(program.source)
    for name, args, kwargs in namespace["CASES"]:
        assert name in program.entries and isinstance(args, tuple) and isinstance(kwargs, dict)
    module = type(sys)("generated")
    with contextlib.redirect_stdout(io.StringIO()):
        exec(compile(program.source, "<generated>", "exec"), module.__dict__)
        outcomes = run_cases(module, module.CASES)
    assert len(outcomes) == len(module.CASES)
    assert all(o.kind in ("return", "raise") for o in outcomes)


# --- what the programs exercise --------------------------------------------------------------
def test_op_kind_coverage_and_lowering_over_a_sample(programs: list[GeneratedProgram]) -> None:
    from trm_agent.agent import TRMAgent
    from trm_agent.ir.opdefs import OPS

    agent = TRMAgent.load()
    seen: set[str] = set()
    functions = lowered = 0
    for program in programs[:10]:
        result = agent.compile_source(program.source, f"gen_{program.seed}.py")
        assert result.module is not None
        for fn in result.module.functions:
            functions += 1
            lowered += fn.lowered
            seen.update(op.opdef.name for op in fn.walk())
    kinds = set(OPS) - EXCLUDED_OPS
    coverage = len(seen & kinds) / len(kinds)
    assert coverage >= 0.85, sorted(kinds - seen)
    assert lowered / functions >= 0.95


def test_constructs_are_recorded_and_policies_steer_them() -> None:
    on = [generate(seed) for seed in range(10)]
    assert any("stmt.match" in p.constructs for p in on)
    off_policy = Policy.default().with_weights(match=0, closure=0, generator=0)
    off = [generate(seed, off_policy) for seed in range(8)]
    for program in off:
        assert "stmt.match" not in program.constructs
        assert "stmt.closure" not in program.constructs
        assert "fn.generator" not in program.constructs
        assert "match " not in program.source
    with pytest.raises(KeyError):
        Policy.default().with_weights(no_such_construct=1)
    with pytest.raises(KeyError):
        Policy.preset("no-such-preset")


@pytest.mark.parametrize("name", sorted(PRESETS))
def test_every_preset_runs(name: str) -> None:
    for seed in range(3):
        out, _ = _run(generate(seed, PRESETS[name]).source)
        assert "checksum" in out


def test_swarm_policy_is_a_function_of_the_seed_and_varies() -> None:
    from harness.generate.policy import POLICY_NAMES, SWARM, policy_for

    assert SWARM in POLICY_NAMES
    drawn = [policy_for(SWARM, seed) for seed in range(12)]
    assert drawn == [policy_for(SWARM, seed) for seed in range(12)]  # reproducible
    assert len({p.name for p in drawn}) >= 3  # several base presets
    assert any(w == 0 for p in drawn for w in p.stmt_weights.values())  # kinds switched off
    assert all(p.stmt_weights["assign"] > 0 for p in drawn)
    for seed in range(4):
        program = generate(seed, policy_for(SWARM, seed))
        assert program.source == generate(seed, policy_for(SWARM, seed)).source
        out, _ = _run(program.source)
        assert "checksum" in out


# --- mutation --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def corpus() -> list[str]:
    return [p.read_text() for p in PATTERNS]


def test_mutants_always_compile_and_differ(corpus: list[str]) -> None:
    originals = {ast.unparse(ast.parse(src)) for src in corpus}
    changed = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for seed in range(100):
            text = mutate(corpus, seed)
            compile(text, f"<mutant {seed}>", "exec", dont_inherit=True)
            changed += text.strip() not in originals
    assert changed >= 90


def test_mutation_is_deterministic_and_splices_between_files(corpus: list[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert mutate(corpus, 3) == mutate(corpus, 3)
        assert len({mutate(corpus, s) for s in range(20)}) > 15
        small = ["def f(a):\n    return a + 1\n", "def g(b):\n    x = [b * 2]\n    return x\n"]
        spliced = any("*" in mutate(small, s) and "def f" in mutate(small, s)
                      for s in range(60))
    assert spliced, "statements and expressions travel between files"


def test_mutator_needs_a_parseable_source() -> None:
    with pytest.raises(ValueError):
        Mutator(["def (:", "return 1"])  # a syntax error, and code that does not compile



# --- shapes the mutant passes (tests/mutants) must be exposed by ----------------------------
def _int_const(node: ast.expr) -> int | None:
    if isinstance(node, ast.Constant) and type(node.value) is int:
        return node.value
    return None


def _binop_shape(node: ast.BinOp) -> str | None:
    k = _int_const(node.right)
    if k is None:
        return None
    inner = node.left
    if isinstance(node.op, ast.Add) and isinstance(inner, ast.BinOp) \
            and isinstance(inner.op, ast.Add) and _int_const(inner.right) is not None:
        return "reassociate"  # (x + c1) + c2
    if isinstance(node.op, ast.BitAnd) and k == 1 and isinstance(inner, (ast.Compare,
                                                                        ast.UnaryOp)):
        return "bool-and-one"
    if isinstance(node.op, (ast.FloorDiv, ast.Mod)) and k >= 2 and not k & (k - 1):
        return "pow2-divisor"
    shapes = {(ast.Mult, 1): "times-one", (ast.Add, 0): "plus-zero", (ast.Pow, 2): "square"}
    return shapes.get((type(node.op), k))


def _shapes(source: str) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.BinOp):
            found.add(_binop_shape(node) or "")
        elif isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not) \
                and isinstance(node.operand, ast.UnaryOp) and isinstance(node.operand.op, ast.Not):
            found.add("not-not")
        elif isinstance(node, ast.Compare) and len(node.ops) == 1 \
                and isinstance(node.left, ast.Name) \
                and ast.dump(node.left) == ast.dump(node.comparators[0]):
            found.add("reflexive-compare")
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) \
                and node.func.id == "abs" and "copysign(0.0" in ast.unparse(node):
            found.add("abs-signed-zero")
    return found - {""}


def test_peephole_preset_writes_what_peephole_mutants_match() -> None:
    """Each shape a wrong peephole rewrite matches appears, on the operand types where the
    rewrite is wrong (float, bool, Box), and the programs still run to completion."""
    policy = PRESETS["peephole"]
    shapes: set[str] = set()
    constructs: set[str] = set()
    for seed in range(8):
        program = generate(seed, policy)
        shapes |= _shapes(program.source)
        constructs |= set(program.constructs)
        out, _ = _run(program.source)
        assert "checksum" in out
    assert shapes >= {"reassociate", "bool-and-one", "pow2-divisor", "times-one", "plus-zero",
                      "square", "not-not", "reflexive-compare", "abs-signed-zero"}, shapes
    assert {"int.peep", "float.peep", "bool.peep", "box.peep"} <= constructs


def test_box_operators_differ_from_the_int_rewrites_of_them() -> None:
    """Box has ``//``, ``%`` and ``**`` but no ``>>``, ``&`` or Box * Box: a rewrite that
    assumes an int operand changes the outcome."""
    program = generate(0, PRESETS["peephole"])
    _, ns = _run(program.source)
    box = ns["Box"]
    assert (box(-7) // 4).val == -2 and (box(-7) % 4).val == 1 and (box(-3) ** 2).val == 9
    for rewrite in (lambda b: b >> 2, lambda b: b & 3, lambda b: b * b):
        with pytest.raises(TypeError):
            rewrite(box(5))
    assert (box(-1) + 0).val != -1 and (box(-1) * 1).val != -1  # a new, normalised Box


def _code_swaps(tree: ast.Module) -> list[tuple[str, str]]:
    swaps = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and isinstance(node.targets[0], ast.Tuple):
            names = [t.value.id for t in node.targets[0].elts if isinstance(t, ast.Attribute)
                     and t.attr == "__code__" and isinstance(t.value, ast.Name)]
            if len(names) == 2:
                swaps.append((names[0], names[1]))
    return swaps


def test_guards_preset_swaps_code_between_functions_of_one_signature() -> None:
    """``f.__code__, g.__code__ = g.__code__, f.__code__`` (a monkeypatch the inliner's
    identity guard must notice) only between undecorated top-level functions with the same
    signature; the programs stay deterministic and free of generator-bug exceptions."""
    swaps = 0
    for seed in range(6):
        program = generate(seed, PRESETS["guards"])
        tree = ast.parse(program.source)
        defs = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        for a, b in _code_swaps(tree):
            swaps += 1
            assert ast.dump(defs[a].args) == ast.dump(defs[b].args)
            assert not defs[a].decorator_list and not defs[b].decorator_list
        first, namespace = _run(program.source)
        assert first == _run(program.source)[0] and "checksum" in first
        with contextlib.redirect_stdout(io.StringIO()):
            for name, args, kwargs in namespace["CASES"]:
                try:
                    namespace[name](*args, **kwargs)
                except Exception as exc:  # noqa: BLE001 - the type is what is checked
                    assert not isinstance(exc, (TypeError, NameError, RecursionError)), \
                        (seed, name, repr(exc))
    assert swaps >= 3


def test_patched_functions_are_inlined_and_the_guard_notices() -> None:
    """The guards preset is useful only if the baseline inlines a function whose code a
    statement swaps: then the compiled program's identity guard fails (deoptimises) and it
    still prints what the original prints."""
    from trm_agent.agent import TRMAgent
    from trm_agent.loader import load
    from trm_agent.runtime import prelude

    agent = TRMAgent.load()
    hits = 0
    def inline_failures() -> int:
        return sum(n for site, n in prelude.GUARD_FAILURES.items() if site.endswith(":inline"))

    start = inline_failures()
    for seed in range(4):
        program = generate(seed, PRESETS["guards"])
        swapped = {a for a, _ in _code_swaps(ast.parse(program.source))}
        compiled = agent.compile_source(program.source, f"g{seed}.py", opt="baseline")
        inlined = {name for name in swapped if f"__trm_F_{name}__" in (compiled.source or "")}
        if not inlined:
            continue
        hits += 1
        outputs = []
        for mode in ("original", "compiled"):
            out = io.StringIO()
            with contextlib.redirect_stdout(out):
                load(program.source, f"g{seed}.py", mode, opt="baseline").main()
            outputs.append(out.getvalue())
        assert outputs[0] == outputs[1], seed
    assert hits >= 1
    assert inline_failures() > start  # some inlined call ran after a swap and deoptimised


def _consecutive_pairs(source: str) -> list[tuple[str, str]]:
    return list(itertools.pairwise(line.strip() for line in source.splitlines()))


def test_statements_for_the_effect_and_loop_mutants() -> None:
    """Slots updated twice in a row, equal displays bound to two names, ``len`` of a list the
    loop appends to, an invariant division that may raise inside a zero-trip loop."""
    import re

    seen: set[str] = set()
    for name, seeds in (("containers", range(6)), ("control", range(6))):
        for seed in seeds:
            program = generate(seed, PRESETS[name])
            for first, second in _consecutive_pairs(program.source):
                store = re.match(r"(\w+\[[^\]]+\]) = (.*)", first)
                if store and second.startswith(f"{store[1]} = ") and store[1] in second[4:]:
                    seen.add("rmw")
                a, b = first.partition(" = "), second.partition(" = ")
                if a[1] and a[2] == b[2] and a[2][:1] in "[{" and a[0] != b[0]:
                    seen.add("displays")
                if re.fullmatch(r"(\w+)\.append\(len\(\1\) \* .*\)", second):
                    seen.add("loop_len")
                if re.fullmatch(r"for \w+ in range\(\w+ % 3\):", first) \
                        and "except ZeroDivisionError:" in program.source:
                    seen.add("loop_raise")
            out, _ = _run(program.source)
            assert "checksum" in out
    assert seen == {"rmw", "displays", "loop_len", "loop_raise"}, seen


# --- typed-3: nested helper calls and tuple-unpacking loops in carrying loops ---------------
def _helpers(tree: ast.Module) -> dict[str, int]:
    """Module-level helpers (``h<n>``) and their parameter counts."""
    return {n.name: len(n.args.args) for n in tree.body
            if isinstance(n, ast.FunctionDef) and re.fullmatch(r"h\d+", n.name)}


def _nested_scopes(fn: ast.FunctionDef) -> list[ast.AST]:
    return [n for n in ast.walk(fn) if n is not fn
            and isinstance(n, (ast.FunctionDef, ast.Lambda))]


def _positional_helper_calls(node: ast.AST, helpers: dict[str, int]) -> list[ast.Call]:
    """Calls the inliner may take: a helper with exactly its positional parameters."""
    return [c for c in ast.walk(node) if isinstance(c, ast.Call) and isinstance(c.func, ast.Name)
            and c.func.id in helpers and not c.keywords and len(c.args) == helpers[c.func.id]
            and not any(isinstance(a, ast.Starred) for a in c.args)]


def _unpacking_loops_in_loops(tree: ast.Module) -> set[str]:
    """``for a, b in ...`` / ``for a, *rest in ...`` inside another loop."""
    found: set[str] = set()
    for outer in ast.walk(tree):
        if not isinstance(outer, (ast.For, ast.While)):
            continue
        for inner in ast.walk(outer):
            if inner is not outer and isinstance(inner, ast.For) \
                    and isinstance(inner.target, ast.Tuple):
                starred = any(isinstance(t, ast.Starred) for t in inner.target.elts)
                found.add("star" if starred else "pair")
    return found


def _nested_helper_sites(tree: ast.Module) -> int:
    helpers = _helpers(tree)
    return sum(len(_positional_helper_calls(scope, helpers))
               for fn in tree.body if isinstance(fn, ast.FunctionDef)
               for scope in _nested_scopes(fn))


@pytest.mark.parametrize("policy_name", ["default", "swarm"])
def test_nested_helper_calls_and_unpacking_loops_are_generated(policy_name: str) -> None:
    """Both typed-3 shapes are reachable under the default policy and under swarm, and the
    coverage notes name them."""
    from harness.generate.policy import policy_for

    notes: set[str] = set()
    loops: set[str] = set()
    sites = 0
    for seed in range(30):
        program = generate(seed, policy_for(policy_name, seed))
        notes |= set(program.constructs)
        tree = ast.parse(program.source)
        loops |= _unpacking_loops_in_loops(tree)
        sites += _nested_helper_sites(tree)
    assert {"stmt.nested_call", "stmt.loop_unpack", "loop.unpack-star", "loop.unpack-pair",
            "program.nested-helpers"} <= notes, sorted(notes)
    assert {"star", "pair"} <= loops
    assert sites >= 5


def _nested_only_programs(count: int) -> list[GeneratedProgram]:
    from dataclasses import replace

    policy = replace(Policy.default(), nested_helpers=1.0)
    return [generate(seed, policy) for seed in range(count)]


def test_nested_helpers_programs_call_helpers_only_from_nested_scopes() -> None:
    """In a ``nested_helpers`` program, module-level code neither calls a helper nor loops
    over ``range``: only nested functions need the runtime's guards."""
    sites = 0
    notes: set[str] = set()
    for program in _nested_only_programs(10):
        assert "program.nested-helpers" in program.constructs
        notes |= set(program.constructs)
        tree = ast.parse(program.source)
        helpers = _helpers(tree)
        assert helpers, program.seed
        for fn in tree.body:
            if not isinstance(fn, ast.FunctionDef) or fn.name in ("main", "_stable", "_run"):
                continue
            inner = {id(n) for scope in _nested_scopes(fn) for n in ast.walk(scope)}
            own = [n for n in ast.walk(fn) if id(n) not in inner]
            for node in own:
                if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                    assert node.func.id not in helpers, (program.seed, fn.name)
                if isinstance(node, ast.For) and isinstance(node.iter, ast.Call) \
                        and isinstance(node.iter.func, ast.Name):
                    assert node.iter.func.id != "range", (program.seed, fn.name)
        sites += _nested_helper_sites(tree)
        out, _ = _run(program.source)
        assert "checksum" in out
    assert sites >= 3
    forms = {"nested.def", "nested.closure", "nested.lambda", "nested.method", "nested.loop",
             "nested.deep", "nested.counted-parent"}
    assert forms <= notes, sorted(forms - notes)


def _outputs(source: str, name: str, opt: str) -> list[str]:
    from trm_agent.loader import load

    outputs = []
    for mode in ("original", "compiled"):
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            load(source, name, mode, opt=opt).main()
        outputs.append(out.getvalue())
    return outputs


def _uses_runtime(fn: Any) -> bool:
    return any(op.opdef.name == "py.typeis" or (op.opdef.name == "py.global.load"
               and op.attrs["name"].startswith("__trm_")) for op in fn.walk())


def _only_nested_code_needs_the_runtime(module: Any) -> bool:
    """Guards only in functions written out inside a regenerated parent, none in a function
    regenerated on its own (module level, or nested in a parent kept as written): the module
    needs the runtime for code inside other functions alone."""
    spliced: list[Any] = []  # regenerated on their own, parents before nested functions
    inside: list[Any] = []  # written out as part of a spliced function
    for fn in module.functions:
        if not fn.lowered:
            continue
        if any(p in spliced or p in inside for p in fn.enclosing()):
            inside.append(fn)
        elif not fn.keep_source:
            spliced.append(fn)
    return any(map(_uses_runtime, inside)) and not any(map(_uses_runtime, spliced))


def test_new_shapes_compile_and_behave_like_the_original() -> None:
    """A program whose runtime guards are all in nested functions (an inlined helper call)
    and a program whose unpacked loop targets flow into variables carried by two nested loops,
    compiled at ``none`` and at ``baseline``, print what the original prints; the baseline
    imports the runtime for the nested functions' guards."""
    from trm_agent.agent import TRMAgent

    agent = TRMAgent.load()
    chosen: dict[str, GeneratedProgram] = {}
    for program in _nested_only_programs(24):
        if "loop.unpack-flows" in program.constructs and "unpack" not in chosen:
            chosen["unpack"] = program
        if "stmt.nested_call" in program.constructs and "nested" not in chosen:
            result = agent.compile_source(program.source, "nested.py", opt="baseline")
            if result.module is not None and _only_nested_code_needs_the_runtime(
                    result.module):
                assert "trm_agent.runtime.prelude" in (result.source or ""), program.seed
                chosen["nested"] = program
        if len(chosen) == 2:
            break
    assert set(chosen) == {"nested", "unpack"}, sorted(chosen)
    for program in chosen.values():
        for opt in ("none", "baseline"):
            original, recompiled = _outputs(program.source, "nested.py", opt)
            assert original == recompiled, (program.seed, opt)


# --- typed-4: helpers returning from inside a loop ------------------------------------------
def _returns_in_top_loop(fn: ast.FunctionDef) -> bool:
    loops = [n for n in fn.body if isinstance(n, (ast.For, ast.While))]
    return any(isinstance(r, ast.Return) for loop in loops for r in ast.walk(loop))


@pytest.mark.parametrize("policy_name", ["default", "swarm"])
def test_search_loop_helpers_are_generated_and_inlined(policy_name: str) -> None:
    """typed-4 helpers return from inside a top-level loop, and some of them are small enough
    that the baseline inlines them (the loop-exit lowering runs and the code runs the same)."""
    from harness.generate.policy import policy_for
    from trm_agent.agent import TRMAgent

    agent, shaped, inlined = TRMAgent.load(), 0, 0
    for seed in range(40):
        program = generate(seed, policy_for(policy_name, seed))
        tree = ast.parse(program.source)
        helpers = [n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name in
                   _helpers(tree) and _returns_in_top_loop(n)]
        if not helpers or "helper.search-loop" not in program.constructs:
            continue
        shaped += 1
        result = agent.compile_source(program.source, "gen.py", opt="baseline")
        assert result.source is not None
        names = {h.name for h in helpers}
        inlined += any(f" is __trm_F_{name}__:" in result.source for name in names)
    assert shaped >= 5 and inlined >= 1, (shaped, inlined)
