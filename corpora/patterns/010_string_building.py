"""Building strings by concatenation, repetition and join."""


def banner(word, width):
    line = "=" * width
    return line + "\n" + word.center(width) + "\n" + line


def join_numbers(nums, sep=", "):
    out = ""
    first = True
    for n in nums:
        if not first:
            out += sep
        out += str(n)
        first = False
    return out


def repeat_join(s, n):
    return "-".join([s] * n)


CASES = [
    ("banner", ("hi", 6), {}),
    ("join_numbers", ([1, 2, 3],), {}),
    ("join_numbers", ([],), {"sep": "|"}),
    ("repeat_join", ("ab", 3), {}),
    ("repeat_join", ("ab", -2), {}),
    ("banner", ("x", "3"), {}),
]

EXPECTED = ["======\n  hi  \n======", "1, 2, 3", "", "ab-ab-ab", "", TypeError]
