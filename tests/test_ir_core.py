"""NoodleCore-IR core: text round trip, per-kind rule tables, constants, verifier checks.

The text form is the model's language and the fixture format of pass tests, so it must be
lossless (``print(parse(print(m))) == print(m)`` and constants bit-exact).  The verifier is the
safety net of every pass: each of its checks gets one hand-made bad IR that must trip it, with a
message naming the function so a campaign log points at the culprit.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

import trm_agent.codegen  # registers the codegen rules
import trm_agent.ir.interpreter  # registers the interpreter rules
import trm_agent.verify.encode  # registers the z3 rules
from trm_agent.agent import TRMAgent
from trm_agent.ir import (
    OPS,
    Builder,
    Function,
    Module,
    Op,
    Region,
    Value,
    VerifyError,
    parse_function,
    parse_ir,
    print_function,
    print_module,
    verify,
    verify_function,
)
from trm_agent.ir.printer import format_attr
from trm_agent.ir.types import BOOL, INT, OBJECT

assert trm_agent.codegen and trm_agent.ir.interpreter and trm_agent.verify.encode  # side effects

# Op kinds without a z3 rule (trm_agent/verify/encode.py registers the others): match
# statements and opaque statements make the verdict UNKNOWN ("unsupported: <op>").  Each one
# given a rule must be removed from this set.
EXPECTED_WITHOUT_Z3 = frozenset({"cf.match", "py.opaque"})


# --- helpers ---------------------------------------------------------------------------------
def _translate(source: str, filename: str = "<test>") -> Module:
    agent = TRMAgent.load()
    return agent.translate_ast(agent.parse_module(source, filename))


def _roundtrip_text(module: Module) -> tuple[str, str]:
    text = print_module(module)
    return text, print_module(parse_ir(text))


def _new_function(name: str = "f", params: tuple[str, ...] = ("x",)) -> tuple[Function, Builder]:
    fn = Function(name, name, 1, list(params))
    for p in params:
        fn.body.add_arg(Value(OBJECT, p))
    fn.lowered = True
    return fn, Builder(fn.body)


def _build_rich() -> Function:
    """Every structured op kind once: if with a phi, for and while with carried values, assert."""
    fn, b = _new_function("rich", ("x", "xs"))
    x, xs = fn.body.args
    b.loc = (2, 4)
    one = b.const(1)
    total = b.value("py.binop", x, one, op="+", hint="total")
    cond = b.value("py.truth", total, type_=BOOL)
    then, orelse = Region(), Region()
    with b.at(then):
        doubled = b.value("py.binop", total, b.const(2), op="*")
        b.op("cf.yield", [doubled], results=0)
    with b.at(orelse):
        b.op("cf.yield", [total], results=0)
    merged = b.op("cf.if", [cond], results=1, regions=[then, orelse], hint="total").result
    body = Region([Value(OBJECT, "item"), Value(OBJECT, "acc")])
    with b.at(body):
        item, acc = body.args
        new = b.value("py.inplace", acc, item, op="+", hint="acc")
        b.op("cf.continue", [new], results=0)
    acc_out = b.op("cf.for", [xs, merged], results=1, regions=[body], hint="acc").result
    cond_r, body_r = Region([Value(OBJECT, "n")]), Region([Value(OBJECT, "n")])
    with b.at(cond_r):
        lt = b.value("py.cmp", cond_r.args[0], b.const(10), op="<")
        b.op("cf.condition", [b.value("py.truth", lt, type_=BOOL)], results=0)
    with b.at(body_r):
        bumped = b.value("py.binop", body_r.args[0], one, op="+")
        big = b.value("py.truth", b.value("py.cmp", bumped, b.const(5), op=">"), type_=BOOL)
        stop, go = Region(), Region()
        with b.at(stop):
            b.op("cf.break", [bumped], results=0)
        with b.at(go):
            b.op("cf.yield", [], results=0)
        b.op("cf.if", [big], results=0, regions=[stop, go])
        b.op("cf.continue", [bumped], results=0)
    n_out = b.op("cf.while", [acc_out], results=1, regions=[cond_r, body_r], hint="n").result
    test, msg = Region(), Region()
    with b.at(test):
        b.op("cf.condition", [b.value("py.truth", n_out, type_=BOOL)], results=0)
    with b.at(msg):
        b.op("cf.yield", [b.const("n is zero")], results=0)
    b.op("cf.assert", [], results=0, regions=[test, msg])
    pair = b.value("py.tuple", n_out, acc_out, starred=())
    first, second = b.op("py.unpack", [pair], {"count": 2, "star": -1}, results=2).results
    call = b.value("py.call", b.value("py.global.load", name="max"), first, second,
                   kinds=("p", "p"))
    b.op("cf.return", [call], results=0)
    return fn


# --- printer / parser round trip -------------------------------------------------------------
def test_hand_built_ir_verifies_and_round_trips() -> None:
    fn = _build_rich()
    verify_function(fn)
    text = print_function(fn)
    again = parse_function(text)
    verify_function(again)
    assert print_function(again) == text
    assert again.params == fn.params
    assert [op.loc for op in again.walk()] == [op.loc for op in fn.walk()]


def test_round_trip_preserves_result_types() -> None:
    fn = _build_rich()
    again = parse_function(print_function(fn))
    types_before = [[r.type for r in op.results] for op in fn.walk()]
    types_after = [[r.type for r in op.results] for op in again.walk()]
    assert types_after == types_before
    assert INT in {t for ts in types_after for t in ts}  # the const 1 is typed


def test_round_trip_preserves_region_argument_types() -> None:
    fn, b = _new_function("typed", ("xs",))
    body = Region([Value(OBJECT, "item"), Value(INT, "acc")])
    with b.at(body):
        new = b.value("py.binop", body.args[1], b.const(1), op="+", type_=INT)
        b.op("cf.continue", [new], results=0)
    out = b.op("cf.for", [fn.body.args[0], b.const(0)], results=1, regions=[body],
               type_=INT).result
    b.op("cf.return", [out], results=0)
    verify_function(fn)
    again = parse_function(print_function(fn))
    loop = next(op for op in again.walk() if op.name == "cf.for")
    assert [a.type for a in loop.regions[0].args] == [OBJECT, INT]


def test_module_header_and_blocked_functions_round_trip() -> None:
    module = _translate(
        "def ok(a, *args, k=1, **kw):\n    return a\n"
        "def blocked(a):\n    return locals()\n"
        "class C:\n    def m(self):\n        def inner():\n            return 1\n"
        "        return inner\n"
        "async def co():\n    return 1\n",
        "dir/it's \"odd\".py")
    text, again = _roundtrip_text(module)
    assert again == text
    parsed = parse_ir(text)
    assert parsed.filename == module.filename
    assert [f.qualname for f in parsed.functions] == [f.qualname for f in module.functions]
    assert [f.lowered for f in parsed.functions] == [f.lowered for f in module.functions]
    assert [f.is_async for f in parsed.functions] == [f.is_async for f in module.functions]
    assert parsed.functions[0].params == ["a", "args", "k", "kw"]


TRANSLATED_SOURCES = {
    "boolops": "def f(a, b, c):\n    if a and b or not c:\n        x = a < b < c\n"
               "    else:\n        x = b if a else c\n    return x\n",
    "loops": "def f(xs, n):\n    total = 0\n    i = 0\n    while i < n:\n        i += 1\n"
             "        if i % 3 == 0:\n            continue\n        if i > 50:\n            break\n"
             "        total += i\n    for a, *b in xs:\n        total = total + len(b)\n"
             "    return total, i\n",
    "slots": "def f(c):\n    if c:\n        y = 1\n    del c\n    return y\n",
    "globals": "G = 0\ndef f(d, k):\n    global G\n    G += 1\n    d[k] = d.get(k, 0) + 1\n"
               "    del d[k:]\n    d.x = [*d, 1]\n    return {**d, 'a': {1, 2}}\n",
    "raise": "def f(x):\n    assert x, 'msg'\n    if x > 1:\n"
             "        raise ValueError(x) from None\n    raise\n",
    "mangled": "class C:\n    def m(self):\n        self.__x = 1\n        return self.__x\n",
    "constants": "def f():\n    return (1e308 * 10, -0.0, 1j, b'\\x00\\'\"', 'é\\n', ..., None, "
                 + str(10**1001) + ")\n",
}


@pytest.mark.parametrize("name", sorted(TRANSLATED_SOURCES))
def test_translated_functions_verify_and_round_trip(name: str) -> None:
    module = _translate(TRANSLATED_SOURCES[name])
    assert module.lowered, "the sample must be lowered to be worth round-tripping"
    verify(module)
    text, again = _roundtrip_text(module)
    assert again == text
    verify(parse_ir(text))


def test_non_ascii_identifiers_round_trip() -> None:
    module = _translate("def f(é):\n    return é + 1\n")
    text, again = _roundtrip_text(module)
    assert again == text


# --- per-kind rule tables --------------------------------------------------------------------
@pytest.mark.parametrize("kind", sorted(OPS))
def test_every_op_kind_has_interp_and_codegen_rules(kind: str) -> None:
    opdef = OPS[kind]
    assert opdef.interp is not None, f"{kind} has no interpreter rule"
    assert opdef.codegen is not None, f"{kind} has no codegen rule"
    assert isinstance(opdef.cost, int) and opdef.cost >= 0


def test_op_kinds_lacking_z3_are_exactly_the_expected_set() -> None:
    lacking = {name for name, opdef in OPS.items() if opdef.z3 is None}
    assert lacking == EXPECTED_WITHOUT_Z3


def test_attribute_shapes_and_allowed_values_are_declared_consistently() -> None:
    from trm_agent.ir.opdefs import ATTR_KINDS

    for opdef in OPS.values():
        assert set(opdef.attrs.values()) <= set(ATTR_KINDS), opdef.name
        assert set(opdef.allowed_values) <= set(opdef.attrs), opdef.name
        assert opdef.optional_attrs <= set(opdef.attrs), opdef.name


# --- constants -------------------------------------------------------------------------------
def _same(a: object, b: object) -> bool:
    """Bit-exact equality: floats by hex and sign, containers element-wise, types exact."""
    if type(a) is not type(b):
        return False
    if isinstance(a, float):
        assert isinstance(b, float)
        if math.isnan(a):
            return math.isnan(b) and math.copysign(1.0, a) == math.copysign(1.0, b)
        return a.hex() == b.hex() and math.copysign(1.0, a) == math.copysign(1.0, b)
    if isinstance(a, complex):
        assert isinstance(b, complex)
        return _same(a.real, b.real) and _same(a.imag, b.imag)
    if isinstance(a, (tuple, frozenset)):
        assert isinstance(b, (tuple, frozenset))
        return len(a) == len(b) and all(
            _same(x, y) for x, y in zip(sorted(a, key=repr) if isinstance(a, frozenset) else a,
                                        sorted(b, key=repr) if isinstance(b, frozenset) else b,
                                        strict=True))
    return a == b


TRICKY_CONSTANTS: list[object] = [
    float("nan"), float("inf"), float("-inf"), -0.0, 0.0, 5e-324, -5e-324,
    1.7976931348623157e308, 0.1, 1e16, 1e-7, 123456789.123,
    10**1000, -(10**1000), 10**1000 - 1, -(10**1000) + 1, 10**5000 + 7, 0, -1, 2**63,
    complex(0.0, -0.0), complex(-0.0, 0.0), complex(float("nan"), float("inf")), 1j,
    b"", b"'", b'"', b"'\"\\\n\x00\xff", "", "'", '"', "'\"\\", "line\nbreak\ttab\r",
    "é ünï 漢字 \U0001f600", "\u2028\u2029\x85\x00", "\ud800",
    ((), (1,), ((2,),), (1, (2, (3, "x")))), (float("nan"), -0.0, 10**1001),
    ..., (..., None, True, False), None, True, False,
    frozenset({1, "a", (2, 3)}),
]


@pytest.mark.parametrize("value", TRICKY_CONSTANTS,
                         ids=[f"constant{i}" for i in range(len(TRICKY_CONSTANTS))])
def test_constant_attribute_round_trips_bit_exactly(value: object) -> None:
    fn, b = _new_function("k", ())
    b.op("cf.return", [b.const(value)], results=0)
    text = print_function(fn)
    again = parse_function(text)
    parsed = again.body.ops[0].attrs["value"]
    assert _same(parsed, value), (value, parsed, text)
    assert print_function(again) == text


def test_negative_nan_keeps_its_sign() -> None:
    neg_nan = -float("nan")
    assert math.copysign(1.0, neg_nan) < 0
    fn, b = _new_function("k", ())
    b.op("cf.return", [b.const(neg_nan)], results=0)
    parsed = parse_function(print_function(fn)).body.ops[0].attrs["value"]
    assert _same(parsed, neg_nan)


def test_format_attr_rejects_unprintable_values() -> None:
    with pytest.raises(TypeError):
        format_attr(object())


# --- verifier negative tests -----------------------------------------------------------------
def _ok_function() -> tuple[Function, Builder]:
    """``def bad(x): return x + 1`` minus its return, for the mutations below to finish."""
    fn, b = _new_function("bad", ("x",))
    b.loc = (3, 4)
    return fn, b


def _undominated() -> Function:
    fn, b = _ok_function()
    then, orelse = Region(), Region()
    with b.at(then):
        inner = b.const(1)
        b.op("cf.yield", [], results=0)
    with b.at(orelse):
        b.op("cf.yield", [], results=0)
    b.op("cf.if", [b.value("py.truth", fn.body.args[0], type_=BOOL)], results=0,
         regions=[then, orelse])
    b.op("cf.return", [inner], results=0)  # defined in a nested region: not visible here
    return fn


def _use_before_def() -> Function:
    fn, b = _ok_function()
    later = Value(OBJECT, "later")
    b.op("py.binop", [fn.body.args[0], later], {"op": "+"}, results=1)
    b.region.append(Op(OPS["py.const"], [], [later], {"value": 1}))
    b.op("cf.return", [later], results=0)
    return fn


def _missing_terminator() -> Function:
    fn, b = _ok_function()
    b.const(1)
    return fn


def _empty_region() -> Function:
    fn, b = _ok_function()
    then, orelse = Region(), Region()
    with b.at(orelse):
        b.op("cf.yield", [], results=0)
    b.op("cf.if", [b.value("py.truth", fn.body.args[0], type_=BOOL)], results=0,
         regions=[then, orelse])
    b.op("cf.return", [fn.body.args[0]], results=0)
    return fn


def _terminator_in_middle() -> Function:
    fn, b = _ok_function()
    b.op("cf.return", [fn.body.args[0]], results=0)
    b.op("cf.return", [b.const(None)], results=0)
    return fn


def _wrong_operand_count() -> Function:
    fn, b = _ok_function()
    bad = b.op("py.binop", [fn.body.args[0]], {"op": "+"}).result
    b.op("cf.return", [bad], results=0)
    return fn


def _wrong_result_count() -> Function:
    fn, b = _ok_function()
    b.op("py.item.set", [fn.body.args[0]] * 3, results=1)
    b.op("cf.return", [fn.body.args[0]], results=0)
    return fn


def _bad_attr_shape() -> Function:
    fn, b = _ok_function()
    v = b.value("py.attr.get", fn.body.args[0], name=42)
    b.op("cf.return", [v], results=0)
    return fn


def _bad_ints_attr() -> Function:
    fn, b = _ok_function()
    v = b.value("py.tuple", fn.body.args[0], starred=(True,))  # bool is not an int index
    b.op("cf.return", [v], results=0)
    return fn


def _disallowed_attr_value() -> Function:
    fn, b = _ok_function()
    v = b.value("py.binop", fn.body.args[0], fn.body.args[0], op="<>")
    b.op("cf.return", [v], results=0)
    return fn


def _missing_attr() -> Function:
    fn, b = _ok_function()
    v = b.value("py.binop", fn.body.args[0], fn.body.args[0])
    b.op("cf.return", [v], results=0)
    return fn


def _unknown_attr() -> Function:
    fn, b = _ok_function()
    v = b.value("py.binop", fn.body.args[0], fn.body.args[0], op="+", fast=True)
    b.op("cf.return", [v], results=0)
    return fn


def _break_outside_loop() -> Function:
    fn, b = _ok_function()
    then, orelse = Region(), Region()
    with b.at(then):
        b.op("cf.break", [], results=0)
    with b.at(orelse):
        b.op("cf.yield", [], results=0)
    b.op("cf.if", [b.value("py.truth", fn.body.args[0], type_=BOOL)], results=0,
         regions=[then, orelse])
    b.op("cf.return", [fn.body.args[0]], results=0)
    return fn


def _yield_count_mismatch() -> Function:
    fn, b = _ok_function()
    then, orelse = Region(), Region()
    with b.at(then):
        b.op("cf.yield", [fn.body.args[0], fn.body.args[0]], results=0)
    with b.at(orelse):
        b.op("cf.yield", [fn.body.args[0]], results=0)
    v = b.op("cf.if", [b.value("py.truth", fn.body.args[0], type_=BOOL)], results=1,
             regions=[then, orelse]).result
    b.op("cf.return", [v], results=0)
    return fn


def _yield_type_mismatch() -> Function:
    fn, b = _ok_function()
    then, orelse = Region(), Region()
    with b.at(then):
        b.op("cf.yield", [fn.body.args[0]], results=0)
    with b.at(orelse):
        b.op("cf.yield", [b.const(1)], results=0)
    v = b.op("cf.if", [b.value("py.truth", fn.body.args[0], type_=BOOL)], results=1,
             regions=[then, orelse], type_=INT).result
    b.op("cf.return", [v], results=0)
    return fn


def _region_parent_wrong() -> Function:
    fn, b = _ok_function()
    then, orelse = Region(), Region()
    for region in (then, orelse):
        with b.at(region):
            b.op("cf.yield", [], results=0)
    op = b.op("cf.if", [b.value("py.truth", fn.body.args[0], type_=BOOL)], results=0,
              regions=[then, orelse])
    orelse.parent = None
    b.op("cf.return", [fn.body.args[0]], results=0)
    assert op.regions[1].parent is None
    return fn


def _op_parent_wrong() -> Function:
    fn, b = _ok_function()
    op = b.op("cf.return", [fn.body.args[0]], results=0)
    op.parent = Region()
    return fn


def _params_mismatch() -> Function:
    fn, b = _ok_function()
    fn.params = ["x", "y"]
    b.op("cf.return", [fn.body.args[0]], results=0)
    return fn


def _defined_twice() -> Function:
    fn, b = _ok_function()
    v = b.const(1)
    b.region.append(Op(OPS["py.const"], [], [], {"value": 2}))
    b.region.ops[-1].results.append(v)
    b.op("cf.return", [v], results=0)
    return fn


def _wrong_region_terminator() -> Function:
    fn, b = _ok_function()
    b.op("cf.yield", [fn.body.args[0]], results=0)  # a function body cannot yield
    return fn


def _loop_results_mismatch() -> Function:
    fn, b = _ok_function()
    body = Region([Value(OBJECT, "item")])
    with b.at(body):
        b.op("cf.continue", [], results=0)
    b.op("cf.for", [fn.body.args[0]], results=1, regions=[body])
    b.op("cf.return", [fn.body.args[0]], results=0)
    return fn


def _condition_outside() -> Function:
    fn, b = _ok_function()
    then, orelse = Region(), Region()
    with b.at(then):
        b.op("cf.condition", [fn.body.args[0]], results=0)
    with b.at(orelse):
        b.op("cf.yield", [], results=0)
    b.op("cf.if", [b.value("py.truth", fn.body.args[0], type_=BOOL)], results=0,
         regions=[then, orelse])
    b.op("cf.return", [fn.body.args[0]], results=0)
    return fn


def _unpack_count() -> Function:
    fn, b = _ok_function()
    b.op("py.unpack", [fn.body.args[0]], {"count": 3, "star": -1}, results=2)
    b.op("cf.return", [fn.body.args[0]], results=0)
    return fn


def _call_kinds() -> Function:
    fn, b = _ok_function()
    v = b.value("py.call", fn.body.args[0], fn.body.args[0], kinds=())
    b.op("cf.return", [v], results=0)
    return fn


VERIFIER_CASES: dict[str, tuple[Callable[[], Function], str]] = {
    "undominated value": (_undominated, "does not dominate"),
    "use before definition": (_use_before_def, "does not dominate"),
    "missing terminator": (_missing_terminator, "does not end in a terminator"),
    "empty region": (_empty_region, "empty region"),
    "terminator in the middle": (_terminator_in_middle, "terminator not at the end"),
    "wrong operand count": (_wrong_operand_count, "expected 2 operands, found 1"),
    "wrong result count": (_wrong_result_count, "expected 0 results, found 1"),
    "bad attribute shape": (_bad_attr_shape, "attribute 'name' must be str"),
    "bad ints attribute": (_bad_ints_attr, "attribute 'starred' must be ints"),
    "disallowed attribute value": (_disallowed_attr_value, "not one of"),
    "missing attribute": (_missing_attr, "missing attribute 'op'"),
    "unknown attribute": (_unknown_attr, "unknown attributes ['fast']"),
    "break outside loop": (_break_outside_loop, "cf.break outside a loop"),
    "yield count mismatch": (_yield_count_mismatch, "passes 2 values, expected 1"),
    "yield type mismatch": (_yield_type_mismatch, "flows into int"),
    "region parent link wrong": (_region_parent_wrong, "region's parent link is wrong"),
    "op parent link wrong": (_op_parent_wrong, "op's parent link is wrong"),
    "params mismatch": (_params_mismatch, "do not match the parameters"),
    "value defined twice": (_defined_twice, "defined twice"),
    "wrong region terminator": (_wrong_region_terminator, "region must end in one of"),
    "loop results mismatch": (_loop_results_mismatch, "loop results must match"),
    "condition outside a loop": (_condition_outside, "cf.condition outside"),
    "unpack count": (_unpack_count, "result count differs"),
    "call kinds": (_call_kinds, "one kind per argument"),
}


@pytest.mark.parametrize("case", sorted(VERIFIER_CASES))
def test_verifier_rejects_bad_ir_and_names_the_function(case: str) -> None:
    make, fragment = VERIFIER_CASES[case]
    fn = make()
    with pytest.raises(VerifyError) as info:
        verify_function(fn)
    message = str(info.value)
    assert message.startswith("bad"), message
    assert fragment in message


def test_verify_module_skips_blocked_functions_but_checks_lowered_ones() -> None:
    broken = _missing_terminator()
    module = Module("m.py", [broken])
    with pytest.raises(VerifyError, match=r"^bad"):
        verify(module)
    broken.lowered = False
    verify(module)


def test_verifier_accepts_the_corresponding_good_ir() -> None:
    """The negative cases above fail for their defect, not because the base shape is wrong."""
    fn, b = _ok_function()
    then, orelse = Region(), Region()
    with b.at(then):
        b.op("cf.yield", [fn.body.args[0]], results=0)
    with b.at(orelse):
        b.op("cf.yield", [b.const(1)], results=0)
    v = b.op("cf.if", [b.value("py.truth", fn.body.args[0], type_=BOOL)], results=1,
             regions=[then, orelse]).result
    w = b.value("py.binop", v, v, op="+")
    b.op("cf.return", [w], results=0)
    verify_function(fn)
