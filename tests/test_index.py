"""The review index: incremental refresh, rebuilds, bad input, search, and equality with a plain scan."""

from __future__ import annotations

import os
import sqlite3
import tempfile
import time
from datetime import date
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pirtui.team import index as index_module
from pirtui.core import store
from pirtui.team.actions import action_rows
from pirtui.team.index import INDEX_SCHEMA, Index, index_path, scan_records, search
from pirtui.team.records import plain_records, summary_of
from pirtui.core.model import ACTION_STATUSES, ActionItem, TimelineEvent, new_review
from pirtui.team.stats import team_stats
from tests.team_helpers import item, small_team_folder, team_review, write

TODAY = date(2026, 3, 1)
OLD = 1_700_000_000
"""An mtime well before any refresh (a file not touched for a while)."""


def age(path: Path, seconds: int = OLD) -> None:
    os.utime(path, (seconds, seconds))


def counting_reads(monkeypatch) -> list[Path]:
    """Record which files the index reads (it still reads them: a spy, not a stand-in)."""
    reads: list[Path] = []
    real = index_module.read_file

    def spy(path):
        reads.append(path)
        return real(path)

    monkeypatch.setattr(index_module, "read_file", spy)
    return reads


def folder_of_three(folder: Path) -> list[Path]:
    paths = [
        write(folder, f"inc-2026-00{n}.toml", team_review(f"INC-2026-00{n}", f"Review {n}", f"2026-01-0{n} 10:00"))
        for n in (1, 2, 3)
    ]
    for path in paths:
        age(path)
    return paths


def test_the_index_lives_in_the_cache_folder(tmp_path: Path):
    assert index_path() == Path(os.environ["XDG_CACHE_HOME"]) / "pirtui" / "index.sqlite3"
    folder_of_three(tmp_path)
    scan_records(tmp_path)
    assert index_path().is_file()


def test_the_index_is_private_0600_in_a_0700_folder_even_under_a_loose_umask(tmp_path: Path):
    import stat

    folder_of_three(tmp_path)
    old = os.umask(0o022)
    try:
        scan_records(tmp_path)
        index_path().unlink()  # rebuilt: still private
        scan_records(tmp_path)
    finally:
        os.umask(old)
    assert stat.S_IMODE(index_path().stat().st_mode) == 0o600
    assert stat.S_IMODE(index_path().parent.stat().st_mode) == 0o700


def test_an_older_index_readable_by_others_is_made_private(tmp_path: Path):
    import stat

    folder_of_three(tmp_path)
    scan_records(tmp_path)
    index_path().chmod(0o644)
    scan_records(tmp_path)
    assert stat.S_IMODE(index_path().stat().st_mode) == 0o600


def test_an_index_planted_as_a_link_is_not_followed(tmp_path: Path):
    folder_of_three(tmp_path)
    victim = tmp_path / "victim.txt"
    victim.write_text("precious\n")
    index_path().parent.mkdir(parents=True, exist_ok=True)
    index_path().symlink_to(victim)

    assert len(scan_records(tmp_path)) == 3  # in memory for this run
    assert victim.read_text() == "precious\n" and index_path().is_symlink()


def test_a_warm_refresh_reads_no_file(tmp_path: Path, monkeypatch):
    folder_of_three(tmp_path)
    scan_records(tmp_path)
    reads = counting_reads(monkeypatch)

    records = scan_records(tmp_path)

    assert reads == []
    assert [r.title for r in records] == ["Review 1", "Review 2", "Review 3"]


def test_only_a_changed_file_is_read_again(tmp_path: Path, monkeypatch):
    paths = folder_of_three(tmp_path)
    scan_records(tmp_path)
    reads = counting_reads(monkeypatch)
    write(tmp_path, paths[1].name, team_review("INC-2026-002", "Renamed", "2026-01-02 10:00"))
    age(paths[1], OLD + 60)

    records = scan_records(tmp_path)

    assert reads == [paths[1]]
    assert [r.title for r in records] == ["Review 1", "Renamed", "Review 3"]
    assert search(tmp_path, "Review 2") == []
    assert [(h.path, h.field) for h in search(tmp_path, "renamed")] == [(paths[1], "title")]


