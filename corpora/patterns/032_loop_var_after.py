"""Loop variables stay bound after the loop; an empty loop leaves them unbound."""


def last_item(items):
    for item in items:  # noqa: B007 - the variable is read after the loop
        pass
    return item


def first_negative_index(nums):
    i = -1
    for i in range(len(nums)):
        if nums[i] < 0:
            break
    return i


def count_until(limit):
    n = 0
    total = 0
    while total < limit:
        n += 1
        total += n
    return (n, total)


CASES = [
    ("last_item", ([1, 2, 3],), {}),
    ("last_item", ("xy",), {}),
    ("last_item", ([],), {}),
    ("first_negative_index", ([3, 1, -2, -5],), {}),
    ("first_negative_index", ([],), {}),
    ("count_until", (10,), {}),
    ("count_until", (0,), {}),
]

EXPECTED = [3, "y", UnboundLocalError, 2, -1, (4, 10), (0, 0)]
