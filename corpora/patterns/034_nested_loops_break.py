"""Nested loops: an inner `break` leaves only the inner loop; a flag carries it out."""


def find_pair(nums, target):
    found = None
    for i in range(len(nums)):
        for j in range(i + 1, len(nums)):
            if nums[i] + nums[j] == target:
                found = (i, j)
                break
        if found is not None:
            break
    return found


def triangle(n):
    rows = []
    for i in range(n):
        row = []
        for j in range(n):
            if j > i:
                break
            row.append(j)
        rows.append(row)
    return rows


CASES = [
    ("find_pair", ([1, 4, 5, 7], 9), {}),
    ("find_pair", ([1, 2], 10), {}),
    ("find_pair", ([], 0), {}),
    ("triangle", (3,), {}),
    ("triangle", (0,), {}),
    ("find_pair", ([1, "a"], 2), {}),
]

EXPECTED = [(1, 2), None, None, [[0], [0, 1], [0, 1, 2]], [], TypeError]