def test_a_file_changed_by_git_with_the_same_size_and_an_older_mtime_is_read_again(tmp_path: Path):
    paths = folder_of_three(tmp_path)
    scan_records(tmp_path)
    text = paths[0].read_text(encoding="utf-8").replace("Review 1", "Review X")
    paths[0].write_text(text, encoding="utf-8")
    age(paths[0], OLD - 3600)  # a checkout of an older commit: another mtime, same size

    assert scan_records(tmp_path)[0].title == "Review X"


def test_a_file_touched_but_unchanged_keeps_its_record(tmp_path: Path, monkeypatch):
    paths = folder_of_three(tmp_path)
    before = scan_records(tmp_path)
    age(paths[2], OLD + 500)
    reads = counting_reads(monkeypatch)
    parsed: list[Path] = []
    real_parse = index_module.record_from_text
    monkeypatch.setattr(index_module, "record_from_text", lambda path, *rest: parsed.append(path) or real_parse(path, *rest))

    after = scan_records(tmp_path)

    assert reads == [paths[2]] and parsed == []  # hashed again, not parsed: the content decides
    assert after[2].title == before[2].title and after[2].sha256 == before[2].sha256
    assert after[2].modified_ns == (OLD + 500) * 10**9


def test_a_deleted_file_is_dropped_from_the_index_and_its_search(tmp_path: Path):
    paths = folder_of_three(tmp_path)
    scan_records(tmp_path)
    assert [h.path for h in search(tmp_path, "Review 2")] == [paths[1]]
    paths[1].unlink()

    assert [r.path for r in scan_records(tmp_path)] == [paths[0], paths[2]]
    assert search(tmp_path, "Review 2") == []
    with sqlite3.connect(index_path()) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 2


def test_one_folder_named_two_ways_is_indexed_once(tmp_path: Path, monkeypatch):
    (tmp_path / "reviews").mkdir()
    folder_of_three(tmp_path / "reviews")
    scan_records(tmp_path / "reviews")
    monkeypatch.chdir(tmp_path)
    reads = counting_reads(monkeypatch)

    records = scan_records(Path("reviews"))

    assert reads == [] and [r.path for r in records][0] == Path("reviews/inc-2026-001.toml")
    assert [h.path for h in search(Path("reviews"), "Review 2")] == [Path("reviews/inc-2026-002.toml")]


def test_a_corrupt_index_is_rebuilt_silently(tmp_path: Path):
    folder_of_three(tmp_path)
    scan_records(tmp_path)
    index_path().write_bytes(b"this is not a database" * 100)

    assert [r.title for r in scan_records(tmp_path)] == ["Review 1", "Review 2", "Review 3"]
    assert search(tmp_path, "review")


def test_a_deleted_index_is_rebuilt(tmp_path: Path):
    folder_of_three(tmp_path)
    scan_records(tmp_path)
    index_path().unlink()

    assert len(scan_records(tmp_path)) == 3
    assert index_path().is_file()


def test_an_index_of_another_schema_is_rebuilt(tmp_path: Path):
    folder_of_three(tmp_path)
    scan_records(tmp_path)
    with sqlite3.connect(index_path()) as db:
        db.execute("UPDATE meta SET value = ? WHERE key = 'schema'", (str(INDEX_SCHEMA + 1),))
        db.execute("UPDATE files SET record = '{}'")  # what an older pirtui might have stored

    assert [r.title for r in scan_records(tmp_path)] == ["Review 1", "Review 2", "Review 3"]


