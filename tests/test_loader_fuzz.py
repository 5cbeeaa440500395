"""Bad input files: the loader raises nothing but ReviewFileError, in one line naming the file,
and merely opening a file never modifies it."""

from __future__ import annotations

import os
import tomllib
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pirtui.core import store
from pirtui.core.model import SCHEMA_VERSION, ActionItem, Approval, Review, TimelineEvent, Why, new_review
from pirtui.core.store import ReviewFileError

SOURCE = "/reviews/INC-fuzz.toml"


def real_review() -> Review:
    """A review filled the way people fill them: multi-line text, lists, tables, odd characters."""
    review = new_review("INC-2026-042", "2026-11-20")
    review.title = "Checkout 502s after pool change — «ü» 接続"
    review.summary = 'Line one.\nLine "two" with \\backslash, a tab\tand an escape \x1b[31m.'
    review.incident.start = "2026-11-19 14:02"
    review.incident.impacted_services = ["checkout", "payments"]
    review.timeline = [
        TimelineEvent(time="14:02", event="deploy 4711", milestone="first impact"),
        TimelineEvent(time="~14:09", event="pager fired", milestone="detected", evidence="https://x/1"),
    ]
    review.root_cause.whys = [Why(question="Why 502?", answer="pool exhausted")]
    review.action_items = [
        ActionItem(id="1", action="alert on pool", owner="Ana", priority="P1", due="next Friday-ish")
    ]
    review.approvals.append(Approval(role="Director", name="Bo"))
    review.appendix.logs = "ERROR pool timeout\nERROR pool timeout\n"
    return review


REAL_TEXT = store.dumps(real_review())
REAL_BYTES = REAL_TEXT.encode("utf-8")


def assert_clean_refusal(error: ReviewFileError, source: str) -> None:
    message = str(error)
    assert message.startswith(f"{source}: ")
    assert "\n" not in message and "\r" not in message
    assert "Traceback" not in message


def load_text_or_refuse(text: str) -> None:
    try:
        review = store.loads(text, SOURCE)
    except ReviewFileError as error:
        assert_clean_refusal(error, SOURCE)
    else:
        assert isinstance(review, Review)


def load_bytes_or_refuse(folder: Path, raw: bytes) -> None:
    path = folder / "INC-fuzz.toml"
    path.write_bytes(raw)
    try:
        review = store.load(path)
    except ReviewFileError as error:
        assert_clean_refusal(error, str(path))
    else:
        assert isinstance(review, Review)
    assert path.read_bytes() == raw


@st.composite
def mutated_text(draw: st.DrawFn) -> str:
    """The real review's TOML with a few edits a hand, a bad merge or a bad disk could make."""
    text = REAL_TEXT
    for _ in range(draw(st.integers(1, 4))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, min(len(text), start + 40)))
        action = draw(st.sampled_from(["delete", "insert", "replace", "duplicate"]))
        if action == "delete":
            text = text[:start] + text[end:]
        elif action == "duplicate":
            text = text[:end] + text[start:end] + text[end:]
        else:
            toml_ish = st.text(alphabet=st.sampled_from('[]{}="\'#.,\n\\\x00\x1b 1aZ-:é'), max_size=8)
            piece = draw(toml_ish | st.text(max_size=8))
            text = text[:start] + piece + (text[end:] if action == "replace" else text[start:])
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn) -> bytes:
    """The real review's bytes with some bytes flipped, dropped or cut off."""
    raw = bytearray(REAL_BYTES)
    for _ in range(draw(st.integers(1, 6))):
        position = draw(st.integers(0, len(raw) - 1))
        choice = draw(st.sampled_from(["flip", "drop", "truncate"]))
        if choice == "flip":
            raw[position] ^= draw(st.integers(1, 255))
        elif choice == "drop":
            del raw[position]
        else:
            del raw[position:]
        if not raw:
            break
    return bytes(raw)


