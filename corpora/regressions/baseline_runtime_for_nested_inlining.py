"""Regression: a call inlined into a *nested* function needs the runtime prelude and the pin.

Found by the CSEDisplays mutant campaign on 2026-11-29 (its reduced finding was blamed on
`inline`, correctly): codegen added the prelude import and the `__trm_F_h10__` snapshot only when
a top-level regenerated function used the runtime, but nested functions are written out inside
their parent, so the guard `h10 is __trm_F_h10__` raised NameError at run time.
"""


def h10(p11, p12=7):
    pass

def f31(*, p32):
    v33 = any((False for c34 in [] * 2))
    for i37 in range(2, 0, -1):
        p32 = p32 % -6703903964971298549787012499102923063739682910296196688861780721860882015036773488400937149083451713845015929093243025426876941405973284973216824503042048

    def inner42(a43):
        if any((v33 for c44 in [a43])) or h10(p32 % 9223372036854775807, p32 % 9223372036854775808):
            pass
    p32 = inner42(0)


CASES = [("f31", (), {"p32": 0}), ("f31", (), {"p32": 12})]
