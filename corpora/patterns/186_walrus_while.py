# beyond-foundation
"""`:=` in while conditions: read-until-sentinel loops and chunking."""


def read_until(lines, sentinel):
    it = iter(lines)
    out = []
    while (line := next(it, sentinel)) != sentinel:
        out.append(line.strip())
    return (out, line)


def chunks(data, size):
    out = []
    pos = 0
    while chunk := data[pos:pos + size]:
        out.append(chunk)
        pos += size
    return out


def halve(n):
    steps = 0
    while (n := n // 2) > 0:
        steps += 1
    return (steps, n)


CASES = [("read_until", ([" a", "b ", "", "c"], ""), {}), ("read_until", ([], "END"), {}),
         ("chunks", ("abcdefg", 3), {}), ("chunks", ([1, 2, 3, 4], 2), {}), ("halve", (20,), {}),
         ("chunks", ("abc", 0), {}), ("read_until", ([1], None), {})]

EXPECTED = [(["a", "b"], ""), ([], "END"), ["abc", "def", "g"], [[1, 2], [3, 4]], (4, 0), [],
            AttributeError]
