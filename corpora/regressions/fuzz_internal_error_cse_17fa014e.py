"""Regression found by a fuzz campaign: internal_error at level baseline.

seed: 10006168 (generator mutate of corpora, stdlib, policy default)
passes: baseline pipeline only
blame: function make_program, pass cse, rules codegen-error: an f-string piece must be folded into its f-string
blame signature: internal_error:cse:codegen-error: an f-string piece must be folded into its f-string
verdict: codegen-error: fuzz_10006168.py:85:1: error codegen-error: an f-string piece must be folded into its f-string (hint: the function is kept unchanged (please report this))
reduced: 107 -> 7 lines
found: 2026-11-29
"""

def make_program(seed, statements):
    lines.clear()
    for i in range(statements):
        if i % 5 == 0:
            pass
        else:
            lines.append(f'let {name}{i % 10} = {expr};')
            lines.append(f'let {name}{i % 10} = {expr};')


lines = []
name = 'v'
expr = '1 + 2'
CASES = [('make_program', (0, 7), {}), ('make_program', (1, 2), {})]
