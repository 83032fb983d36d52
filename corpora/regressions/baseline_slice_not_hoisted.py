"""Regression: loop-invariant code motion hoisted a constant slice (``s[:1]``) out of a while
condition, which codegen cannot spell apart from its subscript (stdlib cgi._parseparam fell back
with a codegen error at --opt baseline, 2026-11-29)."""


def strip_semicolons(s):
    while s[:1] == ";":
        s = s[1:]
    return s


def firsts(words):
    out = []
    for w in words:
        out.append(w[:1] + w[-1:])
    return out


CASES = [("strip_semicolons", (";;;a;b",), {}), ("strip_semicolons", ("",), {}),
         ("firsts", (["ab", "c", ""],), {})]
