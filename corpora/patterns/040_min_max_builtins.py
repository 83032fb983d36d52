"""min/max/sum/len with key= and default=, and their empty-input errors."""


def spread(nums):
    return max(nums) - min(nums)


def longest(words):
    return max(words, key=len, default="")


def stats(nums):
    return (len(nums), sum(nums), min(nums), max(nums), sum(nums, 10))


def smallest_abs(nums):
    return min(nums, key=abs)


CASES = [
    ("spread", ([3, 9, -2],), {}),
    ("spread", ([],), {}),
    ("longest", (["ab", "abc", "xyz"],), {}),
    ("longest", ([],), {}),
    ("stats", ([2.5, 1, True],), {}),
    ("smallest_abs", ([-3, 2, -1, 1],), {}),
    ("stats", (["a"],), {}),
]

EXPECTED = [11, ValueError, "abc", "", (3, 4.5, 1, 2.5, 14.5), -1, TypeError]
