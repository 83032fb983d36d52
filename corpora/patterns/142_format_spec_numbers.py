# beyond-foundation
"""Numeric format specs: sign, grouping, bases with prefix, percent, zero padding, -0.0."""


def number_formats(n):
    return f"{n:+d}|{n:,}|{n:_x}|{n:#o}|{n:#b}|{n:08d}|{n:^+9}"


def float_formats(x):
    return f"{x:.3g}|{x:%}|{x:+.1f}|{x:e}|{x:10.2f}|"


CASES = [("number_formats", (1234567,), {}), ("number_formats", (-5,), {}),
         ("float_formats", (0.125,), {}), ("float_formats", (-0.0,), {}),
         ("number_formats", (1.5,), {}), ("float_formats", ("x",), {})]

EXPECTED = ["+1234567|1,234,567|12_d687|0o4553207|0b100101101011010000111|01234567|+1234567 ",
            "-5|-5|-5|-0o5|-0b101|-0000005|   -5    ",
            "0.125|12.500000%|+0.1|1.250000e-01|      0.12|",
            "-0|-0.000000%|-0.0|-0.000000e+00|     -0.00|", ValueError, ValueError]
