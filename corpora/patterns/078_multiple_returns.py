"""Functions returning tuples that callers unpack; helper calls with keywords."""


def min_max(nums):
    lo = hi = nums[0]
    for x in nums:
        if x < lo:
            lo = x
        if x > hi:
            hi = x
    return lo, hi


def normalize(nums, lo=None, hi=None):
    if lo is None or hi is None:
        lo, hi = min_max(nums)
    width = hi - lo
    out = []
    for x in nums:
        out.append((x - lo) / width)
    return out


CASES = [
    ("min_max", ([3, -1, 7],), {}),
    ("min_max", ([],), {}),
    ("normalize", ([0, 5, 10],), {}),
    ("normalize", ([1, 2],), {"lo": 0, "hi": 4}),
    ("normalize", ([2, 2],), {}),
    ("min_max", (["b", "a"],), {}),
]

EXPECTED = [(-1, 7), IndexError, [0.0, 0.5, 1.0], [0.25, 0.5], ZeroDivisionError, ("a", "b")]
