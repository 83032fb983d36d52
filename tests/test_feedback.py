"""FeedbackStore: what goes in comes back out, in order, and bad input leaves no trace."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from trm_agent.feedback import (
    COUNTEREXAMPLE_KIND,
    DEFAULT_KIND,
    DEFAULT_PATH,
    ENV_VAR,
    FeedbackError,
    FeedbackStore,
    resolve_path,
)


@pytest.fixture
def store(tmp_path: Path) -> FeedbackStore:
    return FeedbackStore(tmp_path / "fb" / "feedback.sqlite3")


def test_record_without_kind_is_runtime_and_round_trips(store: FeedbackStore) -> None:
    row_id = store.record({"function": "f", "cost": 12, "speedup": 1.25})
    (rec,) = list(store.iter_records(DEFAULT_KIND))
    assert rec.id == row_id
    assert rec.kind == DEFAULT_KIND == "runtime"
    assert rec.function is None
    assert rec.payload == {"function": "f", "cost": 12, "speedup": 1.25, "kind": "runtime"}


def test_creates_parent_directory_and_both_tables(store: FeedbackStore) -> None:
    assert not store.path.parent.exists()
    store.record({"kind": "compile", "ms": 3})
    with sqlite3.connect(store.path) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"metrics", "counterexamples"} <= tables


def test_counterexamples_go_to_their_own_table(store: FeedbackStore) -> None:
    store.record({"kind": "runtime", "cost": 1})
    cex_id = store.record({"kind": COUNTEREXAMPLE_KIND, "function": "m.f", "args": [1, -2]})
    (rec,) = list(store.iter_records(COUNTEREXAMPLE_KIND))
    assert (rec.id, rec.function, rec.payload["args"]) == (cex_id, "m.f", [1, -2])
    with sqlite3.connect(store.path) as conn:
        assert conn.execute("SELECT COUNT(*) FROM counterexamples").fetchone()[0] == 1
        assert conn.execute("SELECT COUNT(*) FROM metrics").fetchone()[0] == 1


def test_count_by_kind_and_total(store: FeedbackStore) -> None:
    for cost in range(3):
        store.record({"cost": cost})
    store.record({"kind": "compile", "ms": 7})
    store.record({"kind": COUNTEREXAMPLE_KIND, "function": "g"})
    store.record({"kind": COUNTEREXAMPLE_KIND, "function": "h"})
    assert store.count(DEFAULT_KIND) == 3
    assert store.count("compile") == 1
    assert store.count(COUNTEREXAMPLE_KIND) == 2
    assert store.count("never-recorded") == 0
    assert store.count() == 6


def test_iter_records_keeps_insertion_order_and_filters_kind(store: FeedbackStore) -> None:
    for i in range(5):
        store.record({"kind": "a" if i % 2 else "b", "i": i})
    assert [r.payload["i"] for r in store.iter_records("a")] == [1, 3]
    assert [r.payload["i"] for r in store.iter_records("b")] == [0, 2, 4]
    ids = [r.id for r in store.iter_records("b")]
    assert ids == sorted(ids)


def test_data_persists_across_store_instances(tmp_path: Path) -> None:
    path = tmp_path / "db.sqlite3"
    FeedbackStore(path).record({"cost": 4})
    assert [r.payload["cost"] for r in FeedbackStore(path).iter_records("runtime")] == [4]


def test_reading_missing_database_does_not_create_it(store: FeedbackStore) -> None:
    assert store.count() == 0
    assert list(store.iter_records("runtime")) == []
    assert not store.path.exists()


@pytest.mark.parametrize(
    ("metrics", "fragment"),
    [
        ([("kind", "runtime")], "mapping"),
        ({1: "x"}, "keys must be strings"),
        ({"kind": ""}, "non-empty"),
        ({"kind": 3}, "non-empty"),
        ({"kind": COUNTEREXAMPLE_KIND}, "function"),
        ({"kind": COUNTEREXAMPLE_KIND, "function": ""}, "function"),
        ({"value": object()}, "JSON"),
        ({"value": float("nan")}, "JSON"),
        ({"value": float("inf")}, "JSON"),
        ({"nested": {1: "x"}}, "round trip"),
    ],
)
def test_invalid_records_are_rejected_without_writing(
    store: FeedbackStore, metrics: Any, fragment: str
) -> None:
    store.record({"cost": 0})
    with pytest.raises(FeedbackError, match=fragment):
        store.record(metrics)
    assert store.count() == 1


def test_feedback_error_is_a_value_error() -> None:
    assert issubclass(FeedbackError, ValueError)


def test_path_argument_beats_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env.sqlite3"))
    assert resolve_path(tmp_path / "arg.sqlite3") == tmp_path / "arg.sqlite3"
    assert FeedbackStore().path == tmp_path / "env.sqlite3"


def test_environment_then_default(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv(ENV_VAR, raising=False)
    store = FeedbackStore()
    assert store.path == DEFAULT_PATH == Path("results") / "feedback.sqlite3"
    store.record({"cost": 1})
    assert (tmp_path / "results" / "feedback.sqlite3").is_file()

    monkeypatch.setenv(ENV_VAR, "other.sqlite3")
    FeedbackStore().record({"cost": 2})
    assert FeedbackStore(tmp_path / "other.sqlite3").count() == 1


json_scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@settings(max_examples=40, deadline=None)
@given(payload=st.dictionaries(st.text().filter(lambda k: k != "kind"), json_values, max_size=5))
def test_any_json_mapping_round_trips(
    tmp_path_factory: pytest.TempPathFactory, payload: Any
) -> None:
    store = FeedbackStore(tmp_path_factory.mktemp("prop") / "db.sqlite3")
    store.record(payload)
    (rec,) = list(store.iter_records(DEFAULT_KIND))
    assert rec.payload == {**payload, "kind": DEFAULT_KIND}
    # The stored text is plain JSON that any other reader can load.
    with sqlite3.connect(store.path) as conn:
        (text,) = conn.execute("SELECT payload_json FROM metrics").fetchone()
    assert json.loads(text) == rec.payload
