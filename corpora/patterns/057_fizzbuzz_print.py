"""print() output with elif chains; stdout is part of the compared behaviour."""


def fizzbuzz(n):
    for i in range(1, n + 1):
        if i % 15 == 0:
            print("FizzBuzz")
        elif i % 3 == 0:
            print("Fizz")
        elif i % 5 == 0:
            print("Buzz")
        else:
            print(i)
    return n


def shout(words):
    for w in words:
        print(w.upper(), end="! ")
    print()


CASES = [
    ("fizzbuzz", (15,), {}),
    ("fizzbuzz", (0,), {}),
    ("shout", (["a", "b"],), {}),
    ("shout", ([],), {}),
    ("shout", (["ok", 3],), {}),
    ("fizzbuzz", ("3",), {}),
]

EXPECTED = [15, 0, None, None, AttributeError, TypeError]
