"""The sandbox gives every misbehaving program a verdict and keeps going (issue 6).

One campaign (one `Sandbox`) runs the acceptance programs in sequence — a normal one, an
infinite loop, unbounded allocation, SystemExit, KeyboardInterrupt, a stdout flood, os._exit,
infinite recursion, file writes, a segfault, and a normal one again — from a scratch cwd that
must stay untouched.  The other tests check what a verdict carries and that it agrees with the
in-process `capture` of DESIGN §4.
"""

from __future__ import annotations

import os
import signal
import sys
import textwrap
import types
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from harness.equivalence.outcome import compare, run_cases
from harness.sandbox import Job, RunResult, Sandbox, SandboxError, compare_results

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="the sandbox's limits need Linux")

LIMITS: dict[str, Any] = {
    "time_limit_s": 1.0,
    "memory_limit_mb": 64,
    "output_limit_bytes": 256 << 10,
}


def program(text: str, call: str | None = None, *args: Any, **kwargs: Any) -> Job:
    return Job(textwrap.dedent(text), call=call, args=args, kwargs=kwargs)


def list_tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


ADD = "def f(a, b):\n    print('sum')\n    return a + b\n"
CAMPAIGN: list[tuple[str, str, Job]] = [
    ("normal", "ok", program(ADD, "f", 2, 3)),
    ("infinite-loop", "timeout", program("while True:\n    pass\n")),
    ("unbounded-allocation", "memory", program("""
        chunks = []
        while True:
            chunks.append(bytes(1 << 20))  # calloc'd: fast to map, slow to touch
    """)),
    ("system-exit", "exit", program("print('bye')\nraise SystemExit(4)\n")),
    ("keyboard-interrupt", "raised", program("raise KeyboardInterrupt\n")),
    ("stdout-flood", "output-limit", program("""
        line = 'x' * 99
        for _ in range(500_000):  # 50 MB
            print(line)
    """)),
    ("os-exit", "exit", program("import os\nos.write(1, b'last words')\nos._exit(3)\n")),
    ("infinite-recursion", "raised", program("def f(n):\n    return f(n + 1)\nf(0)\n")),
    ("write-file", "ok", program("""
        import os
        def f():
            with open('out.txt', 'w') as handle:
                handle.write('data')
            os.makedirs('sub/dir')
            return os.path.realpath('out.txt')
    """, "f")),
    ("write-outside", "raised", program("""
        def f(path):
            with open(path, 'w') as handle:
                handle.write('escaped')
    """, "f", "PLACEHOLDER")),
    ("segfault", "crash", program("import ctypes\nctypes.string_at(0)\n")),
    ("normal-again", "ok", program(ADD, "f", 2, 3)),
]  # fmt: skip


class Campaign:
    def __init__(self) -> None:
        self.results: dict[str, RunResult] = {}
        self.restart_reasons: Counter[str] = Counter()
        self.directory = ""
        self.directory_existed = False
        self.cwd_before: list[str] = []
        self.cwd_after: list[str] = []
        self.outside_target = ""


@pytest.fixture(scope="module")
def campaign(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Campaign]:
    """Run the whole acceptance campaign once, with a scratch directory as the harness's cwd."""
    cwd = tmp_path_factory.mktemp("harness-cwd")
    (cwd / "keep.txt").write_text("the harness's own file")
    outside = cwd / "escaped.txt"
    report = Campaign()
    report.outside_target = str(outside)
    report.cwd_before = list_tree(cwd)
    previous = os.getcwd()
    os.chdir(cwd)
    try:
        with Sandbox(**LIMITS) as sandbox:
            report.directory = sandbox.directory
            report.directory_existed = os.path.isdir(sandbox.directory)
            for name, _status, job in CAMPAIGN:
                if name == "write-outside":
                    job = Job(job.source, call="f", args=(str(outside),))
                report.results[name] = sandbox.run(job)
            report.restart_reasons = sandbox.stats.restart_reasons.copy()
            assert sandbox.stats.jobs == len(CAMPAIGN)
    finally:
        os.chdir(previous)
    report.cwd_after = list_tree(cwd)
    yield report


@pytest.mark.parametrize(("name", "status"), [(name, status) for name, status, _ in CAMPAIGN])
def test_each_program_gets_its_verdict(campaign: Campaign, name: str, status: str) -> None:
    result = campaign.results[name]
    assert result.status == status, (result.status, result.detail, result.exc_type)


