"""Dict as a hash index: two-sum and first unique character."""


def two_sum(nums, target):
    seen = {}
    for i, x in enumerate(nums):
        need = target - x
        if need in seen:
            return [seen[need], i]
        seen[x] = i
    return None


def first_unique(s):
    counts = {}
    for ch in s:
        counts[ch] = counts.get(ch, 0) + 1
    for i, ch in enumerate(s):
        if counts[ch] == 1:
            return i
    return -1


CASES = [
    ("two_sum", ([2, 7, 11, 15], 9), {}),
    ("two_sum", ([3, 3], 6), {}),
    ("two_sum", ([], 1), {}),
    ("first_unique", ("leetcode",), {}),
    ("first_unique", ("aabb",), {}),
    ("two_sum", ([1, "a"], 2), {}),
]

EXPECTED = [[0, 1], [0, 1], None, 0, -1, TypeError]