def test_an_index_locked_by_another_pirtui_is_left_alone_and_the_files_still_read(tmp_path: Path, monkeypatch):
    folder_of_three(tmp_path)
    scan_records(tmp_path)
    monkeypatch.setattr(index_module, "LOCK_TIMEOUT", 0.05)
    other = sqlite3.connect(index_path())
    other.execute("BEGIN EXCLUSIVE")
    try:
        write(tmp_path, "inc-2026-004.toml", team_review("INC-2026-004", "Review 4"))

        assert [r.title for r in scan_records(tmp_path)] == ["Review 1", "Review 2", "Review 3", "Review 4"]
    finally:
        other.rollback()
        other.close()
    with sqlite3.connect(index_path()) as db:
        assert db.execute("SELECT count(*) FROM files").fetchone()[0] == 3  # not thrown away


def test_an_unwritable_cache_falls_back_to_memory(tmp_path: Path, monkeypatch):
    blocker = tmp_path / "cache-is-a-file"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    reviews = tmp_path / "reviews"
    reviews.mkdir()
    folder_of_three(reviews)

    assert len(scan_records(reviews)) == 3


def test_bad_files_are_listed_with_their_reason_and_the_rest_still_count(tmp_path: Path):
    write(tmp_path, "good.toml", team_review("INC-2026-001", "Good", actions=[item("1", "Fix it")]))
    (tmp_path / "broken.toml").write_text("title = 'unterminated\n", encoding="utf-8")
    (tmp_path / "mistyped.toml").write_text("title = 42\n", encoding="utf-8")
    (tmp_path / "future.toml").write_text("schema_version = 99\n", encoding="utf-8")
    (tmp_path / "latin1.toml").write_bytes("title = 'caf\xe9'\n".encode("latin-1"))
    (tmp_path / "binary.toml").write_bytes(b"\x00\x01\x02PNG")
    before = {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()}

    records = {r.path.name: r for r in scan_records(tmp_path)}

    assert records["good.toml"].problem == ""
    assert "not valid TOML" in records["broken.toml"].problem
    assert "title" in records["mistyped.toml"].problem
    assert "newer pirtui" in records["future.toml"].problem
    assert "not UTF-8" in records["latin1.toml"].problem
    assert "binary" in records["binary.toml"].problem
    assert all("\n" not in r.problem for r in records.values())
    assert len(action_rows(list(records.values()), TODAY)) == 1
    assert {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in tmp_path.iterdir()} == before


def test_the_review_list_rows_from_the_index_equal_a_plain_scan(tmp_path: Path):
    small_team_folder(tmp_path)
    from_index = sorted((summary_of(r, TODAY) for r in scan_records(tmp_path)), key=lambda s: s.path)
    plain = sorted((summary_of(r, TODAY) for r in plain_records(tmp_path)), key=lambda s: s.path)

    def without_time(summary):
        return summary.__class__(**{**summary.__dict__, "modified": None})

    assert [without_time(s) for s in from_index] == [without_time(s) for s in plain]


def test_search_finds_any_field_with_its_path_and_context(tmp_path: Path):
    review = team_review("INC-2026-001", "Pool exhausted")
    review.root_cause.what_happened = "The connection pool of the orders database ran dry at peak."
    review.timeline = [TimelineEvent(time="10:00", event="Pager fired for checkout latency")]
    write(tmp_path, "a.toml", review)
    write(tmp_path, "b.toml", team_review("INC-2026-002", "Unrelated"))
    scan_records(tmp_path)

    (hit,) = search(tmp_path, "orders datab")
    assert (hit.path.name, hit.field, hit.section) == ("a.toml", "root_cause.what_happened", "root_cause")
    assert [text for text, matched in hit.parts() if matched] == ["orders", "database"]
    (hit,) = search(tmp_path, "pager")
    assert (hit.field, hit.section) == ("timeline.0.event", "timeline")