def test_verdicts_carry_the_details(campaign: Campaign) -> None:
    r = campaign.results
    for name in ("normal", "normal-again"):
        assert (r[name].value_repr, r[name].value(), r[name].stdout) == ("5", 5, "sum\n")
    assert r["infinite-loop"].exc_type is None and "time limit" in r["infinite-loop"].detail
    assert r["system-exit"].exit_code == 4 and r["system-exit"].stdout == "bye\n"
    assert r["keyboard-interrupt"].exc_type == "KeyboardInterrupt"
    flood = r["stdout-flood"]
    assert flood.stdout_truncated and len(flood.stdout) == LIMITS["output_limit_bytes"]
    assert r["os-exit"].exit_code == 3 and r["os-exit"].stdout == "last words"
    assert r["infinite-recursion"].exc_type == "RecursionError"
    assert r["write-outside"].exc_type == "PermissionError"
    assert r["segfault"].signal == signal.SIGSEGV
    assert "Segmentation fault" in r["segfault"].stderr  # faulthandler's dump survives the crash


def test_the_workers_that_went_down_were_replaced(campaign: Campaign) -> None:
    assert campaign.restart_reasons == Counter({"timeout": 1, "memory": 1, "exit": 1, "crash": 1})
    assert campaign.results["normal"].worker_pid != campaign.results["normal-again"].worker_pid


def test_nothing_outside_the_sandbox_directory_is_written(campaign: Campaign) -> None:
    written = campaign.results["write-file"].value()
    assert written.startswith(os.path.realpath(campaign.directory) + os.sep)
    assert campaign.cwd_after == campaign.cwd_before == ["keep.txt"]
    assert not os.path.exists(campaign.outside_target)
    assert campaign.directory_existed and not os.path.exists(campaign.directory)


# -- what a verdict carries -------------------------------------------------------------------

SEMANTICS = textwrap.dedent("""
    import math
    COUNT = [0]

    class Oops(Exception):
        pass

    def values():
        return (float('nan'), -0.0, 1, 1.0, True, {'b': [1, 2]}, {3, 1}, 'é')

    def mutate(xs, key=None):
        xs.append(len(xs))
        COUNT[0] += 1
        print('mutated', xs)
        return key

    def chained():
        try:
            {}['missing']
        except KeyError as exc:
            raise Oops('wrapped') from exc

    def err_output():
        import sys
        print('to stderr', file=sys.stderr)
        return math.inf
""")
CASES = [("values", (), {}), ("mutate", ([1],), {"key": "k"}), ("chained", (), {}),
         ("err_output", (), {})]  # fmt: skip


