"""Regression found by a fuzz campaign: internal_error at level none.

seed: 10059447 (generator mutate of corpora, stdlib, policy default)
passes: baseline pipeline only
blame: function capture, pass translate/codegen, rules codegen-error: except clause whose type needs statements
blame signature: internal_error:translate/codegen:codegen-error: except clause whose type needs statements
verdict: codegen-error: fuzz_10059447.py:3:1: error codegen-error: except clause whose type needs statements (hint: the function is kept unchanged (please report this))
reduced: 24 -> 7 lines
found: 2026-11-29
"""

def capture(x):
    try:
        pass
    except (line := next(it, sentinel)) != sentinel as e:
        pass
    else:
        pass


CASES = [('capture', (1,), {})]