def test_every_matching_review_is_found_and_each_gives_its_own_best_field(tmp_path: Path):
    for n in (1, 2, 3):
        review = team_review(f"INC-2026-00{n}", f"Review {n}")
        review.summary = f"The pool ran dry, time {n}."
        write(tmp_path, f"r{n}.toml", review)
    write(tmp_path, "other.toml", team_review("INC-2026-009", "Nothing here"))
    scan_records(tmp_path)

    with Index() as index:
        assert len(index.search(tmp_path, "pool", limit=1)) == 1
        assert index.matching(tmp_path, "pool") == {tmp_path / f"r{n}.toml" for n in (1, 2, 3)}
        hit = index.best_hit(tmp_path / "r2.toml", "pool")
        assert hit is not None and (hit.path, hit.field) == (tmp_path / "r2.toml", "summary")
        assert "time 2" in hit.snippet
        assert index.best_hit(tmp_path / "other.toml", "pool") is None


def test_search_words_are_text_never_query_syntax(tmp_path: Path):
    write(tmp_path, "a.toml", team_review("INC-2026-001", 'He said "NOT" OR (maybe) NEAR*'))
    scan_records(tmp_path)

    assert [h.field for h in search(tmp_path, '"NOT" OR (maybe')] == ["title"]
    assert search(tmp_path, "AND") == []


# -- the index against a plain scan ----------------------------------------------------------

OWNERS = ("Maria", "Daniel", "Sam", "")
STATUSES = (*ACTION_STATUSES, "", "done", "Someday")

action_items = st.builds(
    ActionItem,
    id=st.sampled_from(("1", "2", "3", "")),
    action=st.sampled_from(("Add alert", "Fix pool", "")),
    owner=st.sampled_from(OWNERS),
    priority=st.sampled_from(("P1", "P2", "P3", "", "urgent")),
    due=st.sampled_from(("2026-01-15", "2026-02-28", "2026-05-01", "", "next week")),
    status=st.sampled_from(STATUSES),
    ticket=st.sampled_from(("", "OPS-1")),
)


@st.composite
def plausible_reviews(draw):
    review = new_review(draw(st.sampled_from(("INC-2026-001", "INC-2026-002", ""))), "2026-01-01")
    review.title = draw(st.sampled_from(("Pool", "Login outage", "")))
    review.incident.start = draw(st.sampled_from(("2026-01-10 10:00", "2026-02-03 09:00", "2025-11-30 23:50", "", "soon")))
    review.incident.severity = draw(st.sampled_from(("SEV-1", "SEV-2", "SEV-3", "", "sev2")))
    review.incident.impacted_services = draw(st.lists(st.sampled_from(("api", "API", "web", "db")), max_size=3))
    review.root_cause.contributing_factors = draw(
        st.lists(st.sampled_from(("Pool too small", "No alert on the pool", "the and of")), max_size=2)
    )
    times = st.sampled_from(("10:00", "~10:05", "10:20", "11:40", "bad"))
    tags = st.sampled_from(("first impact", "detected", "responder engaged", "mitigated", "resolved", ""))
    review.timeline = draw(st.lists(st.builds(TimelineEvent, time=times, milestone=tags), max_size=5))
    review.detection.metrics.impact_to_detection = draw(st.sampled_from(("", "", "12 minutes", "~3 minutes", "??")))
    review.action_items = draw(st.lists(action_items, max_size=3))
    return review


