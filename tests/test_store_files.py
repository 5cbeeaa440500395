"""Files pirtui does not own: links, read-only files, Markdown it did not write, kept originals,
pipes and devices, a BOM, hand-written comments. The store never loses or replaces them silently."""

from __future__ import annotations

import os
import re
import socket
import stat
import threading
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pirtui.core import store
from pirtui.core.fingerprint import Fingerprint
from pirtui.core.model import Review, TimelineEvent, new_review
from pirtui.core.render import render
from pirtui.core.toml_comments import keep_comments
from tests.strategies import model_strategy


def a_review(title: str = "Pool exhaustion") -> Review:
    review = new_review("INC-2024-001", "2024-01-20")
    review.title = title
    review.timeline = [TimelineEvent(time="14:30", event="Alert fired")]
    return review


# --- Symlinks --------------------------------------------------------------------------------


def test_save_writes_through_a_link_and_keeps_the_link(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    target = tmp_path / "real" / "review.toml"
    store.save(target, a_review("first"))
    link = tmp_path / "review.toml"
    link.symlink_to(Path("real") / "review.toml")
    store.save(link, a_review("second"))
    assert link.is_symlink() and os.readlink(link) == str(Path("real") / "review.toml")
    assert store.load(target).title == "second"
    # The Markdown goes beside the link's name, as FILE.md next to FILE.toml.
    assert "second" in (tmp_path / "review.md").read_text(encoding="utf-8")


def test_markdown_that_is_a_link_is_written_through(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    store.save(tmp_path / "real" / "r.toml", a_review("first"))
    (tmp_path / "r.toml").symlink_to(tmp_path / "real" / "r.toml")
    (tmp_path / "r.md").symlink_to(tmp_path / "real" / "r.md")
    store.save(tmp_path / "r.toml", a_review("second"))
    assert (tmp_path / "r.md").is_symlink()
    assert "second" in (tmp_path / "real" / "r.md").read_text(encoding="utf-8")


def test_a_dangling_link_creates_its_target(tmp_path: Path) -> None:
    (tmp_path / "real").mkdir()
    link = tmp_path / "r.toml"
    link.symlink_to(tmp_path / "real" / "r.toml")
    store.atomic_write(link, "title = 'x'\n")
    assert link.is_symlink() and (tmp_path / "real" / "r.toml").read_text(encoding="utf-8") == "title = 'x'\n"


# --- Not a regular file ----------------------------------------------------------------------


def fifo(tmp_path: Path, name: str = "p.toml") -> Path:
    path = tmp_path / name
    os.mkfifo(path)
    return path


def outcome_without_blocking(path: Path, call) -> object:
    """What `call()` returned or raised; fails the test instead of hanging if it blocks on the FIFO."""
    outcome: list[object] = []

    def run() -> None:
        try:
            outcome.append(call())
        except BaseException as error:  # noqa: BLE001 - handed to the test's thread
            outcome.append(error)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(timeout=10)
    if worker.is_alive():  # blocked in open(): open the other end to free it, then fail
        with open(path, "w"):
            pass
        worker.join()
        pytest.fail(f"blocked on the FIFO {path}")
    return outcome[0]


def test_reading_a_fifo_is_refused_at_once(tmp_path: Path) -> None:
    path = fifo(tmp_path)
    outcome = outcome_without_blocking(path, lambda: store.read_text(path))
    assert isinstance(outcome, store.ReviewFileError)
    assert str(outcome) == f"{path}: not a regular file (a FIFO); not a review"


def test_a_device_and_a_socket_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with pytest.raises(store.ReviewFileError, match="not a regular file .a device"):
        store.read_text(Path("/dev/null"))
    monkeypatch.chdir(tmp_path)  # a socket's path is limited to 107 bytes: bind a short relative one
    path = Path("s.toml")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(path))
    try:
        with pytest.raises(store.ReviewFileError, match="not a regular file .a socket"):
            store.load(path)
    finally:
        server.close()


def test_fingerprint_of_a_fifo_does_not_block(tmp_path: Path) -> None:
    path = fifo(tmp_path)
    assert isinstance(outcome_without_blocking(path, lambda: Fingerprint.of(path)), OSError)


def test_writing_over_a_fifo_is_refused_and_leaves_it(tmp_path: Path) -> None:
    path = fifo(tmp_path, "p.md")
    with pytest.raises(store.ReviewFileError, match="not a regular file"):
        store.atomic_write(path, "text")
    assert stat.S_ISFIFO(path.lstat().st_mode)


# --- A UTF-8 BOM -----------------------------------------------------------------------------


def test_a_bom_is_accepted_and_kept_by_a_save(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    path.write_bytes(b"\xef\xbb\xbf" + store.dumps(a_review("first")).encode("utf-8"))
    assert store.load(path).title == "first"
    store.save(path, a_review("second"))
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.count(b"\xef\xbb\xbf") == 1
    assert store.load(path).title == "second"


def test_a_file_without_a_bom_gets_none(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    store.save(path, a_review())
    store.save(path, a_review("again"))
    assert not path.read_bytes().startswith(b"\xef\xbb\xbf")


# --- Read-only files -------------------------------------------------------------------------


def test_a_read_only_review_is_not_replaced_without_being_asked(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    store.save(path, a_review("first"))
    path.chmod(0o444)
    assert store.is_read_only(path)
    with pytest.raises(store.ReadOnlyFile) as refused:
        store.save(path, a_review("second"))
    assert refused.value.path == path
    assert str(refused.value) == f"{path}: read-only (its permissions forbid writing); not replaced"
    assert store.load(path).title == "first"
    store.save(path, a_review("second"), overwrite_read_only=True)
    assert store.load(path).title == "second"
    assert stat.S_IMODE(path.stat().st_mode) == 0o444


def test_a_writable_or_missing_file_is_not_read_only(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    assert not store.is_read_only(path)
    store.save(path, a_review())
    assert not store.is_read_only(path)


def test_a_read_only_markdown_is_a_partial_save(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    store.save(path, a_review("first"))
    md = tmp_path / "r.md"
    md.chmod(0o444)
    before = md.read_text(encoding="utf-8")
    with pytest.raises(store.PartialSave) as partial:
        store.save(path, a_review("second"))
    assert store.load(path).title == "second"
    assert md.read_text(encoding="utf-8") == before
    assert partial.value.written == path and partial.value.not_written == md
    assert isinstance(partial.value.cause, store.ReadOnlyFile)


# --- Markdown pirtui did not write -----------------------------------------------------------


def test_markdown_written_by_a_save_is_ours(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    store.save(path, a_review())
    assert store.markdown_is_ours(tmp_path / "r.md", path)


def test_a_missing_markdown_is_ours_to_write(tmp_path: Path) -> None:
    assert store.markdown_is_ours(tmp_path / "r.md", tmp_path / "r.toml")


def test_markdown_edited_by_hand_is_not_ours(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    store.save(path, a_review())
    md = tmp_path / "r.md"
    md.write_text(md.read_text(encoding="utf-8").replace("Pool", "Pond"), encoding="utf-8")
    assert not store.markdown_is_ours(md, path)


def test_markdown_of_another_review_is_not_ours(tmp_path: Path) -> None:
    store.save(tmp_path / "b.toml", a_review("b"))
    store.save(tmp_path / "a.toml", a_review("a"))
    assert not store.markdown_is_ours(tmp_path / "b.md", tmp_path / "a.toml")


def test_a_plain_rendering_of_the_review_on_disk_is_ours(tmp_path: Path) -> None:
    """Markdown written before the marker existed (the samples, `render -o -`) is still recognised."""
    path = tmp_path / "r.toml"
    store.save(path, a_review())
    (tmp_path / "r.md").write_text(render(store.load(path)), encoding="utf-8")
    assert store.markdown_is_ours(tmp_path / "r.md", path)


def test_the_marker_survives_line_ending_conversion(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    store.save(path, a_review())
    md = tmp_path / "r.md"
    md.write_bytes(md.read_bytes().replace(b"\n", b"\r\n"))
    assert store.markdown_is_ours(md, path)


def test_the_marker_is_invisible_to_the_importer(tmp_path: Path) -> None:
    from pirtui.core.importer import import_markdown

    path = tmp_path / "r.toml"
    review = a_review()
    store.save(path, review)
    result = import_markdown((tmp_path / "r.md").read_text(encoding="utf-8"))
    assert result.review.import_notes == [] and result.warnings == []
    assert result.review.title == review.title


def test_a_save_keeps_the_toml_and_reports_markdown_edited_by_hand(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    store.save(path, a_review("first"))
    md = tmp_path / "r.md"
    md.write_text("# My own notes\n", encoding="utf-8")
    with pytest.raises(store.PartialSave) as partial:
        store.save(path, a_review("second"))
    assert store.load(path).title == "second"  # the draft is never refused
    assert md.read_text(encoding="utf-8") == "# My own notes\n"
    assert partial.value.written == path and partial.value.not_written == md
    assert isinstance(partial.value.cause, store.NotOurMarkdown)
    assert str(partial.value).startswith(f"{path} saved; {md} not written: ")
    store.save(path, a_review("third"), force=True)
    assert "third" in md.read_text(encoding="utf-8")


def test_a_markdown_that_fails_to_write_is_a_partial_save(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    (tmp_path / "r.md").symlink_to(tmp_path / "gone" / "r.md")  # into a folder that is not there
    with pytest.raises(store.PartialSave) as partial:
        store.save(path, a_review("new"))
    assert store.load(path).title == "new"
    assert partial.value.not_written == tmp_path / "r.md"
    assert partial.value.reason == "cannot save: No such file or directory"


# --- Kept originals of an import -------------------------------------------------------------


def test_keep_original_never_replaces_a_kept_original(tmp_path: Path) -> None:
    md = tmp_path / "s3.md"
    md.write_text("first", encoding="utf-8")
    assert store.keep_original(md) == tmp_path / "s3.orig.md"
    md.write_text("second", encoding="utf-8")
    assert store.keep_original(md) == tmp_path / "s3.orig-2.md"
    md.write_text("third", encoding="utf-8")
    assert store.keep_original(md) == tmp_path / "s3.orig-3.md"
    texts = [(tmp_path / name).read_text(encoding="utf-8") for name in ("s3.orig.md", "s3.orig-2.md", "s3.orig-3.md")]
    assert texts == ["first", "second", "third"]
    assert not md.exists()  # moved: the rendered Markdown takes its place


# --- Hand-written comments -------------------------------------------------------------------

COMMENTED = """\
#:schema ./pirtui-review.schema.json
# Review of the pool outage; ask Maria before changing the severity.
schema_version = 1
title = "first"  # agreed in the meeting

[incident]
# The ID comes from the incident tracker.
id = "INC-2024-001"
"""


def commented_file(tmp_path: Path) -> Path:
    """A review in pirtui's own layout, with comments added by hand in an editor."""
    plain = store.dumps(a_review("first"))
    text = "#:schema ./pirtui-review.schema.json\n# Review of the pool outage.\n" + plain
    text = text.replace('title = "first"\n', 'title = "first"  # agreed in the meeting\n', 1)
    text = text.replace('[incident]\nid = ', '[incident]\n# The ID comes from the tracker.\nid = ', 1)
    path = tmp_path / "r.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_hand_written_comments_are_found_with_their_lines(tmp_path: Path) -> None:
    comments = store.hand_written_comments(COMMENTED)
    assert comments == [
        (2, "# Review of the pool outage; ask Maria before changing the severity."),
        (4, "# agreed in the meeting"),
        (7, "# The ID comes from the incident tracker."),
    ]


def test_a_hash_inside_a_string_is_no_comment() -> None:
    text = 'title = "see #incident-42"\nsummary = """\n# not a comment\n"""\nowner = \'#ops\'\n'
    assert store.hand_written_comments(text) == []


def test_comments_survive_a_save_beside_their_keys(tmp_path: Path) -> None:
    path = commented_file(tmp_path)
    review = store.load(path)
    review.title = "second"
    review.incident.id = "INC-2024-002"
    store.save(path, review)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("#:schema ./pirtui-review.schema.json\n# Review of the pool outage.\nschema_version")
    assert 'title = "second"  # agreed in the meeting\n' in text
    assert '[incident]\n# The ID comes from the tracker.\nid = "INC-2024-002"\n' in text
    assert store.dumps(store.load(path)) == store.dumps(review)


def test_a_comment_whose_key_is_gone_moves_to_the_end(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    review = a_review()
    store.save(path, review)
    text = path.read_text(encoding="utf-8")
    text = text.replace("[[timeline]]\n", "# first row: from the pager\n[[timeline]]\n", 1)
    path.write_text(text, encoding="utf-8")
    review.timeline = []
    store.save(path, review)
    saved = path.read_text(encoding="utf-8")
    assert saved.rstrip("\n").endswith("# first row: from the pager")
    assert store.dumps(store.load(path)) == store.dumps(review)


def test_the_schema_directive_is_not_a_hand_written_comment() -> None:
    assert store.hand_written_comments("#:schema https://example.com/s.json\ntitle = 'x'\n") == []


STATEMENT = re.compile(r"^(\[|[a-z_]+ = )")
"""A line of pirtui's own layout where a key or a table header may start."""

TRICKY_TEXT = st.text(alphabet='#"\'\\\n abc=[]', max_size=20)
"""Strings full of what a comment scanner could mistake: hashes, quotes, backslashes, newlines."""


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(model_strategy(Review, TRICKY_TEXT), model_strategy(Review, TRICKY_TEXT), st.data())
def test_comments_are_kept_whatever_the_strings_hold(old: Review, new: Review, data: st.DataObject) -> None:
    """Comments before statement lines of one review's file all come back in the next save's text,
    and the text reads as exactly the new review."""
    old_text = store.dumps(old)
    layout_lines = old_text.split("\n")
    statements = [index for index, line in enumerate(layout_lines) if STATEMENT.match(line)]
    drawn = data.draw(st.lists(st.sampled_from(statements), unique=True, max_size=4)) if statements else []
    # A line of a multi-line string may look like a statement: a "comment" there would be text.
    chosen = [i for i in drawn if store.loads("\n".join(layout_lines[:i] + ["# x"] + layout_lines[i:])) == old]
    for number, index in enumerate(sorted(chosen, reverse=True)):
        layout_lines.insert(index, f"# note {number}")
    merged = keep_comments("\n".join(layout_lines), store.dumps(new))
    assert store.loads(merged) == store.loads(store.dumps(new))
    for number in range(len(chosen)):
        assert f"# note {number}" in merged
    assert [text for _line, text in store.hand_written_comments(merged)] == sorted(
        (f"# note {n}" for n in range(len(chosen))), key=merged.index
    )


def test_the_changed_on_disk_check_reads_through_a_link(tmp_path: Path) -> None:
    from pirtui.core.fingerprint import changed_on_disk

    target = tmp_path / "real.toml"
    store.save(target, a_review("first"))
    link = tmp_path / "link.toml"
    link.symlink_to(target)
    seen = Fingerprint.of(link)
    assert seen == Fingerprint.of(target)
    store.save(target, a_review("changed by the other name"))
    assert changed_on_disk(link, seen)


def test_a_comment_after_a_multi_line_value_stays_after_it(tmp_path: Path) -> None:
    path = tmp_path / "r.toml"
    review = a_review()
    review.summary = "line one\n# not a comment\nline three"
    store.save(path, review)
    text = path.read_text(encoding="utf-8")
    assert '# not a comment\nline three"""\n' in text
    path.write_text(text.replace('line three"""\n', 'line three"""  # checked with Maria\n'), encoding="utf-8")
    assert store.hand_written_comments(path.read_text(encoding="utf-8"))[0][1] == "# checked with Maria"
    review.summary += "\nline four"
    store.save(path, review)
    assert 'line four"""  # checked with Maria\n' in path.read_text(encoding="utf-8")
    assert store.load(path).summary == review.summary
