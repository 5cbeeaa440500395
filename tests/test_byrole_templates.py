"""`--public`, the publish role, `timeline add` and import ask any template by role: the shipped
templates (sre-book, pagerduty) with their samples, and a team's own templates that ship with no one
(tests/fixtures/byrole_team/.pirtui/templates: `ops-review`, whose timeline, people, action IDs and
publish box have names no other template uses, and `memo`, which has no timeline)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pirtui.cli.main import main
from pirtui.core import store
from pirtui.core.config import Config
from pirtui.core.model import set_path
from pirtui.core.public import public_copy, public_markdown, published, unplaced_handles
from pirtui.core.render import render
from pirtui.core.sections import template_of
from pirtui.core.template_import import import_into
from pirtui.evidence.merge import merge, propose
from pirtui.evidence.rows import Candidate, Parsed
from pirtui.evidence.timeline_shape import NoTimeline, shape_of
from pirtui.site.entries import extras_of

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_reviews" / "other_templates"
SRE = SAMPLES / "sre-book-thumbnail-stampede.toml"
PAGERDUTY = SAMPLES / "pagerduty-webhook-delays.toml"
TEAM = ROOT / "tests" / "fixtures" / "byrole_team"


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository holding the team's templates, its two reviews and the shipped samples."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    repo = tmp_path / "repo"
    shutil.copytree(TEAM, repo)
    (repo / ".git").mkdir()
    for sample in (SRE, PAGERDUTY):
        shutil.copy(sample, repo / sample.name)
    monkeypatch.chdir(repo)
    return repo


def _public(path: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["render", "--public", "-o", "-", str(path)])
    out, err = capsys.readouterr()
    return code, out, err


# -- --public: people by the template's person fields ------------------------------------------


@pytest.mark.parametrize("sample, names, words", [
    (SRE.name, ["Oskar Lind", "Mei Tanaka"], ["| Authors |  |"]),
    (PAGERDUTY.name, ["Ana Costa", "Liam Byrne"], ["| **Incident Commander** |  |", "| **Postmortem Owner** |  |"]),
])
def test_the_public_version_of_a_shipped_sample_leaves_its_people_out(folder, capsys, sample, names, words):
    review = store.load(folder / sample)
    assert all(name in render(review) for name in names)  # they are there to leave out
    code, out, _ = _public(folder / sample, capsys)
    assert code == 0
    assert not any(name in out for name in names)
    assert all(word in out for word in words)


def test_the_team_template_s_people_become_their_field_s_label(folder, capsys):
    code, out, err = _public(folder / "ops-2025-007.toml", capsys)
    assert code == 0
    assert "On-call saw logins queue up; Scribe failed the queue over." in out
    assert "On-call: failing over the queue" in out  # a chat speaker in the timeline
    assert "Zoe" not in out and "Omar" not in out and "zoe:" not in out


def test_an_unplaced_handle_is_listed_and_a_placed_one_is_not(folder, capsys):
    review = store.load(folder / "ops-2025-007.toml")
    assert unplaced_handles(review, Config()) == ["kim"]
    _, _, err = _public(folder / "ops-2025-007.toml", capsys)
    assert "the handle 'kim'" in err and "'zoe'" not in err
    review.story = "Zoe Park saw logins queue up."
    assert unplaced_handles(review, Config()) == []


def test_a_handle_in_a_shipped_template_s_text_block_is_listed(folder):
    review = store.load(folder / PAGERDUTY.name)
    assert unplaced_handles(review, Config()) == []
    review.what_happened = "@sofia posted the status update."
    assert unplaced_handles(review, Config()) == ["sofia"]


def test_every_text_block_of_the_built_in_template_is_searched_for_handles():
    review = store.load(ROOT / "sample_reviews" / "inc-2024-042-slow-search.toml")
    before = unplaced_handles(review, Config())
    review.resolution.permanent_fix = "Agreed with @dana to cap the query."
    assert unplaced_handles(review, Config()) == [*before, "dana"]


@pytest.mark.parametrize("name", [SRE.name, PAGERDUTY.name, "ops-2025-007.toml"])
def test_an_unknown_exclude_fails_closed_for_every_template(folder, capsys, name):
    (folder / ".pirtui.toml").write_text('public_excludes = ["people", "nothing_here"]\n', encoding="utf-8")
    target = folder / "out.public.md"
    assert main(["render", "--public", "-o", str(target), str(folder / name)]) == 2
    assert "nothing_here" in capsys.readouterr().err
    assert not target.exists()


def test_an_exclude_naming_a_section_of_the_review_s_own_template_is_known(folder, capsys):
    (folder / ".pirtui.toml").write_text('public_excludes = ["people", "story"]\n', encoding="utf-8")
    code, out, _ = _public(folder / "ops-2025-007.toml", capsys)
    assert code == 0 and "## Story" not in out and "## Log" in out


def test_hidden_follow_ups_leave_no_gap_in_the_team_template_s_ids(folder):
    review = store.load(folder / "ops-2025-007.toml")
    copy = public_copy(review, Config())
    assert [(row.ref, row.task) for row in copy.follow_ups] == [("F-1", "Alert on queue age"), ("F-2", "Runbook for failover")]
    review.follow_ups[1].internal = False
    assert [row.ref for row in public_copy(review, Config()).follow_ups] == ["F-1", "F-2", "F-3"]


# -- the publish role -----------------------------------------------------------------------------


def test_publish_is_the_field_with_the_publish_role(folder):
    team = store.load(folder / "ops-2025-007.toml")
    assert published(team) and extras_of(team).publish
    team.sharing.public = False
    assert not published(team) and not extras_of(team).publish
    for sample in (SRE.name, PAGERDUTY.name):
        review = store.load(folder / sample)
        assert template_of(review).path_of("publish") == "sharing.publish"
        assert not published(review)
        review.sharing.publish = True
        assert published(review)


def test_the_built_in_template_keeps_its_publish_key(folder):
    review = store.load(ROOT / "sample_reviews" / "inc-2024-042-slow-search.toml")
    assert template_of(review).path_of("publish") is None
    assert not published(review)
    review.publish = True
    assert published(review)
    assert not published(store.load(folder / "memo-2025-008.toml"))  # no role, no key set: not published


def test_the_public_site_holds_only_the_reviews_whose_publish_box_is_ticked(folder, capsys):
    review = store.load(folder / PAGERDUTY.name)
    review.sharing.publish = True
    store.save(folder / PAGERDUTY.name, review)
    out = folder.parent / "public"
    assert main(["site", str(folder), "-o", str(out), "--public"]) == 0
    pages = sorted(path.name for path in (out / "reviews").glob("*.html"))
    assert pages == ["ops-2025-007.html", "pd-48211.html"]
    assert "Zoe Park" not in (out / "reviews" / "ops-2025-007.html").read_text(encoding="utf-8")


def test_the_internal_site_reads_a_folder_that_mixes_templates(folder, capsys):
    out = folder.parent / "site"
    assert main(["site", str(folder), "-o", str(out)]) == 0
    assert len(list((out / "reviews").glob("*.html"))) == 4
    assert extras_of(store.load(folder / "ops-2025-007.toml")).duration == "40 minutes"


# -- timeline add: into the table with the timeline role ----------------------------------------


def _chat(folder: Path) -> str:
    """A chat export in the repository (the current folder), named as a user types it."""
    (folder / "chat.txt").write_text("[09:40] lena: queue drained, all clear\n", encoding="utf-8")
    return "chat.txt"


def test_timeline_add_fills_the_team_template_s_columns_by_role(folder, capsys):
    path = folder / "ops-2025-007.toml"
    assert main(["timeline", "add", str(path), _chat(folder)]) == 0
    review = store.load(path)
    assert [(row.at, row.happened, row.tag, row.link) for row in review.log][-1] == (
        "09:40", "lena: queue drained, all clear", "resolved", "chat.txt:1")
    assert "| 09:40 | lena: queue drained, all clear | resolved | chat.txt:1 |" in path.with_suffix(".md").read_text(encoding="utf-8")
    assert main(["timeline", "add", str(path), _chat(folder)]) == 0  # the same again: a duplicate
    assert len(store.load(path).log) == 3 and "1 already there" in capsys.readouterr().err


@pytest.mark.parametrize("sample", [SRE.name, PAGERDUTY.name])
def test_timeline_add_into_a_shipped_template_keeps_the_link_in_the_event(folder, capsys, sample):
    path = folder / sample
    before = len(store.load(path).timeline)
    assert main(["timeline", "add", str(path), _chat(folder)]) == 0
    rows = store.load(path).timeline
    assert len(rows) == before + 1
    added = next(row for row in rows if "queue drained" in row.event)
    assert added.event == "lena: queue drained, all clear (chat.txt:1)"  # no evidence column: kept in the event
    assert added.time == "09:40"  # a bare time: on the incident's start date, read by role
    assert main(["timeline", "add", str(path), _chat(folder)]) == 0  # again: the link in the event is no new event
    assert len(store.load(path).timeline) == before + 1 and "1 already there" in capsys.readouterr().err
    undated = store.load(path)
    start = template_of(undated).path_of("incident-start")
    set_path(undated, start, "")
    store.save(path, undated)
    assert main(["timeline", "add", str(path), _chat(folder)]) == 0
    assert "without a time" in capsys.readouterr().err and len(store.load(path).timeline) == before + 1


@pytest.mark.parametrize("zone, written", [("Asia/Tokyo", "09:40"), ("", "00:40")])
def test_timeline_add_reads_times_in_the_zone_of_the_incident_zone_role(folder, capsys, zone, written):
    path = folder / SRE.name
    review = store.load(path)
    review.about.timezone = zone  # the sre-book template's field with the incident-zone role
    review.about.start = "2025-03-11 00:10" if not zone else review.about.start
    store.save(path, review)
    (folder / "app.log").write_text("2025-03-11T00:40:00Z cache: warmed again\n", encoding="utf-8")
    assert main(["timeline", "add", str(path), "app.log"]) == 0
    added = next(row for row in store.load(path).timeline if "warmed again" in row.event)
    assert added.time == written  # UTC 00:40 is 09:40 in Tokyo; with no zone, UTC


def test_timeline_add_to_a_template_without_a_timeline_is_one_line_and_changes_nothing(folder, capsys):
    path = folder / "memo-2025-008.toml"
    before = path.read_bytes()
    assert main(["timeline", "add", str(path), _chat(folder)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "memo@1 has no timeline table" in err[0] and "Traceback" not in err[0]
    assert path.read_bytes() == before and not path.with_suffix(".md").exists()


def _utc(text: str):
    from datetime import datetime, timezone

    return datetime.fromisoformat(text).replace(tzinfo=timezone.utc)


def test_a_suggested_milestone_goes_only_where_the_table_can_hold_it(folder):
    team = store.load(folder / "ops-2025-007.toml")
    resolved = Candidate(_utc("2025-04-02 09:45"), "all clear", milestone="resolved")
    unknown = Candidate(_utc("2025-04-02 09:46"), "engaged", milestone="responder engaged")  # not in its `tag` vocabulary
    items = propose(team, [Parsed("chat", "c.txt", [resolved, unknown])]).items
    assert [item.row.milestone for item in items] == ["resolved", ""]
    pagerduty = store.load(folder / PAGERDUTY.name)  # no milestone column at all
    (item,) = propose(pagerduty, [Parsed("chat", "c.txt", [resolved])]).items
    assert item.row.milestone == ""


def test_an_evidence_column_keeps_the_link_apart_and_its_absence_keeps_it_in_the_event(folder):
    candidate = Candidate(_utc("2025-04-02 09:45"), "all clear", evidence="https://chat/1")
    team = store.load(folder / "ops-2025-007.toml")
    rows = merge(team, team.log, propose(team, [Parsed("chat", "c.txt", [candidate])]).new())
    assert (rows[-1].happened, rows[-1].link) == ("all clear", "https://chat/1")
    sre = store.load(folder / SRE.name)
    candidate = Candidate(_utc("2025-03-11 09:45"), "all clear", evidence="https://chat/1")
    rows = merge(sre, sre.timeline, propose(sre, [Parsed("chat", "c.txt", [candidate])]).new())
    assert any(row.event == "all clear (https://chat/1)" for row in rows)


def test_the_shape_of_a_template_without_a_timeline_is_refused(folder):
    with pytest.raises(NoTimeline, match="memo@1"):
        shape_of(store.load(folder / "memo-2025-008.toml"))
    assert shape_of(store.load(folder / "ops-2025-007.toml")).keys["timeline-evidence"] == "link"


# -- import --------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", [SRE.name, PAGERDUTY.name, "ops-2025-007.toml", "memo-2025-008.toml"])
def test_each_template_s_review_imports_back_from_its_markdown(folder, name):
    review = store.load(folder / name)
    for row in getattr(review, "follow_ups", []):
        row.internal = False  # the Markdown does not carry it
    back, _ = import_into(template_of(review), render(review))
    assert store.dumps(back) == store.dumps(review)


def test_pirtui_import_picks_the_team_template_and_reads_its_publish_box(folder, capsys):
    review = store.load(folder / "ops-2025-007.toml")
    (folder / "in.md").write_text(render(review), encoding="utf-8")
    assert main(["import", str(folder / "in.md"), "-o", str(folder / "in.toml")]) == 0
    imported = store.load(folder / "in.toml")
    assert imported.template == "ops-review@1" and published(imported)
    assert [row.at for row in imported.log] == ["09:10", "09:30"]


def test_a_public_rendering_of_the_team_review_leaves_out_its_publish_box(folder):
    review = store.load(folder / "ops-2025-007.toml")
    assert "- [x] On the public site" in render(review)
    assert "On the public site" not in public_markdown(review, Config())  # the team's business, not the public's
