"""Kadane's algorithm: running max with floats and ints, error on empty input."""


def max_subarray(nums):
    if len(nums) == 0:
        raise ValueError("empty input")
    best = cur = nums[0]
    for x in nums[1:]:
        cur = max(x, cur + x)
        best = max(best, cur)
    return best


def running_max(nums):
    out = []
    m = None
    for x in nums:
        if m is None or x > m:
            m = x
        out.append(m)
    return out


CASES = [
    ("max_subarray", ([-2, 1, -3, 4, -1, 2, 1, -5, 4],), {}),
    ("max_subarray", ([-3, -1],), {}),
    ("max_subarray", ([],), {}),
    ("max_subarray", ([0.5, float("nan"), 1],), {}),
    ("running_max", ([1, 3, 2, 5],), {}),
    ("running_max", (["b", "a", "c"],), {}),
]

EXPECTED = [6, -1, ValueError]
