"""Regression found by a fuzz campaign: internal_error at level none.

seed: 100018 (generator typed-1, policy objects)
passes: baseline pipeline only
blame: function f23, pass translate/codegen, rules codegen-error: while-else whose condition needs statements
blame signature: internal_error:translate/codegen:codegen-error: while-else whose condition needs statements
verdict: codegen-error: fuzz_100018.py:185:1: error codegen-error: while-else whose condition needs statements (hint: the function is kept unchanged (please report this))
reduced: 425 -> 10 lines
found: 2026-11-29
"""

g_2 = 11712375868553

def f23(p24, p25):
    w28 = 0
    while w28 < 2 and -688801085184724 > (g_2 if True else 0) < 1:
        pass
    else:
        pass

def f35(p36=0):
    pass
CASES = [('f23', (-24, 2), {}), ('f35', (2,), {}), ('f35', (), {}), ('f35', (), {})]
