"""Regression found by a fuzz campaign: internal_error at level none.

seed: 10048821 (generator mutate of corpora, stdlib, policy default)
passes: baseline pipeline only
blame: function translate, pass translate/codegen, rules codegen-error: ValueError: Unable to avoid backslash in f-string expression part
blame signature: internal_error:translate/codegen:codegen-error: ValueError: Unable to avoid backslash in f-string expression part
verdict: codegen-error: fuzz_10048821.py:71:1: error codegen-error: ValueError: Unable to avoid backslash in f-string expression part (hint: the function is kept unchanged (please report this))
reduced: 150 -> 4 lines
found: 2026-11-29
"""

def translate(pat):
    res = []
    res = '\\'.join(res)
    return f'(?s:{res})\\Z'


CASES = [('translate', ('ab',), {}), ('translate', ('',), {})]