def in_process(name: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    module = types.ModuleType("program")
    exec(compile(SEMANTICS, "<program>", "exec"), module.__dict__)
    return run_cases(module, [(name, args, kwargs)])[0]


def test_outcomes_agree_with_in_process_capture() -> None:
    """Sandboxed runs compare by DESIGN §4 exactly like the harness's in-process capture."""
    jobs = [Job(SEMANTICS, call=name, args=args, kwargs=kwargs) for name, args, kwargs in CASES]
    with Sandbox(**LIMITS) as sandbox:
        results = sandbox.map(jobs)
    for (name, args, kwargs), result in zip(CASES, results, strict=True):
        assert result.outcome is not None, (name, result.status, result.detail)
        assert compare(result.outcome, in_process(name, args, kwargs), strict=True) is None, name
    values, mutate, chained, err_output = results
    assert values.value_repr is not None and "fnan" in values.value_repr
    assert mutate.args_after == "(([1, 1],), {'key': 'k'})" and mutate.globals_after == (
        "{'COUNT': [1]}"
    )
    assert (chained.exc_type, chained.exc_cause) == ("program.Oops", "KeyError")
    assert err_output.stderr == "to stderr\n" and err_output.value() == float("inf")


def test_compare_results_sees_each_kind_of_difference() -> None:
    with Sandbox(**LIMITS) as sandbox:
        one, two, boom, exit1, exit2 = sandbox.map([
            program("def f():\n    return 1\n", "f"),
            program("def f():\n    return 2\n", "f"),
            program("def f():\n    raise ValueError(1)\n", "f"),
            program("import sys\nsys.exit(1)\n"),
            program("import sys\nsys.exit(2)\n"),
        ])  # fmt: skip
    assert compare_results(one, one) is None
    assert compare_results(one, two) == "return value differs: '1' vs '2'"
    assert compare_results(one, boom) == "status differs: ok vs raised"
    assert compare_results(exit1, exit2) == "exit code differs: 1 vs 2"


def test_a_pickled_value_is_rebuilt_only_from_plain_data() -> None:
    with Sandbox(**LIMITS) as sandbox:
        plain, custom = sandbox.map([
            program("def f():\n    return {'a': (1, 2.5, None), 'b': {1, 2}}\n", "f"),
            program("class P:\n    pass\ndef f():\n    return P()\n", "f"),
        ])  # fmt: skip
    assert plain.value() == {"a": (1, 2.5, None), "b": {1, 2}}
    assert custom.status == "ok" and custom.value_pickle is not None
    with pytest.raises(Exception, match="not a plain data type"):
        custom.value()


def test_two_workers_give_the_same_results_as_one() -> None:
    jobs = [
        program(f"def f(n):\n    print(n)\n    return {{n: n * {k}}}\n", "f", k) for k in range(12)
    ]
    jobs += [program("def f():\n    raise ValueError('v')\n", "f"), program("print('x' * 300_000)")]
    with Sandbox(**LIMITS) as single:
        expected = [r.as_dict() | {"seconds": 0, "worker_pid": 0} for r in single.map(jobs)]
    with Sandbox(2, **LIMITS) as pair:
        results = pair.map(jobs)
        assert pair.stats.jobs == len(jobs)
    assert [r.as_dict() | {"seconds": 0, "worker_pid": 0} for r in results] == expected
    assert len({r.worker_pid for r in results}) == 2
    assert expected[-1]["status"] == "output-limit"


# -- isolation between jobs -------------------------------------------------------------------


def test_jobs_do_not_see_each_others_files_globals_or_patches() -> None:
    with Sandbox(**LIMITS) as sandbox:
        first, second = sandbox.map([
            program("import os\nX = 1\nopen('left.txt', 'w').close()\nprint(sorted(os.listdir()))"),
            program("import os\nprint(sorted(os.listdir()), 'X' in globals())"),
        ])  # fmt: skip
        assert (first.stdout, second.stdout) == ("['left.txt']\n", "[] False\n")
        patched = sandbox.run(program("import builtins, math\nbuiltins.len = None\nmath.pi = 3\n"))
        after = sandbox.run(program("import math\nprint(len('ab'), math.pi)\n"))
        assert patched.status == "ok" and after.stdout == "2 3.141592653589793\n"
        assert sandbox.stats.restart_reasons == Counter({"state:builtins": 1})


def test_network_processes_and_limits_are_refused() -> None:
    refused = [
        "import socket\nsocket.create_connection(('127.0.0.1', 9))\n",
        "import socket\nsocket.socket(socket.AF_INET, socket.SOCK_STREAM)\n",
        "import subprocess\nsubprocess.run(['true'])\n",
        "import os\nos.kill(os.getppid(), 0)\n",
        "import resource\nresource.setrlimit(resource.RLIMIT_AS, (-1, -1))\n",
        "import os\nos.remove('/etc/hostname')\n",
    ]
    with Sandbox(**LIMITS) as sandbox:
        results = sandbox.map([program(text) for text in refused])
        unix = sandbox.run(program("import socket\na, b = socket.socketpair()\na.close()\n"))
    assert [(r.status, r.exc_type) for r in results] == [("raised", "PermissionError")] * 6
    assert unix.status == "ok"


def test_a_program_that_ignores_the_interrupt_is_killed() -> None:
    source = "import signal\nsignal.signal(signal.SIGALRM, signal.SIG_IGN)\nwhile True:\n    pass\n"
    with Sandbox(**LIMITS | {"time_limit_s": 0.5}, kill_grace_s=0.3) as sandbox:
        hung = sandbox.run(program(source))
        after = sandbox.run(program("print('alive')"))
        assert sandbox.stats.restart_reasons == Counter({"timeout": 1})
    assert hung.status == "timeout" and hung.detail.startswith("killed after")
    assert after.stdout == "alive\n"


def test_stdin_and_main_module() -> None:
    source = "if __name__ == '__main__':\n    print(input().upper())\n"
    with Sandbox(**LIMITS) as sandbox:
        main = sandbox.run(Job(source, stdin="hi\n"))
        imported = sandbox.run(Job(source + "def f():\n    return 1\n", call="f"))
    assert main.stdout == "HI\n" and imported.stdout == ""


def test_bad_setup_is_an_error_not_a_verdict(tmp_path: Path) -> None:
    with pytest.raises(SandboxError, match="cannot start"):
        Sandbox(python=str(tmp_path / "no-python")).start()
    sandbox = Sandbox(**LIMITS)
    try:
        with pytest.raises(ValueError, match="must pickle"):
            sandbox.run(Job("def f(x):\n    pass\n", call="f", args=(lambda: 1,)))
    finally:
        sandbox.close()
    assert not os.path.exists(sandbox.directory)
