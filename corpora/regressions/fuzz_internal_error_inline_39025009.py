"""Regression found by a fuzz campaign: internal_error at level baseline.

seed: 10093186 (generator mutate of corpora, stdlib, policy default)
passes: baseline pipeline only
blame: function isfile, pass inline, rules codegen-error: except clause whose type needs statements
blame signature: internal_error:inline:codegen-error: except clause whose type needs statements
verdict: codegen-error: fuzz_10093186.py:18:1: error codegen-error: except clause whose type needs statements (hint: the function is kept unchanged (please report this))
reduced: 96 -> 7 lines
found: 2026-11-29
"""

def isfile(path):
    try:
        pass
    except (OSError, samestat(s1, s2)):
        pass

def samestat(s1, s2):
    pass


CASES = [('isfile', ('x',), {}), ('samestat', (1, 2), {})]