operations = st.lists(
    st.tuples(
        st.sampled_from(("write", "write", "delete", "touch", "break")),
        st.sampled_from(("a.toml", "b.toml", "c.toml")),
        plausible_reviews(),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(operations, st.sampled_from(("month", "quarter")))
def test_the_index_answers_as_a_plain_scan_after_any_changes(steps, by):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "reviews"
        folder.mkdir()
        with Index(Path(tmp) / "index.sqlite3") as index:
            for n, (operation, name, review) in enumerate(steps):
                path = folder / name
                if operation == "write":
                    path.write_text(store.dumps(review), encoding="utf-8")
                elif operation == "break":
                    path.write_text("title = [", encoding="utf-8")
                elif operation == "delete":
                    path.unlink(missing_ok=True)
                if path.exists():
                    age(path, OLD + n)  # each change at its own (old) time: the mtime shortcut is taken
                from_index = index.refresh(folder)
                plain = plain_records(folder)
                assert action_rows(from_index, TODAY, "https://t/{ticket}") == action_rows(plain, TODAY, "https://t/{ticket}")
                assert team_stats(from_index, TODAY, by) == team_stats(plain, TODAY, by)
                assert [summary_of(r, TODAY) for r in from_index] == [summary_of(r, TODAY) for r in plain]


def test_a_rewrite_within_one_mtime_tick_of_the_refresh_is_still_seen(tmp_path: Path):
    """A second save in the same clock tick keeps size and mtime: the racily clean file is hashed again."""
    path = write(tmp_path, "inc-2026-001.toml", team_review("INC-2026-001", "Title AAAA", "2026-01-01 10:00"))
    stamp = path.stat().st_mtime_ns
    assert [r.title for r in scan_records(tmp_path)] == ["Title AAAA"]
    write(tmp_path, path.name, team_review("INC-2026-001", "Title BBBB", "2026-01-01 10:00"))
    os.utime(path, ns=(stamp, stamp))  # the same tick: size and mtime as the refresh saw them
    assert [r.title for r in scan_records(tmp_path)] == ["Title BBBB"]


def test_a_file_untouched_since_well_before_the_refresh_is_trusted_by_size_and_mtime(tmp_path: Path, monkeypatch):
    """The other side of the racy window: an old, unchanged stamp is not read again."""
    path = write(tmp_path, "inc-2026-001.toml", team_review("INC-2026-001", "Title AAAA", "2026-01-01 10:00"))
    stamp = time.time_ns() - index_module.RACY_NS - 10**9
    os.utime(path, ns=(stamp, stamp))
    scan_records(tmp_path)
    reads = counting_reads(monkeypatch)
    assert [r.title for r in scan_records(tmp_path)] == ["Title AAAA"]
    assert reads == []


LITE_TEMPLATE = """name = "lite"
version = 1
title = "Incident Note"

[[sections]]
key = "facts"
heading = "Facts"

[[sections.blocks]]
kind = "fields"
fields = [
    { path = "facts.ref", label = "Reference", type = "text", roles = ["incident-id"] },
    { path = "facts.began", label = "Began", type = "date-time", roles = ["incident-start"] },
]
"""


def lite_folder(tmp_path: Path) -> tuple[Path, Path]:
    """A repository whose review follows a team template: (the review, where its template goes)."""
    (tmp_path / ".git").mkdir()
    template = tmp_path / ".pirtui" / "templates" / "lite.toml"
    template.parent.mkdir(parents=True)
    review = tmp_path / "note.toml"
    review.write_text('template = "lite@1"\n\n[facts]\nref = "OPS-7"\nbegan = "2026-01-05 10:00"\n', encoding="utf-8")
    age(review)
    return review, template


def test_a_review_whose_template_comes_back_is_read_again_though_its_file_did_not_change(tmp_path: Path):
    review, template = lite_folder(tmp_path)
    (missing,) = scan_records(tmp_path)
    assert missing.problem and "lite" in missing.problem
    template.write_text(LITE_TEMPLATE, encoding="utf-8")

    (found,) = scan_records(tmp_path)

    assert (found.problem, found.id) == ("", "OPS-7")


def test_records_are_kept_while_the_templates_stay_as_they_were(tmp_path: Path, monkeypatch):
    review, template = lite_folder(tmp_path)
    template.write_text(LITE_TEMPLATE, encoding="utf-8")
    scan_records(tmp_path)
    reads = counting_reads(monkeypatch)

    (record,) = scan_records(tmp_path)

    assert reads == [] and record.id == "OPS-7"
    template.write_text(LITE_TEMPLATE.replace('"Reference"', '"Ref"'), encoding="utf-8")
    scan_records(tmp_path)
    assert reads == [review]