FUZZ = settings(
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@FUZZ
@given(st.text())
def test_random_text_raises_only_review_file_error(text: str) -> None:
    load_text_or_refuse(text)


@FUZZ
@given(mutated_text())
def test_mutated_real_review_text_raises_only_review_file_error(text: str) -> None:
    load_text_or_refuse(text)


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_review_file_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        load_bytes_or_refuse(Path(folder), raw)


@FUZZ
@given(mutated_bytes())
def test_mutated_real_review_bytes_raise_only_review_file_error(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        load_bytes_or_refuse(Path(folder), raw)


ANY_VALUE = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=12,
)


@FUZZ
@given(ANY_VALUE)
def test_wrong_types_anywhere_raise_only_review_file_error(value: object) -> None:
    for key in ("title", "incident", "timeline", "schema_version", "action_items", "lessons"):
        data = tomllib.loads(REAL_TEXT)
        data[key] = value
        try:
            store.from_data(data, SOURCE)
        except ReviewFileError as error:
            assert_clean_refusal(error, SOURCE)


# Each kind of bad input, by name.


def refusal_for(path: Path) -> str:
    with pytest.raises(ReviewFileError) as caught:
        store.load(path)
    assert_clean_refusal(caught.value, str(path))
    return str(caught.value)


def test_the_real_review_itself_loads() -> None:
    assert store.loads(REAL_TEXT, SOURCE) == real_review()


def test_missing_file(tmp_path: Path) -> None:
    assert refusal_for(tmp_path / "nope.toml").endswith("no such file")


def test_folder_instead_of_file(tmp_path: Path) -> None:
    (tmp_path / "dir.toml").mkdir()
    assert "folder" in refusal_for(tmp_path / "dir.toml")


def test_malformed_toml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('title = "ok"\nsummary = "unterminated\n', encoding="utf-8")
    message = refusal_for(path)
    assert "not valid TOML" in message and "line 2" in message and "column" in message


def test_wrong_type_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("[incident]\nseverity = 1\n", encoding="utf-8")
    assert "incident.severity" in refusal_for(path)


def test_unknown_key_is_refused_by_name(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('titel = "typo"\n', encoding="utf-8")
    assert "titel" in refusal_for(path)


def test_unknown_key_with_control_characters_stays_one_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('"two\\nlines\\u001b[2J" = 1\n', encoding="utf-8")
    message = refusal_for(path)
    assert "\x1b" not in message and "two\\nlines" in message


def test_newer_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f"schema_version = {SCHEMA_VERSION + 1}\n", encoding="utf-8")
    assert "newer pirtui" in refusal_for(path)


def test_unknown_older_schema_version(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text("schema_version = 0\n", encoding="utf-8")
    assert "unknown schema_version 0" in refusal_for(path)


def test_schema_version_of_the_wrong_type_is_shown_short(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f'schema_version = "{"9" * 5000}"\n', encoding="utf-8")
    message = refusal_for(path)
    assert "whole number" in message and len(message) < len(str(path)) + 120


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert "binary" in refusal_for(path)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_bytes('title = "Störung"\n'.encode("latin-1"))
    assert "not UTF-8" in refusal_for(path)


def test_huge_file(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as handle:
        handle.truncate(store.MAX_FILE_BYTES + 1)  # sparse: costs no disk
    assert "larger than" in refusal_for(path)


def test_deeply_nested_arrays(tmp_path: Path) -> None:
    path = tmp_path / "deep.toml"
    path.write_text("title = " + "[" * 50_000 + "]" * 50_000 + "\n", encoding="utf-8")
    assert "nested too deeply" in refusal_for(path)


def test_number_too_long_to_read(tmp_path: Path) -> None:
    path = tmp_path / "long.toml"
    path.write_text("schema_version = " + "1" * 5000 + "\n", encoding="utf-8")
    assert "number too long" in refusal_for(path)


@pytest.mark.parametrize(
    "raw",
    [
        REAL_BYTES,
        b'title = "ok"\nsummary = "unterminated\n',
        b"\x00\x01binary",
        'title = "Störung"'.encode("latin-1"),
        f"schema_version = {SCHEMA_VERSION + 1}\n".encode(),
    ],
    ids=["good", "malformed", "binary", "latin-1", "newer"],
)
def test_loading_never_modifies_the_file(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "INC-1.toml"
    path.write_bytes(raw)
    past = 1_600_000_000_000_000_000
    os.utime(path, ns=(past, past))
    before = path.stat()
    try:
        store.load(path)
    except ReviewFileError:
        pass
    after = path.stat()
    assert path.read_bytes() == raw
    assert after.st_mtime_ns == before.st_mtime_ns == past
    assert after.st_mode == before.st_mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["INC-1.toml"]
