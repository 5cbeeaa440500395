"""The save layer: TOML round trips, stable layout, schema versions, atomic writes."""

from __future__ import annotations

import os
import stat
import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pirtui.core import store
from pirtui.core.model import SCHEMA_VERSION, ActionItem, Review, TimelineEvent, new_review
from pirtui.core.store import ReviewFileError
from tests.strategies import reviews


def filled_review() -> Review:
    review = new_review("INC-2024-001", "2024-01-20")
    review.title = "Pool exhaustion — 接続プール «ü»"
    review.summary = "Line one.\nLine two with \"quotes\", 'single', \\backslash and \ttab."
    review.timeline = [TimelineEvent(time="14:30", event="Alert fired", milestone="detected")]
    review.action_items = [ActionItem(id="1", action="Add alert", owner="Ana", priority="P1", due="next Friday-ish")]
    return review


def test_round_trip_keeps_every_value_exactly():
    review = filled_review()
    assert store.loads(store.dumps(review)) == review


def test_round_trip_of_text_is_identical():
    text = store.dumps(filled_review())
    assert store.dumps(store.loads(text)) == text


def test_round_trip_of_empty_and_very_long_text():
    review = Review()
    review.summary = ""
    review.appendix.logs = "\n".join(f"2024-01-15T14:{i % 60:02d}:00Z ERROR pool exhausted #{i}" for i in range(5000))
    review.root_cause.what_happened = "x" * 200_000
    assert store.loads(store.dumps(review)) == review


def test_a_value_that_does_not_parse_is_kept_as_typed(tmp_path: Path):
    path = tmp_path / "r.toml"
    store.save(path, filled_review())
    assert store.load(path).action_items[0].due == "next Friday-ish"


def test_records_are_written_as_tables_whatever_their_length():
    review = Review(timeline=[TimelineEvent(time="1", event="short"), TimelineEvent(time="2", event="long " * 50)])
    text = store.dumps(review)
    assert text.count("[[timeline]]") == 2
    assert "timeline = [" not in text


def test_one_change_is_a_small_diff():
    review = filled_review()
    review.timeline = [TimelineEvent(time=f"14:{i:02d}", event=f"event {i}") for i in range(50)]
    before = store.dumps(review).splitlines()
    review.timeline[25].event = "changed"
    after = store.dumps(review).splitlines()
    assert len(before) == len(after)
    assert sum(1 for a, b in zip(before, after) if a != b) == 1


def test_schema_version_is_written():
    assert tomllib.loads(store.dumps(Review()))["schema_version"] == SCHEMA_VERSION


def test_newer_schema_is_refused_with_a_clear_message():
    with pytest.raises(ReviewFileError, match="newer pirtui"):
        store.loads(f"schema_version = {SCHEMA_VERSION + 1}\n", "r.toml")


def test_missing_schema_version_reads_as_the_first_layout():
    assert store.loads('title = "old"\n').title == "old"


def test_malformed_toml_names_line_and_column():
    with pytest.raises(ReviewFileError) as caught:
        store.loads('title = "a"\nstatus = \n', "bad.toml")
    message = str(caught.value)
    assert message.startswith("bad.toml:") and "line 2" in message and "column" in message
    assert "\n" not in message


def test_wrong_type_names_the_field():
    with pytest.raises(ReviewFileError, match=r"r.toml: incident.id: .*string"):
        store.loads("[incident]\nid = 5\n", "r.toml")


def test_unknown_key_is_refused_rather_than_dropped():
    with pytest.raises(ReviewFileError, match="colour"):
        store.loads('colour = "blue"\n', "r.toml")


def test_save_writes_toml_and_markdown_side_by_side(tmp_path: Path):
    path = tmp_path / "inc.toml"
    md = store.save(path, filled_review())
    assert md == tmp_path / "inc.md"
    assert md.read_text(encoding="utf-8").startswith("# INC-2024-001")
    assert store.load(path) == filled_review()


def test_save_keeps_the_original_permissions(tmp_path: Path):
    path = tmp_path / "inc.toml"
    store.save(path, Review())
    os.chmod(path, 0o640)
    store.save(path, filled_review())
    assert stat.S_IMODE(path.stat().st_mode) == 0o640


def test_new_file_follows_the_umask(tmp_path: Path):
    old = os.umask(0o027)
    try:
        store.atomic_write(tmp_path / "new.toml", "x")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "new.toml").stat().st_mode) == 0o640


def test_failed_write_leaves_the_original_intact(tmp_path: Path, monkeypatch):
    path = tmp_path / "inc.toml"
    path.write_text("original", encoding="utf-8")

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(ReviewFileError, match="No space left on device"):
        store.atomic_write(path, "new text")
    assert path.read_text(encoding="utf-8") == "original"
    assert [p.name for p in tmp_path.iterdir()] == ["inc.toml"]


def test_write_into_a_missing_folder_is_one_line(tmp_path: Path):
    with pytest.raises(ReviewFileError) as caught:
        store.atomic_write(tmp_path / "nope" / "inc.toml", "x")
    assert "\n" not in str(caught.value)


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(reviews)
def test_generated_reviews_survive_save_and_load(review: Review):
    assert store.loads(store.dumps(review)) == review


@given(st.lists(st.text(), max_size=3) | st.text())
def test_fast_string_writer_matches_tomli_w(value):
    """store writes strings itself for speed; the text must be what tomli-w writes, and read back."""
    import tomli_w

    line = store._simple_line("k", value)
    crlf = "\r\n" in value if isinstance(value, str) else any("\r\n" in v for v in value)
    assert line == tomli_w.dumps({"k": value}, multiline_strings=not crlf)
    assert tomllib.loads(line)["k"] == value
