"""Static types, abstract values and literals of the typed generator.

The generator keeps a small abstract value per expression (YARPGen-style): for ints a bound on
the magnitude (``|v| <= 2**bits``) plus sign/zero facts, for sized values a bound on the length,
for containers of ints a bound on the elements.  Every *variable* has a fixed cap per type, and
every assignment re-establishes it (clamping with ``% M``, a slice...), so loops need no
fixpoint: whatever a loop body does, a variable still fits its cap at the next iteration.
Caps are uniform per container type, so aliasing (two names, one list) cannot break them.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from harness.generate.choices import Choices

__all__ = [
    "BOOL", "BOX", "BYTES", "CAPS", "DICT", "FLOAT", "HUGE_BITS", "INT", "KEY_POOL", "LIST",
    "MAX_BITS", "PLAIN_TYPES", "SET", "SLIST", "STR", "TUPLE", "Abs", "E", "clamp", "fits",
    "int_bits", "literal", "value_literal",
]

INT, BOOL, FLOAT, STR, BYTES = "int", "bool", "float", "str", "bytes"
LIST, SLIST, DICT, SET, TUPLE, BOX = "list", "slist", "dict", "set", "tuple", "box"
PLAIN_TYPES = (INT, BOOL, FLOAT, STR, BYTES, LIST, SLIST, DICT, SET, TUPLE)

HUGE_BITS = 512  # cap of "huge" int variables: far past 64 bits, still < float range (1024)
MAX_BITS = 2048  # no intermediate int may exceed this (str(int) and ** stay cheap)
KEY_POOL = "abcdefghij"  # every dict key is one of these letters, so a dict has <= 10 entries
SET_RANGE = 32  # set elements are ints in [0, 32), so a set has <= 32 entries


@dataclass(frozen=True, slots=True)
class Abs:
    """What the generator knows about a value.

    ``bits``: ints, |v| <= 2**bits.  ``length``: str/bytes/containers, len <= length.
    ``elem``: int elements (list/dict values/set/tuple/box.val) bits, or str elements' length.
    """

    bits: int = 0
    length: int = 0
    elem: int = 0
    nonneg: bool = False
    nonzero: bool = False


CAPS: dict[str, Abs] = {
    INT: Abs(bits=64),
    BOOL: Abs(bits=1, nonneg=True),
    FLOAT: Abs(),
    STR: Abs(length=48),
    BYTES: Abs(length=32),
    LIST: Abs(length=24, elem=40),
    SLIST: Abs(length=12, elem=12),
    DICT: Abs(length=len(KEY_POOL), elem=40),
    SET: Abs(length=SET_RANGE, elem=5),
    TUPLE: Abs(elem=64),
    BOX: Abs(elem=64),
}


class E:
    """A generated expression: fully parenthesised source text and its abstract value."""

    __slots__ = ("abs", "cost", "text", "ty")

    def __init__(self, text: str, ty: str, abs_: Abs, cost: int = 1) -> None:
        self.text = text
        self.ty = ty
        self.abs = abs_
        self.cost = cost

    def __repr__(self) -> str:
        return f"E({self.text!r}, {self.ty})"


def int_bits(value: int) -> int:
    return max(1, abs(value).bit_length())


def int_abs(value: int) -> Abs:
    return Abs(bits=int_bits(value), nonneg=value >= 0, nonzero=value != 0)


def fits(ty: str, have: Abs, cap: Abs) -> bool:
    """Whether a value known as ``have`` respects the invariant ``cap`` of its type."""
    if ty in (INT, BOOL):
        return have.bits <= cap.bits
    if ty == SET:
        return have.elem <= cap.elem and have.nonneg  # nonneg marks "elements in range"
    return have.length <= cap.length and have.elem <= cap.elem


def clamp(e: E, cap: Abs, ch: Choices) -> E:
    """``e`` rewritten to fit ``cap`` (unchanged when it already fits)."""
    if fits(e.ty, e.abs, cap):
        return e
    t = e.text
    if e.ty == INT:
        return _clamp_int(t, cap.bits, ch)
    if e.ty in (STR, BYTES):
        form = "({t})[:{n}]" if ch.draw(2) == 0 else "({t})[-{n}:]"
        return E(form.format(t=t, n=cap.length), e.ty, Abs(length=cap.length), 2)
    if e.ty in (LIST, SLIST):
        inner = E(t, e.ty, e.abs)
        if e.abs.elem > cap.elem:
            elem = f"(v % {_modulus(cap.elem, ch)})" if e.ty == LIST else f"v[:{cap.elem}]"
            inner = E(f"[{elem} for v in ({t})]", e.ty, replace(e.abs, elem=cap.elem))
        if inner.abs.length > cap.length:
            inner = E(f"({inner.text})[:{cap.length}]", e.ty, replace(inner.abs,
                                                                        length=cap.length))
        return E(inner.text, e.ty, cap, 3)
    if e.ty == DICT:  # keys come from KEY_POOL, so only the values need bounding
        m = _modulus(cap.elem, ch)
        return E(f"{{k: v % {m} for k, v in ({t}).items()}}", DICT, cap, 4)
    if e.ty == SET:
        return E(f"{{v % {SET_RANGE} for v in ({t})}}", SET, cap, 4)
    if e.ty == TUPLE:
        m = _modulus(cap.elem, ch)
        return E(f"tuple(v % {m} for v in ({t}))", TUPLE, cap, 4)
    if e.ty == BOX:
        m = _modulus(cap.elem, ch)
        return E(f"Box(({t}).val % {m})", BOX, cap, 4)
    raise AssertionError(f"no clamp for {e.ty}")  # pragma: no cover


def _modulus(bits: int, ch: Choices) -> int:
    """A modulus below 2**bits; several shapes so strength reduction sees powers of two too."""
    shape = ch.draw(4)
    if bits <= 5:
        return [32, 31, 17, 29][shape]
    if shape == 0:
        return (1 << (bits - 1)) - 1  # a Mersenne-like number
    if shape == 1:
        return 1 << (bits - 1)
    if shape == 2:
        return 1_000_003 if bits > 21 else 97
    return (1 << (bits - 1)) - 59


def _clamp_int(t: str, bits: int, ch: Choices) -> E:
    shape = ch.draw(5)
    if shape <= 1:
        m = _modulus(bits, ch)
        sign = "-" if ch.draw(4) == 0 else ""  # % by a negative constant floors toward it
        return E(f"(({t}) % {sign}{m})", INT, Abs(bits=bits, nonneg=not sign), 2)
    if shape == 2:
        mask = (1 << (bits - 1)) - 1
        return E(f"(({t}) & {hex(mask)})", INT, Abs(bits=bits, nonneg=True), 2)
    if shape == 3:
        bound = (1 << (bits - 2)) if bits > 3 else 3
        return E(f"max({-bound}, min({bound}, ({t})))", INT, Abs(bits=bits), 4)
    m = _modulus(bits, ch)
    return E(f"(({t}) % {m} - {m // 2})", INT, Abs(bits=bits), 3)


# --- literals ---------------------------------------------------------------------------------

WORDS = ("", "a", "ab", "abc", "hello", "World", "x y", " pad ", "é", "naïve", "a,b,c",
         "42", "-7", "3.5", "tab\tsep", "MiXeD", "zzz", "b", "key", "ünï")
BYTE_WORDS = (b"", b"a", b"ab", b"xyz", b"\x00\xff", b"hello", b"A B", b"\x7f", b"12")
FLOAT_SPECIALS = ('float("inf")', 'float("-inf")', 'float("nan")', "-0.0", "0.0", "1e308",
                  "-1e-308", "5e-324", "2.5", "-1.5", "0.1", "1e16", "3.0")


def small_int(ch: Choices) -> int:
    return ch.pick((0, 1, 2, 3, -1, 5, 7, 10, -3, 100, -128, 255, 16, 31, 64, 1000))


def int_literal(ch: Choices, huge: float, max_bits: int = 64) -> tuple[str, Abs]:
    """An int literal (small mostly, sometimes 30-60 bit, sometimes huge when allowed)."""
    kind = ch.weighted((6, 3 if max_bits > 24 else 0, 2 if max_bits > 64 else 0))
    if kind == 1:
        bits = min(max_bits - 1, ch.between(20, 60))
        value = ch.draw(1 << 20) * (1 << (bits - 20)) + ch.draw(1 << 16)
        value = -value if ch.draw(3) == 0 else value
    elif kind == 2 and ch.chance(min(1.0, huge * 4)):
        return _huge_literal(ch, max_bits)
    else:
        value = small_int(ch)
        if value.bit_length() >= max_bits:
            value %= 1 << max(1, max_bits - 1)
    return (f"({value})" if value < 0 else str(value)), int_abs(value)


def _huge_literal(ch: Choices, max_bits: int) -> tuple[str, Abs]:
    shape = ch.draw(4)
    k = ch.between(65, max(66, max_bits - 2))
    if shape == 0:
        value = (1 << k) + small_int(ch)
        return f"(2 ** {k} + {small_int_text(value - (1 << k))})", int_abs(value)
    if shape == 1:
        digits = min(k // 4, 150)
        value = 10 ** digits - 1
        return f"(-10 ** {digits} + 1)", int_abs(-value)
    if shape == 2:
        value = (1 << k) - 1
        return hex(value), int_abs(value)
    value = int("9" * min(k // 4, 150))
    return str(value), int_abs(value)


def small_int_text(value: int) -> str:
    return f"({value})" if value < 0 else str(value)


def float_literal(ch: Choices, special: float) -> str:
    if ch.chance(special):
        text = ch.pick(FLOAT_SPECIALS)
    else:
        text = ch.pick(("0.5", "1.0", "-2.25", "3.14159", "100.0", "-0.001", "7.5", "1e3"))
    return f"({text})" if text.startswith("-") else text


def str_literal(ch: Choices) -> str:
    return repr(ch.pick(WORDS))


def key_literal(ch: Choices) -> str:
    return repr(KEY_POOL[ch.draw(len(KEY_POOL))])


def literal(ty: str, ch: Choices, huge: float = 0.1, special: float = 0.2,
            max_bits: int = 64) -> E:
    """A literal value of a plain type (these make up the programs' inputs too)."""
    if ty == INT:
        text, a = int_literal(ch, huge, max_bits)
        return E(text, INT, a)
    if ty == BOOL:
        return E(ch.pick(("False", "True")), BOOL, CAPS[BOOL])
    if ty == FLOAT:
        return E(float_literal(ch, special), FLOAT, Abs())
    if ty == STR:
        word = ch.pick(WORDS)
        return E(repr(word), STR, Abs(length=len(word)))
    if ty == BYTES:
        value = ch.pick(BYTE_WORDS)
        return E(repr(value), BYTES, Abs(length=len(value)))
    return _container_literal(ty, ch, huge, special)


def _container_literal(ty: str, ch: Choices, huge: float, special: float) -> E:
    n = ch.draw(5)
    if ty == LIST:
        items = [int_literal(ch, huge, 40)[0] for _ in range(n)]
        return E("[" + ", ".join(items) + "]", LIST, Abs(length=n, elem=40))
    if ty == SLIST:
        words = [ch.pick(WORDS) for _ in range(n)]
        return E(repr(words), SLIST, Abs(length=n, elem=12))
    if ty == DICT:
        pairs = {KEY_POOL[ch.draw(len(KEY_POOL))]: int_literal(ch, huge, 40)[0]
                 for _ in range(n)}
        body = ", ".join(f"{k!r}: {v}" for k, v in pairs.items())
        return E("{" + body + "}", DICT, Abs(length=len(pairs), elem=40))
    if ty == SET:
        if n == 0:
            return E("set()", SET, Abs(nonneg=True))
        members = sorted({ch.draw(SET_RANGE) for _ in range(n)})
        return E("{" + ", ".join(map(str, members)) + "}", SET,
                 Abs(length=len(members), elem=5, nonneg=True))
    if ty == TUPLE:
        a, b = int_literal(ch, huge)[0], int_literal(ch, huge)[0]
        return E(f"({a}, {b})", TUPLE, Abs(elem=64))
    raise AssertionError(ty)  # pragma: no cover


def value_literal(ty: str, ch: Choices, huge: float, special: float, max_bits: int) -> str:
    """Literal text for a program input (CASES); always within the type's cap."""
    return literal(ty, ch, huge, special, max_bits).text
