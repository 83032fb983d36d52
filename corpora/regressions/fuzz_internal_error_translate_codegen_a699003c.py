"""Regression found by a fuzz campaign: internal_error at level none.

seed: 100084 (generator typed-1, policy objects)
passes: baseline pipeline only
blame: function f15, pass translate/codegen, rules codegen-error: assert test needs statements
blame signature: internal_error:translate/codegen:codegen-error: assert test needs statements
verdict: codegen-error: fuzz_100084.py:118:1: error codegen-error: assert test needs statements (hint: the function is kept unchanged (please report this))
reduced: 301 -> 7 lines
found: 2026-11-29
"""

def f15(p16):

    def inner20(a21):
        with Ctx(5, True) as cm25, Ctx(0, True) as cm26:
            assert len(' pad ') < -1 < a21, ''

def f42(p43, p44, p45):
    pass
CASES = [('f42', (1, 1.0, 1), {}), ('f42', (109, 1.0, 1), {})]
